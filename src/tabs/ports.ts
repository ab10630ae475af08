import type { StorageBackend } from '../store/backend';

/** The part of the Web Locks API (`navigator.locks`) the tabs of one database elect a leader with. */
export interface TabLocks {
  request(
    name: string,
    options: { readonly ifAvailable?: boolean; readonly signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void> | undefined,
  ): Promise<unknown>;
}

/** One end of a `BroadcastChannel`: a message posted reaches every other end of that name, in order. */
export interface TabChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  close(): void;
}

/**
 * What the tabs of one web app need to share one database: the lock that elects the tab holding
 * the storage, the channel the others talk to it on, and the storage itself, opened without a
 * lock of its own (the election lock already keeps every other client off it).
 */
export interface TabsEnvironment {
  readonly locks: TabLocks;
  /** The lock name; the same as the storage's own lock, so a client that does not share is kept off too. */
  readonly lockName: string;
  openChannel(): TabChannel;
  openStorage(): StorageBackend;
}
