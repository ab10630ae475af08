import { MpsyncError, type ErrorCode } from '../core/errors';
import type { KvPort } from '../store/kv/kv-port';
import { errorFacts } from './error-facts';
import { miniProgramPlatform, quotaOption, type MiniProgramEventApi, type MiniProgramOptions, type MiniProgramPlatform } from './mini-program';

/** The storage calls of `my` (and `dd`) that mpsync uses: one options object in, a result out. */
export interface AlipayStorageApi {
  /** Returns `{ data }`. */
  getStorageSync(option: { key: string }): unknown;
  /**
   * Returns `{ error: 12 | 14, errorMessage }` instead of throwing when the store is full or the
   * value too long; Android adds `success: false`, iOS and the IDE omit `success`.
   */
  setStorageSync(option: { key: string; data: string }): unknown;
  removeStorageSync(option: { key: string }): unknown;
  /** Sizes in KB. */
  getStorageInfoSync(): { readonly keys: readonly string[] };
}

/** What {@link alipay} needs of `my`. */
export interface AlipayApi extends AlipayStorageApi, MiniProgramEventApi {}

declare const my: AlipayApi | undefined;

/**
 * Largest entry mpsync writes: Alipay allows 200 KB per key (serialised length); 180 KB leaves
 * 10 % for whatever the runtime counts beyond mpsync's measure (UTF-8 JSON of key and value).
 */
export const ALIPAY_MAX_VALUE_BYTES = 180 * 1024;

/** `setStorageSync` errors that mean "no room": 12 the store is full, 14 the value is too long. */
const QUOTA_ERRORS = new Set([12, 14]);

/**
 * The Alipay platform: records in `my` storage (chunked under 180 KB per entry, 8 MB by default
 * of the 10 MB store), network from `my.getNetworkType`/`my.onNetworkStatusChange`, app events
 * from `my.onAppShow`/`my.onAppHide` (base library 1.20.0+; real-device preview only, not the IDE
 * simulator).
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` when `api` is absent and there is no global `my`
 * @example
 * const mpServerless = new MPServerless(my, { appId, spaceId, clientSecret, endpoint });
 * const client = await createSyncClient({ mpServerless, platform: alipay(), collections: { todos: {} } });
 */
export function alipay(api?: AlipayApi, options: MiniProgramOptions = {}): MiniProgramPlatform {
  const myApi = api ?? globalMy();
  return miniProgramPlatform({
    name: 'alipay',
    api: myApi,
    port: alipayKvPort(myApi, 'my'),
    maxValueBytes: ALIPAY_MAX_VALUE_BYTES,
    quotaBytes: quotaOption(options),
    classifyError: classifyAlipayError,
  });
}

/**
 * A {@link KvPort} over `my`/`dd` storage: `getStorageSync({ key })` answers `{ data }`, and
 * `setStorageSync({ key, data })` *returns* its failure: `{ error: 12 | 14 }` becomes a thrown
 * `QUOTA_EXCEEDED`, any other error number (or `success: false`) a thrown `STORAGE_FAILED`.
 *
 * @example
 * const storage = kvStorage(alipayKvPort(my), { maxValueBytes: ALIPAY_MAX_VALUE_BYTES, quotaBytes: 8 * 1024 * 1024 });
 */
export function alipayKvPort(api: AlipayStorageApi, label = 'my'): KvPort {
  const check = (call: string, result: unknown): void => {
    if (typeof result !== 'object' || result === null) return;
    const { error, errorMessage, success } = result as { error?: unknown; errorMessage?: unknown; success?: unknown };
    const code = typeof error === 'number' || typeof error === 'string' ? Number(error) : undefined;
    if (code === undefined && success !== false) return;
    const text = `${label}.${call} failed${code === undefined ? '' : ` with error ${code}`}${typeof errorMessage === 'string' ? `: ${errorMessage}` : ''}`;
    throw new MpsyncError(code !== undefined && QUOTA_ERRORS.has(code) ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', text, { cause: result });
  };
  return {
    get(key) {
      const result = api.getStorageSync({ key });
      const data = typeof result === 'object' && result !== null ? (result as { data?: unknown }).data : undefined;
      // mpsync never stores an empty string; a missing key answers null, undefined or ''.
      return typeof data === 'string' && data !== '' ? data : undefined;
    },
    set(key, value) {
      check('setStorageSync', api.setStorageSync({ key, data: value }));
    },
    remove(key) {
      check('removeStorageSync', api.removeStorageSync({ key }));
    },
    keys: () => [...api.getStorageInfoSync().keys],
  };
}

/**
 * What a failed SDK call means on Alipay and DingTalk. The SDK turns a request's numeric
 * `error` 11/12/13/14/19/20 into an `InterfaceRequestError` whose message holds "错误码 N"; other
 * numbers it does not report as failures at all.
 *
 * | `error` | Meaning | Code |
 * |---|---|---|
 * | 12 | network error | `OFFLINE` |
 * | 13 | timeout | `TIMEOUT` |
 * | 11 | domain not whitelisted / no permission | `REJECTED` |
 * | 14 | answer is not JSON (a proxy or captive portal page) | `UNAVAILABLE` |
 * | 19 | HTTP error status or SSL failure | `UNAVAILABLE` |
 * | 20 | request stopped / server rate-limited | `UNAVAILABLE` |
 * | anything else | | `undefined` (the generic rules) |
 *
 * @example
 * classifyAlipayError(Object.assign(new Error('接口请求错误: 错误码 13, 请参考对应开放平台文档排查问题'), { code: 'InterfaceRequestError' })); // 'TIMEOUT'
 */
export function classifyAlipayError(error: unknown): ErrorCode | undefined {
  switch (errorFacts(error).requestError) {
    case 12:
      return 'OFFLINE';
    case 13:
      return 'TIMEOUT';
    case 11:
      return 'REJECTED';
    case 14:
    case 19:
    case 20:
      return 'UNAVAILABLE';
    default:
      return undefined;
  }
}

function globalMy(): AlipayApi {
  if (typeof my === 'undefined' || !my) throw new MpsyncError('INVALID_ARGUMENT', 'alipay() needs the `my` object: call alipay(my) or run inside an Alipay mini-program');
  return my;
}
