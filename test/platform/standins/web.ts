/**
 * A stand-in of a browser `window` (what `web()` and `fetchSdkAdapter()` use):
 * - IndexedDB from fake-indexeddb, one private factory per stand-in so a "restart" (a new
 *   platform object over the same stand-in) finds the same databases; `fillStorage()` makes every
 *   write fail with a `QuotaExceededError` DOMException, the name browsers report when the origin's
 *   quota is reached (thrown by `put`, a simplification of the browser's asynchronous abort).
 * - `navigator.onLine` and the `online`/`offline` window events (dispatched on every
 *   `setNetwork`, repeats included).
 * - `document.visibilityState` with `visibilitychange` (`hide()`/`show()`), and `pagehide`.
 * - `fetch` over real loopback HTTP that rejects with `TypeError('Failed to fetch')` (Chrome's
 *   text) while offline, or as `failNextFetch` says; `setTimeout`/`clearTimeout` that run only
 *   when the test calls `fireTimers()`.
 */
import { IDBFactory, IDBKeyRange, IDBObjectStore } from 'fake-indexeddb';
import type { FetchWindow, WebWindow } from '../../../src/platform/web';
import { Listeners, stringHeaders, type SentRequest, type StandInControls } from './common';

interface WindowState {
  full: boolean;
}

// Databases opened through a stand-in's factory, to the stand-in that owns them.
const owners = new WeakMap<object, WindowState>();
let patched = false;

// fake-indexeddb has no quota; writes to a full stand-in's databases fail as a browser's would.
function patchQuota(): void {
  if (patched) return;
  patched = true;
  const proto = IDBObjectStore.prototype;
  // Kept to be called with each store as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const { put, add } = proto;
  const refuse = (store: IDBObjectStore) => {
    if (owners.get(store.transaction.db)?.full) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    refuse(this);
    return put.call(this, value, key);
  };
  proto.add = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    refuse(this);
    return add.call(this, value, key);
  };
}

/** A `window` stand-in and the controls a test drives it with. */
export interface WindowStandIn extends StandInControls {
  readonly window: WebWindow & FetchWindow;
  /** The page is being unloaded or put in the back-forward cache. */
  pagehide(): void;
  /** The next `fetch` rejects with `failure`, or never settles until aborted (`'hang'`). */
  failNextFetch(failure: Error | 'hang'): void;
  /** Runs every pending timer now. */
  fireTimers(): void;
  /** Every request `fetch` was asked for. */
  readonly sent: SentRequest[];
}

/**
 * A new `window` stand-in.
 *
 * @example
 * const world = windowStandIn({ online: false });
 * const platform = web(world.window);
 */
export function windowStandIn(options: { online?: boolean } = {}): WindowStandIn {
  patchQuota();
  const state: WindowState = { full: false };
  let online = options.online ?? true;
  let visibility: 'visible' | 'hidden' = 'visible';
  const windowEvents = new Map<string, Listeners<[]>>();
  const documentEvents = new Map<string, Listeners<[]>>();
  const events = (map: Map<string, Listeners<[]>>, type: string) => {
    let list = map.get(type);
    if (!list) map.set(type, (list = new Listeners<[]>()));
    return list;
  };
  const failures: (Error | 'hang')[] = [];
  let responder: ((request: SentRequest) => unknown) | undefined;
  const timers = new Map<number, () => void>();
  let nextTimer = 0;
  const sent: SentRequest[] = [];

  const real = new IDBFactory();
  const indexedDB: IDBFactory = {
    open(name: string, version?: number) {
      const request = real.open(name, version);
      const own = () => owners.set(request.result, state);
      request.addEventListener('upgradeneeded', own);
      request.addEventListener('success', own);
      return request;
    },
    deleteDatabase: (name: string) => real.deleteDatabase(name),
    cmp: (a: unknown, b: unknown) => real.cmp(a, b),
    databases: () => real.databases(),
  };

  const standInFetch = (input: string, init: RequestInit = {}): Promise<Response> => {
    const request: SentRequest = {
      url: input,
      method: init.method ?? 'GET',
      headers: stringHeaders(init.headers),
      body: typeof init.body === 'string' ? init.body : undefined,
      options: { ...init },
    };
    sent.push(request);
    const failure = failures.shift();
    if (failure === 'hang') {
      return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError'))));
    }
    if (failure) return Promise.reject(failure);
    if (!online) return Promise.reject(new TypeError('Failed to fetch'));
    const answer = responder?.(request);
    if (answer !== undefined) return Promise.resolve(new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } }));
    return fetch(input, init);
  };

  const win: WindowStandIn['window'] = {
    indexedDB,
    IDBKeyRange,
    navigator: {
      get onLine() {
        return online;
      },
    },
    document: {
      get visibilityState() {
        return visibility;
      },
      addEventListener: (type, fn) => events(documentEvents, type).on(fn),
      removeEventListener: (type, fn) => events(documentEvents, type).off(fn),
    },
    addEventListener: (type, fn) => events(windowEvents, type).on(fn),
    removeEventListener: (type, fn) => events(windowEvents, type).off(fn),
    fetch: standInFetch,
    setTimeout: (fn) => {
      const id = ++nextTimer;
      timers.set(id, fn);
      return id;
    },
    clearTimeout: (id) => {
      if (id !== undefined) timers.delete(id);
    },
    AbortController,
    FormData,
  };

  const setVisibility = (next: 'visible' | 'hidden') => {
    visibility = next;
    events(documentEvents, 'visibilitychange').emit();
  };

  return {
    window: win,
    sent,
    setNetwork(type) {
      online = !['none', 'offline', 'NOTREACHABLE'].includes(type);
      events(windowEvents, online ? 'online' : 'offline').emit();
    },
    hide: () => setVisibility('hidden'),
    show: () => setVisibility('visible'),
    pagehide: () => events(windowEvents, 'pagehide').emit(),
    fillStorage: () => {
      state.full = true;
    },
    freeStorage: () => {
      state.full = false;
    },
    listenerCount: (event) => (event === 'network' ? events(windowEvents, 'online').size : events(documentEvents, 'visibilitychange').size),
    respondWith: (answer) => {
      responder = answer;
    },
    failNextFetch: (failure) => failures.push(failure),
    fireTimers: () => {
      for (const [id, fn] of [...timers]) {
        timers.delete(id);
        fn();
      }
    },
  };
}
