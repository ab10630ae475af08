/**
 * Type checks against Alipay's official typings (@mini-types/my): the Alipay and DingTalk adapters
 * take the typed `my` as it is (DingTalk's `dd` has no official typings and documents Alipay's
 * shapes, so `my`'s types stand for it), and the stand-ins' payloads have the documented types.
 * Compiled by `npm run typecheck` (test/typings/alipay/tsconfig.json); nothing here runs.
 */
import { alipay, alipayKvPort } from '../../../src/platform/alipay';
import { dingtalk } from '../../../src/platform/dingtalk';
import { miniProgramFileKeeper } from '../../../src/platform/mini-program-file-keeper';
import { sdkRuntime } from '../../../src/platform/sdk-runtime';
import {
  ALIPAY_APP_SHOW,
  ALIPAY_HTTP_STATUS_ERROR,
  ALIPAY_NOT_JSON,
  ALIPAY_OFFLINE,
  ALIPAY_STORE_FULL,
  ALIPAY_TIMEOUT,
  ALIPAY_VALUE_TOO_LONG,
} from '../../platform/standins/alipay';

/** No cast: `my` as the typings declare it. */
export const platform = alipay(my);
export const port = alipayKvPort(my);
export const onDingTalk = dingtalk(my, { corpId: 'ding-corp' });
export const forSdk: typeof my = sdkRuntime(my);

type RequestOptions = Parameters<typeof my.request>[0];
/** What `my.request` fails with, the typings' union: error 19 "http status error", 14 "JSON parse data error", or another error. */
type RequestFail = Parameters<NonNullable<RequestOptions['fail']>>[0];
export const requestFailures: readonly RequestFail[] = [ALIPAY_HTTP_STATUS_ERROR, ALIPAY_NOT_JSON, ALIPAY_OFFLINE, ALIPAY_TIMEOUT];

/** What a refused `my.setStorageSync` returns: `success` is part of the answer. */
export const refusedWrites: ReadonlyArray<ReturnType<typeof my.setStorageSync>> = [ALIPAY_STORE_FULL, ALIPAY_VALUE_TOO_LONG];

/** What `my.onAppShow` listeners hear: a numeric scene. */
export const appShow: Parameters<Parameters<typeof my.onAppShow>[0]>[0] = ALIPAY_APP_SHOW;

/** Offline uploads keep files with the typed file system manager, no cast. */
export const keeper = miniProgramFileKeeper(my.getFileSystemManager());
