/**
 * Type checks against WeChat's official typings (miniprogram-api-typings): the platform adapter
 * takes the typed `wx` as it is, and the `wx` stand-in's payloads have the documented types.
 * Compiled by `npm run typecheck` (test/typings/wechat/tsconfig.json); nothing here runs.
 */
import { sdkRuntime } from '../../../src/platform/sdk-runtime';
import { wechat, wechatKvPort } from '../../../src/platform/wechat';
import { miniProgramFileKeeper } from '../../../src/platform/mini-program-file-keeper';
import { WECHAT_APP_SHOW, WECHAT_INTERRUPTED, WECHAT_NETWORK_CHANGE, WECHAT_OFFLINE, WECHAT_TIMEOUT } from '../../platform/standins/wechat';

/** No cast: `wx` as the typings declare it. */
export const platform = wechat(wx);
export const port = wechatKvPort(wx);
export const forSdk: WechatMiniprogram.Wx = sdkRuntime(wx);

/** What `wx.request` fails with (`errno` since base library 2.24.0, so optional here). */
type RequestFail = Pick<WechatMiniprogram.RequestFailCallbackErr, 'errMsg'> & Partial<WechatMiniprogram.RequestFailCallbackErr>;
export const requestFailures: readonly RequestFail[] = [WECHAT_OFFLINE, WECHAT_TIMEOUT, WECHAT_NETWORK_CHANGE, WECHAT_INTERRUPTED];

/** What `wx.onAppShow` listeners hear: a numeric scene. */
export const appShow: Pick<WechatMiniprogram.LaunchOptionsApp, 'path' | 'query' | 'scene'> = WECHAT_APP_SHOW;

/** Offline uploads keep files with the typed file system manager, no cast. */
export const keeper = miniProgramFileKeeper(wx.getFileSystemManager());
