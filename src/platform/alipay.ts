import { MpsyncError, type ErrorCode } from '../core/errors';
import type { KvPort } from '../store/kv/kv-port';
import { errorFacts } from './error-facts';
import { miniProgramPlatform, quotaOption, type MiniProgramEventApi, type MiniProgramOptions, type MiniProgramPlatform } from './mini-program';

/** The storage calls of `my` (and `dd`) that mpsync uses: one options object in, a result out. */
export interface AlipayStorageApi {
  /**
   * Returns `{ data }` (some Alipay clients `{ APDataStorage }`); for a missing key `data` is
   * empty, or the answer is `{ error: 11 }` ("查无此key"), or the call throws (DingTalk).
   */
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
    // Alipay's my.request docs publish no in-flight limit; WeChat's 10 is assumed rather than none,
    // since a limit that is hit shows only as failed requests (error 20, "request stopped").
    maxConcurrentRequests: 10,
  });
}

/**
 * A {@link KvPort} over `my`/`dd` storage: `getStorageSync({ key })` answers `{ data }` (or the
 * legacy `{ APDataStorage }`; a missing key may answer `{ error: 11 }` or throw), and
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
      let result: unknown;
      try {
        result = api.getStorageSync({ key });
      } catch (error) {
        // DingTalk may throw for a missing key. A key the store lists is not missing: that read failed.
        if (!api.getStorageInfoSync().keys.includes(key)) return undefined;
        throw new MpsyncError('STORAGE_FAILED', `${label}.getStorageSync failed for ${key}`, { cause: error });
      }
      return storedString(label, key, result);
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

/** The "no such key" error of `getStorageSync` (查无此key) on DingTalk and older Alipay clients. */
const NO_SUCH_KEY = 11;

// The value in a `getStorageSync` answer: `{ data }`, or `{ APDataStorage }` from some Alipay
// clients. A missing key answers `{ data: null | undefined | '' }` or `{ error: 11 }`; any other
// error is a failed read, never "missing" (taking it for missing would lose the entry).
function storedString(label: string, key: string, result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const answer = result as { data?: unknown; APDataStorage?: unknown; error?: unknown; errorMessage?: unknown };
  const data = answer.data ?? answer.APDataStorage;
  // mpsync never stores an empty string, so '' (like null) can only mean "missing".
  if (typeof data === 'string' && data !== '') return data;
  if (answer.error === undefined || Number(answer.error) === NO_SUCH_KEY) return undefined;
  const text = typeof answer.errorMessage === 'string' ? `: ${answer.errorMessage}` : '';
  throw new MpsyncError('STORAGE_FAILED', `${label}.getStorageSync failed for ${key} with error ${JSON.stringify(answer.error)}${text}`, { cause: result });
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
  if (typeof my === 'undefined' || !my)
    throw new MpsyncError('INVALID_ARGUMENT', 'alipay() needs the `my` object: call alipay(my) or run inside an Alipay mini-program');
  return my;
}
