/// <reference types="@mini-types/my" />
import { alipay } from '../../src/platform/alipay';

export const platform = alipay(my);
