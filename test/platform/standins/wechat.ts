/**
 * A stand-in of WeChat's `wx`, reproducing what the official typings (`miniprogram-api-typings`,
 * lib.wx.api.d.ts) and miniprogram-platforms.md document; test/typings/wechat.ts checks the
 * payloads below against the typings:
 * - §1.2 storage: `getStorageSync(key)` returns the value or `''` for a missing key;
 *   `setStorageSync(key, data)` THROWS "setStorageSync:fail exceed storage item max length" for a
 *   value over 1 MB and "setStorageSync:fail exceed storage max size 10Mb" when the 10 MB store is
 *   full; `getStorageInfoSync()` reports `{ keys, currentSize, limitSize }` in KB.
 * - §2.1 network: `getNetworkType` answers `{ networkType }` in lowercase (`wifi`, `4g`, `none`, …);
 *   `onNetworkStatusChange` reports `{ isConnected, networkType }`; `off…(fn)` removes that very
 *   function, `off…()` with no argument removes every listener.
 * - §2.2 `onAppShow`/`onAppHide` with `offAppShow`/`offAppHide`, same removal rules; `onAppShow`
 *   hears `{ path, query, scene }` with a numeric scene (typings `OnAppShowListenerResult`).
 * - §1.6/§2.4 requests: `wx.request({ url, header, data, dataType, timeout })` answers
 *   `{ data, statusCode, header, errMsg: 'request:ok' }` (HTTP errors included); failures are
 *   `{ errMsg: 'request:fail …', errno }`: offline "似乎已断开与互联网的连接。" (errno 600000), a network
 *   switch cancels every request in flight with errno 600001 "network change, cancel all task";
 *   after ~5 s hidden, requests in flight fail with "request:fail interrupted" (WECHAT_INTERRUPTED).
 * - §3 auth: `wx.login` answers `{ code }`.
 */
import type { WechatApi } from '../../../src/platform/wechat';
import { callBack, Listeners, MB, parseJson, StandInHttp, StandInStore, stringHeaders, type MiniProgramControls } from './common';

export const WECHAT_OFFLINE = { errMsg: 'request:fail 似乎已断开与互联网的连接。', errno: 600000 };
export const WECHAT_TIMEOUT = { errMsg: 'request:fail timeout' };
export const WECHAT_NETWORK_CHANGE = { errMsg: 'request:fail network change, cancel all task', errno: 600001 };
export const WECHAT_INTERRUPTED = { errMsg: 'request:fail interrupted' };
/** typings `onAppShow` listener argument: `scene` is a number. */
export const WECHAT_APP_SHOW = { path: 'pages/index/index', query: {}, scene: 1001 };

const ITEM_LIMIT = 1 * MB;

/** A `wx` stand-in and the controls a test drives it with. */
export interface WechatStandIn extends MiniProgramControls {
  readonly wx: WechatApi & { request(options: Record<string, unknown>): unknown; login(options: Record<string, unknown>): void };
  readonly http: StandInHttp;
}

/**
 * A new `wx` stand-in.
 *
 * @example
 * const world = wechatStandIn({ network: 'none' });
 * const platform = wechat(world.wx);
 */
export function wechatStandIn(options: { network?: string; store?: StandInStore } = {}): WechatStandIn {
  let network = options.network ?? 'wifi';
  const store = options.store ?? new StandInStore();
  const networkListeners = new Listeners<[Record<string, unknown>]>();
  const shows = new Listeners<[Record<string, unknown>]>();
  const hides = new Listeners<[]>();
  const http = new StandInHttp({ offline: WECHAT_OFFLINE, timeout: WECHAT_TIMEOUT }, () => network === 'none');
  const fail = (message: string) => new Error(`setStorageSync:fail ${message}`);

  const wx = {
    getStorageSync: (key: string): unknown => (store.has(key) ? store.get(key) : ''),
    setStorageSync: (key: string, data: unknown): void => {
      if (StandInStore.valueBytes(data) > ITEM_LIMIT) throw fail('exceed storage item max length');
      if (!store.fits(key, data)) throw fail('exceed storage max size 10Mb');
      store.put(key, data);
    },
    removeStorageSync: (key: string): void => store.remove(key),
    getStorageInfoSync: () => store.info(),
    getNetworkType: (o: Record<string, unknown>): void => {
      // The answer is the state when asked; it arrives later, as on a device.
      const answer = { networkType: network, signalStrength: 0, errMsg: 'getNetworkType:ok' };
      queueMicrotask(() => callBack(o, true, answer));
    },
    onNetworkStatusChange: (fn: (event: Record<string, unknown>) => void) => networkListeners.on(fn),
    offNetworkStatusChange: (fn?: (event: Record<string, unknown>) => void) => networkListeners.off(fn),
    onAppShow: (fn: (options: Record<string, unknown>) => void) => shows.on(fn),
    offAppShow: (fn?: (options: Record<string, unknown>) => void) => shows.off(fn),
    onAppHide: (fn: () => void) => hides.on(fn),
    offAppHide: (fn?: () => void) => hides.off(fn),
    login: (o: Record<string, unknown>): void => {
      queueMicrotask(() => callBack(o, true, { code: 'wx-standin-login-code', errMsg: 'login:ok' }));
    },
    request: (o: Record<string, unknown>) => {
      const header = stringHeaders(o.header);
      const method = typeof o.method === 'string' ? o.method : 'GET';
      const body = typeof o.data === 'string' ? o.data : o.data === undefined ? undefined : JSON.stringify(o.data);
      const timeout = typeof o.timeout === 'number' ? o.timeout : 60_000;
      void http.send({ url: String(o.url), method, headers: header, body, options: o }, timeout).then((outcome) => {
        if (outcome.kind === 'fail') return callBack(o, false, { ...outcome.payload });
        // dataType 'json' parses; a body that is not JSON stays a string (no failure on WeChat).
        const parsed = o.dataType === undefined || o.dataType === 'json' ? parseJson(outcome.text) : undefined;
        callBack(o, true, {
          data: parsed ? parsed.value : outcome.text,
          statusCode: outcome.status,
          header: outcome.headers,
          cookies: [],
          errMsg: 'request:ok',
        });
      });
      return { abort: () => undefined };
    },
  };

  return {
    wx,
    http,
    setNetwork(type) {
      const before = network;
      network = type;
      if (type === 'none') http.cancelInFlight(WECHAT_OFFLINE);
      else if (before !== 'none' && before !== type) http.cancelInFlight(WECHAT_NETWORK_CHANGE);
      // Reported on every call, repeats included: the platform must pass on real changes only.
      networkListeners.emit({ isConnected: type !== 'none', networkType: type });
    },
    hide: () => hides.emit(),
    show: () => shows.emit({ ...WECHAT_APP_SHOW }),
    fillStorage: (leaveBytes = 0) => store.fill(leaveBytes, 512 * 1024),
    freeStorage: () => store.free(),
    listenerCount: (event) => (event === 'network' ? networkListeners : event === 'appShow' ? shows : hides).size,
    failNextRequest: (payload) => http.failNext(payload),
    respondWith: (answer) => http.respondWith(answer),
  };
}
