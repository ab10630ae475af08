/**
 * A stand-in of DingTalk's `dd`. The reference (miniprogram-platforms.md) documents DingTalk only
 * in part; where it is silent the stand-in takes the cautious reading:
 * - §1.2 storage: Alipay's object shapes (`getStorageSync({ key })` → `{ data }`,
 *   `setStorageSync({ key, data })` returns `{ success: false, error: 12 | 14 }`), 10 MB per app;
 *   the per-key cap is not documented, Alipay's 200 KB is assumed. A missing key answers
 *   `{ error: 11, errorMessage: '查无此key' }` by default (`missingKey: 'throw'`: the call
 *   throws), as reported for DingTalk. One store per app, not per organisation (`corpId`).
 * - §2.1 network: `getNetworkType` → `{ networkAvailable, networkType }` with Alipay's spellings;
 *   `onNetworkStatusChange` → `{ isConnected, networkType }`.
 * - §2.1/§2.2 the `off…` functions are not documented for DingTalk, so this stand-in has none:
 *   a listener once added stays.
 * - §2.4/§3 requests: `dd.httpRequest` (no `dd.request`), `headers`, default content type
 *   `application/x-www-form-urlencoded`; the mpserverless SDK hands `data` as a JSON string;
 *   answers `{ data, status, headers }`; failures `{ error, errorMessage }`: 12 offline, 13 timeout,
 *   14 not JSON, `{ error: 19, errorMessage: 'http status error' }` for an HTTP error status
 *   (with `httpErrorBody`, also the answer's `status`, `data` and `headers`).
 * - §3 auth: `dd.getAuthCode` answers `{ authCode }`.
 */
import type { DingTalkApi } from '../../../src/platform/dingtalk';
import { alipayFamily, answerAlipayStyle, type AlipayStandInOptions } from './alipay';
import { stringHeaders, type MiniProgramControls, type StandInHttp } from './common';

/** A `dd` stand-in and the controls a test drives it with. */
export interface DingTalkStandIn extends MiniProgramControls {
  readonly dd: DingTalkApi & { httpRequest(options: Record<string, unknown>): unknown; getAuthCode(options: Record<string, unknown>): void };
  readonly http: StandInHttp;
  /** The `data` option of every `httpRequest` call, as given. */
  readonly dataSeen: unknown[];
}

/**
 * A new `dd` stand-in.
 *
 * @example
 * const world = dingtalkStandIn({ network: 'WIFI' });
 * const platform = dingtalk(world.dd, { corpId: 'ding-corp-1' });
 */
export function dingtalkStandIn(options: Omit<AlipayStandInOptions, 'canRemoveListeners' | 'httpErrorsAsAnswers'> = {}): DingTalkStandIn {
  const family = alipayFamily({ missingKey: 'error', ...options, canRemoveListeners: false });
  const dataSeen: unknown[] = [];
  const dd = {
    ...family.api,
    httpRequest: (o: Record<string, unknown>) => {
      dataSeen.push(o.data);
      const headers = stringHeaders(o.headers);
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/x-www-form-urlencoded';
      const body = typeof o.data === 'string' ? o.data : o.data === undefined ? undefined : new URLSearchParams(stringHeaders(o.data)).toString();
      family.send(o, headers, body, (outcome) => answerAlipayStyle(o, outcome, { fail: true, withBody: options.httpErrorBody === true }));
      return { abort: () => undefined };
    },
  };
  return { ...family.controls, dd, http: family.http, dataSeen };
}
