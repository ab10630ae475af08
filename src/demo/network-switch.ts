import type { FetchWindow, WebWindow } from '../platform/web';

/**
 * The demo's "online" switch. Turning it off takes this tab offline for mpsync exactly as a lost
 * network would: the window given to `web()` reports `navigator.onLine === false` and fires
 * `offline`, and the fetch given to `fetchSdkAdapter()` fails as Chrome's does
 * (`TypeError('Failed to fetch')`). The real network counts too: the tab is online only when the
 * switch is on **and** the browser is online.
 */
export interface NetworkSwitch {
  /** The window for `web()`: `navigator.onLine` and the `online`/`offline` events follow the switch and the browser. */
  readonly window: WebWindow;
  /** The window for `fetchSdkAdapter()`: its `fetch` fails while the switch is off. */
  readonly fetchWindow: FetchWindow;
  /** Whether the switch is on. */
  enabled(): boolean;
  /** Turns the switch on or off. */
  setEnabled(on: boolean): void;
  /** Calls `listener` when the switch or the browser's network may have changed; returns a function that stops it. */
  onChange(listener: () => void): () => void;
}

/**
 * Wraps `win` with a switch that starts in state `enabled`.
 *
 * @example fragment
 * const net = networkSwitch(window, true);
 * const mp = new MPServerless(fetchSdkAdapter(net.fetchWindow), config);
 * const client = await createSyncClient({ mpServerless: mp, platform: web(net.window), collections: { todos: {} } });
 * net.setEnabled(false); // client.status().online === false; requests fail with "Failed to fetch"
 */
export function networkSwitch(win: Window & typeof globalThis, enabled: boolean): NetworkSwitch {
  const networkListeners = new Set<() => void>();
  const changeListeners = new Set<() => void>();
  const notify = (): void => {
    for (const listener of [...networkListeners]) listener();
    for (const listener of [...changeListeners]) listener();
  };
  // The browser's own changes reach web() through the wrapper, so one listener set sees both sources.
  win.addEventListener('online', notify);
  win.addEventListener('offline', notify);
  const online = () => enabled && win.navigator.onLine;
  const locks = win.isSecureContext ? win.navigator.locks : undefined;

  const webWindow: WebWindow = {
    indexedDB: win.indexedDB,
    IDBKeyRange: win.IDBKeyRange,
    navigator: {
      get onLine() {
        return online();
      },
      ...(locks ? { locks } : {}),
    },
    document: win.document,
    // Tabs of the profile share one database through it (with `locks`).
    ...(locks && typeof win.BroadcastChannel === 'function' ? { BroadcastChannel: win.BroadcastChannel } : {}),
    addEventListener(type, listener) {
      if (type === 'online' || type === 'offline') networkListeners.add(listener);
      else win.addEventListener(type, listener);
    },
    removeEventListener(type, listener) {
      if (type === 'online' || type === 'offline') networkListeners.delete(listener);
      else win.removeEventListener(type, listener);
    },
  };
  const fetchWindow: FetchWindow = {
    fetch: (input, init) => (online() ? win.fetch(input, init) : Promise.reject(new TypeError('Failed to fetch'))),
    setTimeout: (handler, timeout) => win.setTimeout(handler, timeout),
    clearTimeout: (id) => win.clearTimeout(id),
    AbortController: win.AbortController,
    FormData: win.FormData,
  };
  return {
    window: webWindow,
    fetchWindow,
    enabled: () => enabled,
    setEnabled(on) {
      if (on === enabled) return;
      enabled = on;
      notify();
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  };
}
