/**
 * A stand-in of Alipay's `my` (and the base of DingTalk's `dd`), reproducing what the official
 * typings (`@mini-types/my`, lib.my.d.ts) and miniprogram-platforms.md document. Each behaviour
 * names its source; test/typings/alipay.ts checks the payloads below against the typings.
 * - Storage (§1.2; typings `getStorageSync`, `setStorageSync`, opendocs.alipay.com/mini/api/ox0wna
 *   and /cog0du): `getStorageSync({ key })` returns `{ data }` — `data: null` for a missing key
 *   (an assumption, the reference does not say), `{ error: 11, errorMessage: '查无此key' }` or a
 *   throw with `missingKey` (older Alipay documentation, DingTalk), `{ APDataStorage }` instead of
 *   `{ data }` with `legacyAnswer` (older Alipay clients); `setStorageSync({ key, data })` never
 *   throws: it RETURNS `{ success: false, error: 14, errorMessage: 'data长度超限' }` for a value
 *   whose serialised length is over 200 × 1024 and `{ success: false, error: 12, errorMessage:
 *   '存储总大小达到上限' }` when the 10 MB store is full (`success` is required in the typings;
 *   the reference reports iOS and the IDE omitting it: `omitSuccess`); `getStorageInfoSync()`
 *   reports `{ keys, currentSize, limitSize }` in KB.
 * - Network (§2.1; typings `getNetworkType`, `onNetworkStatusChange`): `getNetworkType` answers
 *   `{ networkAvailable, networkType }` in uppercase (`WIFI`, `4G`, `WWAN`, `NOTREACHABLE`,
 *   `UNKNOWN`); `onNetworkStatusChange` reports `{ isConnected, networkType }`.
 * - App events (§2.2; typings `onAppShow`: `scene?: number`): `onAppShow` hears `{ path, query,
 *   scene }` with a numeric scene; `off…(fn)` removes only the very function given, so `off` with
 *   an anonymous function removes nothing; `off…()` removes all.
 * - Requests (§2.4/§3; typings `request`): `my.request({ url, headers, data, dataType, timeout })`
 *   answers `{ data, status, headers, statusCode, header }` for a 2xx status; an HTTP error status
 *   fails with `{ error: 19, errorMessage: 'http status error' }` (the typings' fail union; with
 *   `httpErrorBody` the payload also carries the answer's `status`, `data` and `headers`, and with
 *   `httpErrorsAsAnswers` the error status is answered like a 2xx, as the older docs say); other
 *   failures are `{ error, errorMessage }`: 12 offline, 13 timeout, 14 "JSON parse data error"
 *   when `dataType` is `json` and the body is not.
 * - Auth (§3; typings `getAuthCode`): `my.getAuthCode` answers `{ authCode }`.
 */
import type { AlipayApi } from '../../../src/platform/alipay';
import { callBack, Listeners, parseJson, StandInHttp, StandInStore, stringHeaders, type MiniProgramControls, type Outcome } from './common';

export const ALIPAY_OFFLINE = { error: 12, errorMessage: '网络出错' };
export const ALIPAY_TIMEOUT = { error: 13, errorMessage: '超时' };
export const ALIPAY_NOT_JSON = { error: 14, errorMessage: 'JSON parse data error' } as const;
/** typings `request` fail: an HTTP error status. */
export const ALIPAY_HTTP_STATUS_ERROR = { error: 19, errorMessage: 'http status error' } as const;
/** typings `setStorageSync` result when the value is too long. */
export const ALIPAY_VALUE_TOO_LONG = { success: false, error: 14, errorMessage: 'data长度超限' } as const;
/** typings `setStorageSync` result when the store is full. */
export const ALIPAY_STORE_FULL = { success: false, error: 12, errorMessage: '存储总大小达到上限' } as const;
/** `getStorageSync` for a missing key on DingTalk and older Alipay clients (查无此key). */
export const ALIPAY_NO_SUCH_KEY = { error: 11, errorMessage: '查无此key' } as const;
/** typings `onAppShow` listener argument: `scene` is a number. */
export const ALIPAY_APP_SHOW = { path: 'pages/index/index', query: {}, scene: 1001 };

const VALUE_LIMIT = 200 * 1024;
const OFFLINE_TYPES = new Set(['NOTREACHABLE', 'NONE']);

/** Options of the Alipay-family stand-ins. */
export interface AlipayStandInOptions {
  /** Network type at start, spelled as the runtime does; default `WIFI`. */
  readonly network?: string;
  /** A failed `setStorageSync` returns no `success` field (iOS and the IDE, per the reference). */
  readonly omitSuccess?: boolean;
  /** A missing key answers `{ data: null }` (default), `{ error: 11 }` (`'error'`), or throws (`'throw'`). */
  readonly missingKey?: 'null' | 'error' | 'throw';
  /** `getStorageSync` answers `{ APDataStorage }` instead of `{ data }` (older Alipay clients). */
  readonly legacyAnswer?: boolean;
  /** An HTTP error status fails with error 19 and also carries `status`, `data` and `headers`. */
  readonly httpErrorBody?: boolean;
  /** An HTTP error status is answered like a 2xx, with its status (what the older docs describe). */
  readonly httpErrorsAsAnswers?: boolean;
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
  const omitSuccess = options.omitSuccess ?? false;
  const store = options.store ?? new StandInStore();
  const networkListeners = new Listeners<[Record<string, unknown>]>();
  const shows = new Listeners<[Record<string, unknown>]>();
  const hides = new Listeners<[]>();
  const offline = () => OFFLINE_TYPES.has(network.toUpperCase());
  const http = new StandInHttp({ offline: ALIPAY_OFFLINE, timeout: ALIPAY_TIMEOUT }, offline);
  const failure = (result: { readonly success: false; readonly error: number; readonly errorMessage: string }) => {
    if (!omitSuccess) return { ...result };
    const { success: _omitted, ...rest } = result;
    return rest;
  };
  const missing = (): unknown => {
    if (options.missingKey === 'error') return { ...ALIPAY_NO_SUCH_KEY };
    if (options.missingKey === 'throw') throw new Error('getStorageSync:fail 查无此key');
    return options.legacyAnswer ? { APDataStorage: null } : { data: null };
  };
  const removable = options.canRemoveListeners ?? true;

  const api: AlipayFamily['api'] = {
    getStorageSync: ({ key }) => {
      if (!store.has(key)) return missing();
      return options.legacyAnswer ? { APDataStorage: store.get(key) } : { data: store.get(key) };
    },
    setStorageSync: ({ key, data }) => {
      if ((JSON.stringify(data) ?? '').length > VALUE_LIMIT) return failure(ALIPAY_VALUE_TOO_LONG);
      if (!store.fits(key, data)) return failure(ALIPAY_STORE_FULL);
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
      show: () => shows.emit({ ...ALIPAY_APP_SHOW }),
      fillStorage: (leaveBytes = 0) => store.fill(leaveBytes, 150 * 1024),
      freeStorage: () => store.free(),
      listenerCount: (event) => (event === 'network' ? networkListeners : event === 'appShow' ? shows : hides).size,
      failNextRequest: (payload) => http.failNext(payload),
      respondWith: (answer) => http.respondWith(answer),
    },
  };
}

/** How a runtime reports an HTTP error status (4xx, 5xx). */
export interface HttpErrorStyle {
  /** Fail with `{ error: 19, errorMessage: 'http status error' }`; otherwise answer it like a 2xx. */
  readonly fail: boolean;
  /** The failure also carries the answer's `status`, `data` and `headers`. */
  readonly withBody?: boolean;
}

/** Turns an HTTP outcome into Alipay's request callbacks. */
export function answerAlipayStyle(o: Record<string, unknown>, outcome: Outcome, httpErrors: HttpErrorStyle): void {
  if (outcome.kind === 'fail') return callBack(o, false, { ...outcome.payload });
  let data: unknown = outcome.text;
  if (o.dataType === undefined || o.dataType === 'json') {
    const parsed = parseJson(outcome.text);
    if (parsed) data = parsed.value;
    else if (outcome.status < 400) return callBack(o, false, { ...ALIPAY_NOT_JSON });
  }
  if (httpErrors.fail && outcome.status >= 400) {
    const body = httpErrors.withBody === true ? { status: outcome.status, data, headers: outcome.headers } : {};
    return callBack(o, false, { ...ALIPAY_HTTP_STATUS_ERROR, ...body });
  }
  callBack(o, true, { data, status: outcome.status, headers: outcome.headers, statusCode: outcome.status, header: outcome.headers });
}

/** A `my` stand-in and the controls a test drives it with. */
export interface AlipayStandIn extends MiniProgramControls {
  readonly my: AlipayFamily['api'] & { request(options: Record<string, unknown>): unknown };
  readonly http: StandInHttp;
}

/**
 * A new `my` stand-in; the options pick among the documented variants.
 *
 * @example
 * const world = alipayStandIn({ missingKey: 'error', network: 'NOTREACHABLE' });
 * const platform = alipay(world.my);
 */
export function alipayStandIn(options: AlipayStandInOptions = {}): AlipayStandIn {
  const family = alipayFamily(options);
  const my = {
    ...family.api,
    request: (o: Record<string, unknown>) => {
      const body = typeof o.data === 'string' ? o.data : o.data === undefined ? undefined : JSON.stringify(o.data);
      const httpErrors = { fail: options.httpErrorsAsAnswers !== true, withBody: options.httpErrorBody === true };
      family.send(o, stringHeaders(o.headers ?? o.header), body, (outcome) => answerAlipayStyle(o, outcome, httpErrors));
      return { abort: () => undefined };
    },
  };
  return { ...family.controls, my, http: family.http };
}
