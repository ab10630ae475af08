import type { StorageBackend } from '../store/backend';
import type { StorageLocks } from '../store/dexie-backend';
import type { Platform } from '../model/platform';

/** What {@link WebSharing} needs of `BroadcastChannel`. */
export interface WebBroadcastChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  close(): void;
}

/**
 * What the tabs of one origin need to share one database: the Web Lock that elects the tab which
 * holds it (the same lock the storage holds by itself, so clients that do not share are kept off
 * as before), a `BroadcastChannel` for the others, and the storage opened without a lock of its own.
 */
export interface WebSharing {
  readonly locks: StorageLocks;
  readonly lockName: string;
  openChannel(): WebBroadcastChannel;
  openStorage(): StorageBackend;
}

const sharing = new WeakMap<Platform, WebSharing>();

/** Records that tabs using `platform` can share its database (done by `web()`). */
export function registerWebSharing(platform: Platform, facts: WebSharing): void {
  sharing.set(platform, facts);
}

/**
 * How tabs share the database of a platform made by `web()`: `undefined` for any other platform,
 * for a browser without `navigator.locks` or `BroadcastChannel` (one client per database, as before),
 * or when `web(win, { shareTabs: false })` asked for that.
 *
 * @example
 * const facts = webSharing(web()); // { locks, lockName: 'mpsync:indexeddb:mpsync', openChannel, openStorage }
 */
export function webSharing(platform: Platform): WebSharing | undefined {
  return sharing.get(platform);
}
