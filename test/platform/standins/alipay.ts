/**
 * A stand-in of Alipay's `my` (and the base of DingTalk's `dd`), reproducing what
 * miniprogram-platforms.md documents:
 * - §1.2 storage: `getStorageSync({ key })` returns `{ data }` (`data: null` for a missing key —
 *   an assumption, the reference does not say); `setStorageSync({ key, data })` never throws: it
 *   RETURNS `{ error: 14, errorMessage: 'data长度超限' }` for a value whose serialised length is over
 *   200 × 1024 and `{ error: 12, errorMessage: '存储总大小达到上限' }` when the 10 MB store is full,
 *   with `success: false` added only in the `android` variant (iOS and the IDE omit it);
 *   `getStorageInfoSync()` reports `{ keys, currentSize, limitSize }` in KB.
 * - §2.1 network: `getNetworkType` answers `{ networkAvailable, networkType }` in uppercase
 *   (`WIFI`, `Wi-Fi`, `4G`, `WWAN`, `NOTREACHABLE`, `UNKNOWN`); `onNetworkStatusChange` reports
 *   `{ isConnected, networkType }`.
 * - §2.2 `onAppShow`/`onAppHide`; `off…(fn)` removes only the very function given, so `off` with
 *   an anonymous function removes nothing; `off…()` removes all.
 * - §2.4/§3 requests: `my.request({ url, headers, data, dataType, timeout })` answers
 *   `{ data, status, headers }` whatever the HTTP status (current docs); failures are
 *   `{ error, errorMessage }`: 12 offline, 13 timeout, 14 "JSON parse data error" when `dataType`
 *   is `json` and the body is not.
 * - §3 auth: `my.getAuthCode` answers `{ authCode }`.
 */
import type { AlipayApi } from '../../../src/platform/alipay';
import { callBack, Listeners, parseJson, StandInHttp, StandInStore, stringHeaders, type MiniProgramControls, type Outcome } from './common';

export const ALIPAY_OFFLINE = { error: 12, errorMessage: '网络出错' };
export const ALIPAY_TIMEOUT = { error: 13, errorMessage: '超时' };
export const ALIPAY_NOT_JSON = { error: 14, errorMessage: 'JSON parse data error' };

const VALUE_LIMIT = 200 * 1024;
const OFFLINE_TYPES = new Set(['NOTREACHABLE', 'NONE']);

/** Options of the Alipay-family stand-ins. */
export interface AlipayStandInOptions {
  /** Network type at start, spelled as the runtime does; default `WIFI`. */
  readonly network?: string;
  /** Android: a failed `setStorageSync` also returns `success: false`. */
  readonly android?: boolean;
  /** Whether `off…` functions exist (DingTalk's are not documented). Default true. */
  readonly canRemoveListeners?: boolean;
  /** The device's store, to start the app again on what an earlier run left; default a new one. */
  readonly store?: StandInStore;
}

/** The parts of `my` and `dd` that are the same, with their controls. */
export interface AlipayFamily {
  readonly api: AlipayApi & { getAuthCode(options: Record<string, unknown>): void };
  readonly controls: MiniProgramControls;
  readonly http: StandInHttp;
  /** Sends a request and reports its outcome; the caller shapes option names and the answer. */
  send(options: Record<string, unknown>, headers: Record<string, string>, body: string | undefined, finish: (outcome: Outcome) => void): void;
}

/**
 * The shared core of the `my` and `dd` stand-ins.
 *
 * @example
 * const family = alipayFamily({ android: true });
 */
export function alipayFamily(options: AlipayStandInOptions = {}): AlipayFamily {
  let network = options.network ?? 'WIFI';
  const android = options.android ?? false;
  const store = options.store ?? new StandInStore();
  const networkListeners = new Listeners<[Record<string, unknown>]>();
  const shows = new Listeners<[Record<string, unknown>]>();
  const hides = new Listeners<[]>();
  const offline = () => OFFLINE_TYPES.has(network.toUpperCase());
  const http = new StandInHttp({ offline: ALIPAY_OFFLINE, timeout: ALIPAY_TIMEOUT }, offline);
  const failure = (error: number, errorMessage: string) => (android ? { error, errorMessage, success: false } : { error, errorMessage });
  const removable = options.canRemoveListeners ?? true;

  const api: AlipayFamily['api'] = {
    getStorageSync: ({ key }) => ({ data: store.has(key) ? store.get(key) : null }),
    setStorageSync: ({ key, data }) => {
      if ((JSON.stringify(data) ?? '').length > VALUE_LIMIT) return failure(14, 'data长度超限');
      if (!store.fits(key, data)) return failure(12, '存储总大小达到上限');
      store.put(key, data);
      return { success: true };
    },
    removeStorageSync: ({ key }) => {
      store.remove(key);
      return { success: true };
    },
    getStorageInfoSync: () => store.info(),
    getNetworkType: (o) => {
      // The answer is the state when asked; it arrives later, as on a device.
      const answer = { networkAvailable: !offline(), networkType: network };
      queueMicrotask(() => callBack(o, true, answer));
    },
    onNetworkStatusChange: (fn) => networkListeners.on(fn),
    onAppShow: (fn) => shows.on(fn),
    onAppHide: (fn) => hides.on(fn),
    getAuthCode: (o) => {
      queueMicrotask(() => callBack(o, true, { authCode: 'alipay-standin-auth-code' }));
    },
  };
  if (removable) {
    api.offNetworkStatusChange = (fn) => networkListeners.off(fn);
    api.offAppShow = (fn) => shows.off(fn);
    api.offAppHide = (fn) => hides.off(fn);
  }

  return {
    api,
    http,
    send(o, headers, body, finish) {
      const method = typeof o.method === 'string' ? o.method : 'GET';
      const timeout = typeof o.timeout === 'number' ? o.timeout : 30_000;
      void http.send({ url: String(o.url), method, headers, body, options: o }, timeout).then(finish);
    },
    controls: {
      setNetwork(type) {
        network = type;
        if (offline()) http.cancelInFlight(ALIPAY_OFFLINE);
        // Reported on every call, repeats included: the platform must pass on real changes only.
        networkListeners.emit({ isConnected: !offline(), networkType: type });
      },
      hide: () => hides.emit(),
      show: () => shows.emit({ path: 'pages/index/index', query: {}, scene: '1001' }),
      fillStorage: (leaveBytes = 0) => store.fill(leaveBytes, 150 * 1024),
      freeStorage: () => store.free(),
      listenerCount: (event) => (event === 'network' ? networkListeners : event === 'appShow' ? shows : hides).size,
      failNextRequest: (payload) => http.failNext(payload),
      respondWith: (answer) => http.respondWith(answer),
    },
  };
}

/** Turns an HTTP outcome into Alipay's request callbacks. */
export function answerAlipayStyle(o: Record<string, unknown>, outcome: Outcome, options: { httpErrorCode?: number } = {}): void {
  if (outcome.kind === 'fail') return callBack(o, false, { ...outcome.payload });
  if (options.httpErrorCode !== undefined && outcome.status >= 400) {
    return callBack(o, false, { error: options.httpErrorCode, errorMessage: 'http status error', status: outcome.status });
  }
  let data: unknown = outcome.text;
  if (o.dataType === undefined || o.dataType === 'json') {
    const parsed = parseJson(outcome.text);
    if (!parsed) return callBack(o, false, { ...ALIPAY_NOT_JSON });
    data = parsed.value;
  }
  callBack(o, true, { data, status: outcome.status, headers: outcome.headers });
}

/** A `my` stand-in and the controls a test drives it with. */
export interface AlipayStandIn extends MiniProgramControls {
  readonly my: AlipayFamily['api'] & { request(options: Record<string, unknown>): unknown };
  readonly http: StandInHttp;
}

/**
 * A new `my` stand-in; `android: true` for the Android return shapes.
 *
 * @example
 * const world = alipayStandIn({ android: true, network: 'NOTREACHABLE' });
 * const platform = alipay(world.my);
 */
export function alipayStandIn(options: AlipayStandInOptions = {}): AlipayStandIn {
  const family = alipayFamily(options);
  const my = {
    ...family.api,
    request: (o: Record<string, unknown>) => {
      const body = typeof o.data === 'string' ? o.data : o.data === undefined ? undefined : JSON.stringify(o.data);
      family.send(o, stringHeaders(o.headers), body, (outcome) => answerAlipayStyle(o, outcome));
      return { abort: () => undefined };
    },
  };
  return { ...family.controls, my, http: family.http };
}
