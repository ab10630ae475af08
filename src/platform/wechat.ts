import { MpsyncError, type ErrorCode } from '../core/errors';
import type { KvPort } from '../store/kv/kv-port';
import { apiFailureMatches, errorFacts } from './error-facts';
import { miniProgramPlatform, quotaOption, type MiniProgramEventApi, type MiniProgramOptions, type MiniProgramPlatform } from './mini-program';

/** The storage calls of `wx` that mpsync uses: key and value as two arguments. */
export interface WechatStorageApi {
  /** Returns the value, or `''` for a missing key. */
  getStorageSync(key: string): unknown;
  /** Throws when the store is full or the value is too long. */
  setStorageSync(key: string, data: string): unknown;
  removeStorageSync(key: string): unknown;
  /** Sizes in KB; not available inside plugins. */
  getStorageInfoSync(): { readonly keys: readonly string[] };
}

/** What {@link wechat} needs of `wx`. */
export interface WechatApi extends WechatStorageApi, MiniProgramEventApi {}

declare const wx: WechatApi | undefined;

/**
 * Largest entry mpsync writes: WeChat allows 1 MB per key; 900 KB leaves about 12 % for
 * whatever the runtime counts beyond mpsync's measure (UTF-8 JSON of key and value).
 */
const WECHAT_MAX_VALUE_BYTES = 900 * 1024;

/**
 * The WeChat platform: records in `wx` storage (chunked under 900 KB per entry, 8 MB by default
 * of the 10 MB store), network from `wx.getNetworkType`/`wx.onNetworkStatusChange`, app events
 * from `wx.onAppShow`/`wx.onAppHide` (base library 2.1.2+; not inside plugins).
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` when `api` is absent and there is no global `wx`
 * @example
 * const mpServerless = new MPServerless(wx, { appId, spaceId, clientSecret, endpoint });
 * const client = await createSyncClient({ mpServerless, platform: wechat(), collections: { todos: {} } });
 */
export function wechat(api?: WechatApi, options: MiniProgramOptions = {}): MiniProgramPlatform {
  const wxApi = api ?? globalWx();
  return miniProgramPlatform({
    name: 'wechat',
    api: wxApi,
    port: wechatKvPort(wxApi),
    maxValueBytes: WECHAT_MAX_VALUE_BYTES,
    quotaBytes: quotaOption(options),
    classifyError: classifyWechatError,
    // wx.request, wx.uploadFile and wx.downloadFile share a limit of 10 in flight; calls beyond it
    // are dropped (WeChat's network docs, "request limits").
    maxConcurrentRequests: 10,
  });
}

/**
 * A {@link KvPort} over `wx` storage: `getStorageSync(key)` answers `''` for a missing key, and
 * `setStorageSync(key, data)` throws when the store or the value is too big ("exceed storage max
 * size", "exceed storage item max length"), which becomes `QUOTA_EXCEEDED`.
 *
 * @example fragment
 * const storage = kvStorage(wechatKvPort(wx), { maxValueBytes: WECHAT_MAX_VALUE_BYTES, quotaBytes: 8 * 1024 * 1024 });
 */
export function wechatKvPort(api: WechatStorageApi): KvPort {
  return {
    get(key) {
      const data = api.getStorageSync(key);
      // mpsync never stores an empty string, so '' can only mean "missing".
      return typeof data === 'string' && data !== '' ? data : undefined;
    },
    set(key, value) {
      try {
        api.setStorageSync(key, value);
      } catch (error) {
        throw wechatStorageError(error);
      }
    },
    remove(key) {
      api.removeStorageSync(key);
    },
    keys: () => [...api.getStorageInfoSync().keys],
  };
}

/**
 * What a failed SDK call means on WeChat. The SDK turns a failed `wx.request` into an `Error`
 * whose message is the `errMsg` and drops `errno`, so the texts decide; `errno` is used when a raw
 * payload is given.
 *
 * | What WeChat reports | Code |
 * |---|---|
 * | errno 600001, "network change, cancel all task" | `OFFLINE` |
 * | "request:fail timeout", "请求超时", "請求逾時", "timed out" | `TIMEOUT` |
 * | "request:fail interrupted", "… in suspend state" | `OFFLINE` |
 * | errno 600002, "url not in domain list" | `REJECTED` |
 * | errno 600000–600099 (other network errors) | `OFFLINE` |
 * | anything else | `undefined` (the generic rules) |
 *
 * @example
 * classifyWechatError(new Error('request:fail network change, cancel all task')); // 'OFFLINE'
 */
export function classifyWechatError(error: unknown): ErrorCode | undefined {
  const facts = errorFacts(error);
  const { errno } = facts;
  if (errno === 600001 || apiFailureMatches(facts, /network change/i)) return 'OFFLINE';
  if (errno === 600002 || apiFailureMatches(facts, /not in domain list/i)) return 'REJECTED';
  if (apiFailureMatches(facts, /time ?out|timed out|请求超时|請求逾時|超时|逾時/i)) return 'TIMEOUT';
  if (apiFailureMatches(facts, /interrupted|suspend/i)) return 'OFFLINE';
  if (errno !== undefined && errno >= 600000 && errno < 600100) return 'OFFLINE';
  return undefined;
}

function wechatStorageError(error: unknown): MpsyncError {
  const text = errorFacts(error).texts.join(' ');
  if (/exceed|max size|max length|size limit|quota|full/i.test(text)) {
    return new MpsyncError('QUOTA_EXCEEDED', `the WeChat storage refused the write: ${text}`, { cause: error });
  }
  return new MpsyncError('STORAGE_FAILED', `wx.setStorageSync failed: ${text || String(error)}`, { cause: error });
}

function globalWx(): WechatApi {
  if (typeof wx === 'undefined' || !wx)
    throw new MpsyncError('INVALID_ARGUMENT', 'wechat() needs the `wx` object: call wechat(wx) or run inside a WeChat mini-program');
  return wx;
}
