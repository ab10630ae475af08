import { MpsyncError, type ErrorCode } from '../core/errors';
import type { StorageBackend } from '../store/backend';
import { kvStorage } from '../store/kv/kv-backend';
import type { KvPort } from '../store/kv/kv-port';
import type { Platform } from '../model/platform';
import type { FileKeeper } from '../model/file-keeper';
import { miniProgramFileKeeper, type MiniProgramFileSystem } from './mini-program-file-keeper';

/** A network type, spelled the same on every platform (WeChat `wifi`, Alipay `WIFI`/`Wi-Fi` → `wifi`). */
export type NetworkType = 'wifi' | '2g' | '3g' | '4g' | '5g' | 'wwan' | 'unknown' | 'none';

/** What `getNetworkType` answers or `onNetworkStatusChange` reports, on any of the three runtimes. */
export interface NetworkAnswer {
  readonly networkType?: unknown;
  /** Event field on all three runtimes. */
  readonly isConnected?: unknown;
  /** `getNetworkType` field on Alipay and DingTalk. */
  readonly networkAvailable?: unknown;
}

/** The network and app-event calls `my`, `wx` and `dd` share (names and shapes are the same). */
export interface MiniProgramEventApi {
  getNetworkType?(options: { success?: (result: NetworkAnswer) => void; fail?: (error: unknown) => void }): unknown;
  onNetworkStatusChange?(listener: (event: NetworkAnswer) => void): unknown;
  /**
   * Gets back the very function `onNetworkStatusChange` got; its parameter type does not matter
   * here (WeChat's typings declare it as a general callback), so any one-argument function fits.
   */
  offNetworkStatusChange?(listener: (event: unknown) => void): unknown;
  onAppShow?(listener: (...args: unknown[]) => void): unknown;
  offAppShow?(listener: (...args: unknown[]) => void): unknown;
  onAppHide?(listener: (...args: unknown[]) => void): unknown;
  offAppHide?(listener: (...args: unknown[]) => void): unknown;
  /** The file system manager: saved files keep offline uploads. */
  getFileSystemManager?(): MiniProgramFileSystem;
}

/** A {@link Platform} on a mini-program runtime; it also tells the network type. */
export interface MiniProgramPlatform extends Platform {
  readonly name: 'alipay' | 'wechat' | 'dingtalk';
  /** The last known network type, normalised; `undefined` before the runtime first answered. */
  networkType(): NetworkType | undefined;
  classifyError(error: unknown): ErrorCode | undefined;
}

/** Options of `alipay()`, `wechat()` and `dingtalk()`. */
export interface MiniProgramOptions {
  /**
   * Bytes of the 10 MB store mpsync may use for its own entries. Default 8 MB: the rest stays
   * for the app's own keys and for what the runtime counts beyond mpsync's own measure.
   */
  readonly quotaBytes?: number;
}

/** Everything a mini-program platform differs in; see {@link miniProgramPlatform}. */
export interface MiniProgramSpec {
  readonly name: MiniProgramPlatform['name'];
  readonly api: MiniProgramEventApi;
  readonly port: KvPort;
  readonly maxValueBytes: number;
  readonly quotaBytes: number;
  /** Key prefix of mpsync's entries; default `mpsync:`. */
  readonly prefix?: string;
  readonly classifyError: (error: unknown) => ErrorCode | undefined;
  /** Requests the runtime lets an app have in flight at once (see `Platform.maxConcurrentRequests`). */
  readonly maxConcurrentRequests: number;
}

/** 8 MB of the 10 MB every mini-program runtime gives an app. */
const DEFAULT_QUOTA_BYTES = 8 * 1024 * 1024;

/**
 * Normalises a runtime's network type spelling: WeChat `wifi`/`4g`/`none`, Alipay and DingTalk
 * `WIFI`/`Wi-Fi`/`4G`/`WWAN`/`NOTREACHABLE`/`UNKNOWN`.
 *
 * @example
 * normalizeNetworkType('Wi-Fi'); // 'wifi'
 * normalizeNetworkType('NOTREACHABLE'); // 'none'
 */
export function normalizeNetworkType(type: unknown): NetworkType {
  if (typeof type !== 'string') return 'unknown';
  const t = type
    .trim()
    .toLowerCase()
    .replace(/[-_\s]/g, '');
  if (t === 'wifi') return 'wifi';
  if (t === 'none' || t === 'notreachable' || t === 'nonetwork' || t === 'offline') return 'none';
  if (t === '2g' || t === '3g' || t === '4g' || t === '5g' || t === 'wwan') return t;
  return 'unknown';
}

/**
 * Reads online state and type from a `getNetworkType` answer or an `onNetworkStatusChange`
 * event: `isConnected` (events) or `networkAvailable` (Alipay/DingTalk answers) when given,
 * otherwise the type (WeChat answers carry only `networkType`).
 *
 * @example
 * readNetworkAnswer({ networkAvailable: true, networkType: 'WIFI' }); // { online: true, type: 'wifi' }
 */
export function readNetworkAnswer(answer: NetworkAnswer): { online: boolean; type: NetworkType } {
  const type = normalizeNetworkType(answer.networkType);
  const flag = typeof answer.isConnected === 'boolean' ? answer.isConnected : answer.networkAvailable;
  const online = typeof flag === 'boolean' ? flag : type !== 'none';
  return { online, type: online ? (type === 'none' ? 'unknown' : type) : 'none' };
}

/**
 * Builds a mini-program {@link Platform}: storage through `kvStorage` over the runtime's sync
 * storage (one backend per platform object, so a closed client's successor reopens the same
 * state), network state from `getNetworkType` and `onNetworkStatusChange`, and app events from
 * `onAppShow`/`onAppHide`.
 *
 * @example fragment
 * const platform = miniProgramPlatform({ name: 'alipay', api: my, port: alipayKvPort(my), maxValueBytes: 180 * 1024, quotaBytes: DEFAULT_QUOTA_BYTES, classifyError: classifyAlipayError, maxConcurrentRequests: 10 });
 */
export function miniProgramPlatform(spec: MiniProgramSpec): MiniProgramPlatform {
  const { api } = spec;
  const network = networkHub(api);
  let storage: StorageBackend | undefined;
  let keeper: FileKeeper | undefined;
  const fileSystem = api.getFileSystemManager && (() => api.getFileSystemManager!());
  return {
    name: spec.name,
    defaultStorage: () =>
      (storage ??= kvStorage(spec.port, {
        maxValueBytes: spec.maxValueBytes,
        quotaBytes: spec.quotaBytes,
        ...(spec.prefix === undefined ? {} : { prefix: spec.prefix }),
      })),
    isOnline: () => network.current()?.online,
    networkType: () => network.current()?.type,
    onNetworkChange: (listener) => network.subscribe(listener),
    onAppShow: (listener) => appEvent(listener, api.onAppShow && ((fn) => api.onAppShow?.(fn)), api.offAppShow && ((fn) => api.offAppShow?.(fn))),
    onAppHide: (listener) => appEvent(listener, api.onAppHide && ((fn) => api.onAppHide?.(fn)), api.offAppHide && ((fn) => api.offAppHide?.(fn))),
    classifyError: spec.classifyError,
    maxConcurrentRequests: spec.maxConcurrentRequests,
    ...(fileSystem ? { fileKeeper: () => (keeper ??= miniProgramFileKeeper(fileSystem())) } : {}),
  };
}

/**
 * Checks a quota option.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` when it is not a positive number
 * @example
 * quotaOption({ quotaBytes: 4 * 1024 * 1024 }); // 4194304
 */
export function quotaOption(options: MiniProgramOptions): number {
  const quota = options.quotaBytes ?? DEFAULT_QUOTA_BYTES;
  if (!(typeof quota === 'number' && quota > 0)) throw new MpsyncError('INVALID_ARGUMENT', 'quotaBytes must be a positive number of bytes');
  return quota;
}

type Handler = (...args: unknown[]) => void;

// One runtime listener per subscriber, kept by reference: Alipay removes a listener only when
// `off` gets the very function `on` got, and WeChat's `off` without an argument would remove the
// app's own listeners too. Where `off` is missing the listener stays and is muted instead.
function appEvent(listener: () => void, on: ((fn: Handler) => unknown) | undefined, off: ((fn: Handler) => unknown) | undefined): () => void {
  if (!on) return () => undefined;
  let active = true;
  const handler: Handler = () => {
    if (active) listener();
  };
  on(handler);
  return () => {
    if (!active) return;
    active = false;
    off?.(handler);
  };
}

interface NetworkState {
  readonly online: boolean;
  readonly type: NetworkType;
}

// One runtime listener for all subscribers while any is subscribed, so duplicate events can be
// dropped: subscribers hear when the state becomes known and when online state or type change.
// A type change while online counts, because WeChat cancels every request in flight on a
// Wi-Fi/cellular switch (errno 600001) and a retry should start at once.
function networkHub(api: MiniProgramEventApi) {
  const listeners = new Set<(online: boolean) => void>();
  let state: NetworkState | undefined;
  let events = 0;
  let attached = false;
  // Set when the runtime listener was removed: changes may have been missed since.
  let stale = false;

  const apply = (next: NetworkState): void => {
    if (state !== undefined && state.online === next.online && state.type === next.type) return;
    state = next;
    for (const listener of [...listeners]) listener(next.online);
  };
  const handler = (event: unknown): void => {
    events++;
    apply(readNetworkAnswer(typeof event === 'object' && event !== null ? event : {}));
  };
  const query = (): void => {
    const asked = events;
    try {
      api.getNetworkType?.({
        // An event newer than the question wins over the answer.
        success: (answer: NetworkAnswer | undefined) => {
          if (events === asked) apply(readNetworkAnswer(answer ?? {}));
        },
        fail: () => undefined,
      });
    } catch {
      // Without an answer the state stays unknown until an event arrives.
    }
  };
  const attach = (): void => {
    if (attached || !api.onNetworkStatusChange) return;
    api.onNetworkStatusChange(handler);
    attached = true;
    if (stale) {
      stale = false;
      query();
    }
  };
  const detach = (): void => {
    if (!attached || !api.offNetworkStatusChange) return;
    api.offNetworkStatusChange(handler);
    attached = false;
    stale = true;
  };

  query();
  return {
    current: () => state,
    subscribe(listener: (online: boolean) => void): () => void {
      const wrapped = (online: boolean) => listener(online);
      listeners.add(wrapped);
      attach();
      return () => {
        if (!listeners.delete(wrapped)) return;
        if (listeners.size === 0) detach();
      };
    },
  };
}
