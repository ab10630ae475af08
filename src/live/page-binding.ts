import type { SyncStatus } from '../model/status';
import type { WatchSnapshot } from './live-query';
import type { LiveObservable } from './observable';

/** The parts of a mini-program page (`this` inside `Page({...})`) the helpers use. */
export interface PageLike {
  setData(data: Record<string, unknown>): void;
  onUnload?: (...args: unknown[]) => unknown;
}

// Stops every binding of a page when the page unloads, calling the page's own onUnload too.
function stopOnUnload(page: PageLike, stop: () => void): () => void {
  const own = page.onUnload;
  page.onUnload = function (this: unknown, ...args: unknown[]) {
    stop();
    return own?.apply(this, args);
  };
  return stop;
}

/**
 * Binds a live query to a page: every snapshot goes to `page.setData({ [key]: { docs, fromCache,
 * hasPendingWrites, pending } })` (or what `map` makes of it), and the subscription ends when the page
 * unloads. Returns a function that ends it earlier.
 *
 * @example
 * Page({
 *   onLoad() {
 *     bindWatch(this, 'todos', client.db.collection('todos').watch({ done: false }, { sort: { createdAt: -1 } }));
 *   },
 * });
 * // WXML: <view wx:for="{{todos.docs}}">{{item.title}}<text wx:if="{{todos.pending[index]}}"> (not synced)</text></view>
 * //       <text wx:if="{{todos.hasPendingWrites}}">syncing…</text>
 */
export function bindWatch<T = WatchSnapshot>(
  page: PageLike,
  key: string,
  watch: LiveObservable<WatchSnapshot>,
  map?: (snapshot: WatchSnapshot) => T,
): () => void {
  const subscription = watch.subscribe({
    next: (snapshot) => page.setData({ [key]: map ? map(snapshot) : snapshot }),
    error: (error) => page.setData({ [`${key}Error`]: describe(error) }),
  });
  return stopOnUnload(page, () => subscription.unsubscribe());
}

/**
 * Binds the client's sync status to a page: `page.setData({ [key]: status })` now and on every
 * change (`lastError` as `{ code, message }`), until the page unloads. Returns a function that ends it earlier.
 *
 * @example
 * Page({ onLoad() { bindStatus(this, 'sync', client); } });
 * // WXML: <text>{{sync.online ? '' : 'offline · '}}{{sync.pendingWrites}} waiting</text>
 */
export function bindStatus(
  page: PageLike,
  key: string,
  client: { status(): SyncStatus; onStatus(listener: (status: SyncStatus) => void): () => void },
): () => void {
  const show = (status: SyncStatus) => page.setData({ [key]: { ...status, lastError: status.lastError ? describe(status.lastError) : null } });
  show(client.status());
  return stopOnUnload(page, client.onStatus(show));
}

function describe(error: unknown): { code: string; message: string } {
  const e = error as { code?: unknown; message?: unknown };
  return { code: typeof e?.code === 'string' ? e.code : 'INTERNAL', message: typeof e?.message === 'string' ? e.message : String(error) };
}
