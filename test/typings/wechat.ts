/// <reference types="miniprogram-api-typings" />
import { wechat } from '../../src/platform/wechat';

export const platform = wechat(wx);
