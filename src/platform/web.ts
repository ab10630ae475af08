import { MpsyncError, type ErrorCode } from '../core/errors';
import type { StorageBackend } from '../store/backend';
import { dexieLockName, dexieStorage, type StorageLocks } from '../store/dexie-backend';
import { apiFailureMatches, errorFacts } from './error-facts';
import { WEB_AUTH_CODE_UNAVAILABLE } from './fetch-sdk-adapter';
import type { Platform } from '../model/platform';
import type { FileKeeper } from '../model/file-keeper';
import { dexieBlobStore } from '../store/dexie-blobs';
import { webFileKeeper } from './web-file-keeper';
import { registerWebSharing, type WebBroadcastChannel } from './web-sharing';

export { fetchSdkAdapter, WEB_AUTH_CODE_UNAVAILABLE } from './fetch-sdk-adapter';
export type { FetchSdkAdapter, FetchSdkAdapterOptions, FetchWindow, SdkCall } from './fetch-sdk-adapter';

/** Something listeners can be added to and removed from by reference, as `window` and `document`. */
export interface WebEventTarget {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/** What {@link web} needs of `window`. */
export interface WebWindow extends WebEventTarget {
  readonly indexedDB?: IDBFactory;
  readonly IDBKeyRange?: typeof IDBKeyRange;
  /** `locks` (the Web Locks API) keeps a second client off the same database; without it there is no such check. */
  readonly navigator: { readonly onLine: boolean; readonly locks?: StorageLocks };
  readonly document: WebEventTarget & { readonly visibilityState: string };
  /** Reads a `blob:`/`data:` URL an app hands `client.file.uploadFile`; without it, only adapter paths. */
  readonly fetch?: (url: string) => Promise<Response>;
  /** With `navigator.locks`, lets the tabs of the origin share one database (see {@link web}). */
  readonly BroadcastChannel?: new (name: string) => WebBroadcastChannel;
}

/** Options of {@link web}. */
export interface WebOptions {
  /** Name of the IndexedDB database. Default `mpsync`. */
  readonly databaseName?: string;
  /** Soft cap on stored bytes (see `dexieStorage`); default none: the browser's quota applies. */
  readonly quotaBytes?: number;
  /**
   * Whether the tabs of this origin that open the same database share it (default `true`, where
   * the browser has `navigator.locks` and `BroadcastChannel`). `false`: one client per database,
   * another one fails with `STORAGE_IN_USE`.
   */
  readonly shareTabs?: boolean;
}

/**
 * The web platform: records in IndexedDB (`dexieStorage`), the network from `navigator.onLine`
 * and the `online`/`offline` events, the app hidden when the page is (`visibilitychange`,
 * `pagehide`) and shown when it is visible again (`visibilitychange`, `pageshow`).
 *
 * Many tabs, one database: where the browser has the Web Locks API (`navigator.locks`) and
 * `BroadcastChannel`, the clients that several tabs open on the same database share it
 * (`createSyncClient` of the web entry): one tab holds the storage and syncs, the others send it
 * their calls and watches, and when it closes the next tab takes over (docs/tabs.md). A tab whose
 * client was opened with other options (another space, other collections, filters, conflict
 * rules or auth) fails with `MpsyncError('STORAGE_IN_USE')`, and so does any client while a
 * client that does not share (an explicit `dexieStorage`, `shareTabs: false`) holds the database.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` when `win` is absent and there is no global `window`
 * @example
 * const mpServerless = new MPServerless(fetchSdkAdapter(), { appId, spaceId, clientSecret, endpoint });
 * const client = await createSyncClient({ mpServerless, platform: web(), collections: { todos: {} } });
 */
export function web(win?: WebWindow, options: WebOptions = {}): Platform {
  const w = win ?? globalWindow();
  const network = networkHub(w);
  const lifecycle = lifecycleHub(w);
  let storage: StorageBackend | undefined;
  let keeper: FileKeeper | undefined;
  const { indexedDB: idb, IDBKeyRange: keyRange } = w;
  const databaseName = options.databaseName ?? 'mpsync';
  const platform: Platform = {
    name: 'web',
    // Files waiting for an offline upload: a database of their own beside the cache's.
    ...(idb && keyRange
      ? {
          fileKeeper: () =>
            (keeper ??= webFileKeeper({
              blobs: dexieBlobStore({ indexedDB: idb, IDBKeyRange: keyRange, databaseName: `${options.databaseName ?? 'mpsync'}-files` }),
              fetch: (url) => (w.fetch ? w.fetch(url) : Promise.reject(new TypeError('this window has no fetch'))),
            })),
        }
      : {}),
    defaultStorage() {
      if (storage) return storage;
      const { indexedDB, IDBKeyRange } = w;
      if (!indexedDB || !IDBKeyRange)
        throw new MpsyncError('STORAGE_FAILED', 'this browser offers no IndexedDB; pass options.storage (memoryStorage() keeps nothing across reloads)');
      const { locks } = w.navigator;
      storage = dexieStorage({
        indexedDB,
        IDBKeyRange,
        databaseName,
        ...(options.quotaBytes === undefined ? {} : { quotaBytes: options.quotaBytes }),
        ...(locks === undefined ? {} : { locks }),
      });
      return storage;
    },
    isOnline: () => w.navigator.onLine,
    onNetworkChange: (listener) => network(listener),
    onAppShow: (listener) => lifecycle(listener, 'show'),
    onAppHide: (listener) => lifecycle(listener, 'hide'),
    classifyError: classifyWebError,
    // Browsers open at most 6 HTTP/1.1 connections per host and queue the rest (HTTP/2 multiplexes
    // more); beyond 6, requests only wait in the browser's queue instead of ours.
    maxConcurrentRequests: 6,
  };
  const { locks } = w.navigator;
  const { indexedDB, IDBKeyRange, BroadcastChannel: Channel } = w;
  if (options.shareTabs !== false && locks && Channel && indexedDB && IDBKeyRange) {
    registerWebSharing(platform, {
      locks,
      lockName: dexieLockName(databaseName),
      openChannel: () => new Channel(`mpsync:tabs:${databaseName}`),
      // The election lock already keeps every other client off the database.
      openStorage: () =>
        dexieStorage({ indexedDB, IDBKeyRange, databaseName, ...(options.quotaBytes === undefined ? {} : { quotaBytes: options.quotaBytes }) }),
    });
  }
  return platform;
}

const FETCH_FAILURE =
  /failed to fetch|networkerror when attempting to fetch|load failed|fetch failed|network ?error|network connection was lost|appears to be offline/i;

/**
 * What a failed SDK call means in a browser (with {@link fetchSdkAdapter}, whose failures read
 * `request:fail <fetch error>`).
 *
 * | What the browser reports | Code |
 * |---|---|
 * | fetch rejected: "Failed to fetch" (Chrome), "NetworkError when attempting to fetch resource." (Firefox), "Load failed" (Safari), a `TypeError` with such a message | `OFFLINE` |
 * | the adapter's timer fired ("request:fail timeout"), a `TimeoutError` | `TIMEOUT` |
 * | a third-party login was asked for ({@link WEB_AUTH_CODE_UNAVAILABLE}) | `UNAUTHORIZED` |
 * | anything else | `undefined` (the generic rules) |
 *
 * @example
 * classifyWebError(new TypeError('Failed to fetch')); // 'OFFLINE'
 */
export function classifyWebError(error: unknown): ErrorCode | undefined {
  const facts = errorFacts(error);
  if (facts.texts.some((text) => text.includes(WEB_AUTH_CODE_UNAVAILABLE))) return 'UNAUTHORIZED';
  if (facts.names.includes('TimeoutError') || apiFailureMatches(facts, /time ?out|timed out/i)) return 'TIMEOUT';
  if (apiFailureMatches(facts, FETCH_FAILURE)) return 'OFFLINE';
  if (facts.names.includes('TypeError') && facts.texts.some((text) => FETCH_FAILURE.test(text))) return 'OFFLINE';
  return undefined;
}

// One pair of window listeners while anyone listens; subscribers hear real changes only (the
// events can repeat, e.g. `offline` twice when several interfaces go down).
function networkHub(w: WebWindow) {
  const listeners = new Set<(online: boolean) => void>();
  let last = w.navigator.onLine;
  const changed = (): void => {
    const now = w.navigator.onLine;
    if (now === last) return;
    last = now;
    for (const listener of [...listeners]) listener(now);
  };
  return (listener: (online: boolean) => void): (() => void) => {
    const wrapped = (online: boolean) => listener(online);
    if (listeners.size === 0) {
      last = w.navigator.onLine;
      w.addEventListener('online', changed);
      w.addEventListener('offline', changed);
    }
    listeners.add(wrapped);
    return () => {
      if (!listeners.delete(wrapped) || listeners.size > 0) return;
      w.removeEventListener('online', changed);
      w.removeEventListener('offline', changed);
    };
  };
}

// `visibilitychange` and `pagehide` both fire when a tab closes; tracking the state makes that
// one hide. `pageshow` covers a page restored from the back-forward cache.
function lifecycleHub(w: WebWindow) {
  const shows = new Set<() => void>();
  const hides = new Set<() => void>();
  let hidden = w.document.visibilityState === 'hidden';
  const set = (next: boolean): void => {
    if (next === hidden) return;
    hidden = next;
    for (const listener of [...(hidden ? hides : shows)]) listener();
  };
  const onVisibility = () => set(w.document.visibilityState === 'hidden');
  const onPageHide = () => set(true);
  const attach = (): void => {
    hidden = w.document.visibilityState === 'hidden';
    w.document.addEventListener('visibilitychange', onVisibility);
    w.addEventListener('pagehide', onPageHide);
    w.addEventListener('pageshow', onVisibility);
  };
  const detach = (): void => {
    w.document.removeEventListener('visibilitychange', onVisibility);
    w.removeEventListener('pagehide', onPageHide);
    w.removeEventListener('pageshow', onVisibility);
  };
  return (listener: () => void, event: 'show' | 'hide'): (() => void) => {
    const wrapped = () => listener();
    if (shows.size + hides.size === 0) attach();
    (event === 'show' ? shows : hides).add(wrapped);
    return () => {
      if (!(event === 'show' ? shows : hides).delete(wrapped)) return;
      if (shows.size + hides.size === 0) detach();
    };
  };
}

function globalWindow(): WebWindow {
  if (typeof window === 'undefined' || typeof document === 'undefined')
    throw new MpsyncError('INVALID_ARGUMENT', 'web() needs a window: pass one, or call it in a web page');
  return window;
}
