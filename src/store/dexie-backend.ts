import type Dexie from 'dexie';
import { MpsyncError } from '../core/errors';
import { SerialQueue } from '../core/serial-queue';
import type { StorageBackend } from './backend';
import { encodeBatch, type EncodedBatch } from './batch';
import { ChunkStore, openChunkDatabase } from './dexie-chunks';

/** Options of {@link dexieStorage}. */
export interface DexieStorageOptions {
  /** The IndexedDB factory: `window.indexedDB` in browsers, `fake-indexeddb` in Node tests. */
  readonly indexedDB: IDBFactory;
  /** The matching key-range class: `window.IDBKeyRange`, or `fake-indexeddb`'s. */
  readonly IDBKeyRange: typeof IDBKeyRange;
  /** Name of the IndexedDB database. Default `mpsync`. */
  readonly databaseName?: string;
  /**
   * Soft cap, in bytes, on the stored data (UTF-8 bytes of every record's key and JSON value). A
   * commit that would grow the data past it rejects with `QUOTA_EXCEEDED`. Default: none (the
   * browser's own quota still applies and is reported the same way).
   */
  readonly quotaBytes?: number;
  /**
   * The Web Locks API (`navigator.locks`). With it, the storage holds an exclusive lock named
   * `mpsync:indexeddb:<databaseName>` from its first call until `close()`, so a second storage on
   * the same database in this origin (another tab, or a second client in this page) fails with
   * `STORAGE_IN_USE` instead of silently sharing it. Default: no lock.
   */
  readonly locks?: StorageLocks;
  /**
   * How long a call waits for a held lock before failing with `STORAGE_IN_USE` (a page being
   * reloaded may release it a moment after the new page asks). Default 1000 ms; `0` fails at once.
   */
  readonly lockWaitMs?: number;
}

/** The part of the Web Locks API (`navigator.locks`) that {@link dexieStorage} uses. */
export interface StorageLocks {
  request(
    name: string,
    options: { readonly ifAvailable?: boolean; readonly signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void> | undefined,
  ): Promise<unknown>;
}

/**
 * The name of the Web Lock that {@link dexieStorage} holds on a database (with `locks`), and that
 * tabs sharing one database elect their leader with.
 *
 * @example
 * dexieLockName('mpsync'); // 'mpsync:indexeddb:mpsync'
 */
export function dexieLockName(databaseName: string): string {
  return `mpsync:indexeddb:${databaseName}`;
}

const DEFAULT_LOCK_WAIT_MS = 1000;

/**
 * A backend in IndexedDB through Dexie: one database whose records are chunks of many stored
 * records each (dexie-chunks.ts), so an open reads a few large records. A commit is one read-write transaction, so IndexedDB makes it atomic, and it
 * asks for strict durability, so it has reached the disk when it resolves. `QuotaExceededError`
 * becomes `MpsyncError('QUOTA_EXCEEDED')`. With `locks`, one storage at a time may use a database:
 * another one's calls fail with `MpsyncError('STORAGE_IN_USE')` until the first is closed.
 *
 * @example
 * const storage = dexieStorage({ indexedDB: window.indexedDB, IDBKeyRange: window.IDBKeyRange });
 * await storage.commit('todos', { puts: [{ key: 'a', value: { title: 'milk' } }], deletes: [] });
 */
export function dexieStorage(options: DexieStorageOptions): StorageBackend {
  const { quotaBytes } = options;
  let db: Dexie | undefined;
  const calls = new SerialQueue();
  const databaseName = options.databaseName ?? 'mpsync';
  // Set while the lock is held: resolving it lets the lock go.
  let releaseLock: (() => void) | undefined;

  const acquireLock = async (): Promise<void> => {
    const { locks } = options;
    if (locks === undefined || releaseLock !== undefined) return;
    const name = dexieLockName(databaseName);
    const waitMs = options.lockWaitMs ?? DEFAULT_LOCK_WAIT_MS;
    const controller = waitMs > 0 ? new AbortController() : undefined;
    const timer = controller ? setTimeout(() => controller.abort(), waitMs) : undefined;
    const inUse = (cause?: unknown) =>
      new MpsyncError(
        'STORAGE_IN_USE',
        `the IndexedDB database "${databaseName}" is in use by another mpsync client (another tab of this page, or a client in this one); close it or use another databaseName`,
        { cause },
      );
    let granted = false;
    try {
      await new Promise<void>((resolve, reject) => {
        const request = locks.request(name, controller ? { signal: controller.signal } : { ifAvailable: true }, (lock) => {
          if (lock === null) {
            reject(inUse());
            return undefined;
          }
          granted = true;
          resolve();
          // The lock is held until this promise settles: at close().
          return new Promise<void>((release) => (releaseLock = release));
        });
        request.catch((error: unknown) => {
          if (!granted)
            reject(
              controller?.signal.aborted
                ? inUse(error)
                : new MpsyncError('STORAGE_FAILED', `the lock on IndexedDB database "${databaseName}" failed: ${String(error)}`, { cause: error }),
            );
        });
      });
    } finally {
      clearTimeout(timer);
    }
  };

  const chunks = new ChunkStore(quotaBytes);
  const database = (): Dexie => (db ??= openChunkDatabase(databaseName, options));
  const queue = <T>(task: (db: Dexie) => Promise<T>): Promise<T> =>
    calls
      .run(async () => {
        await acquireLock();
        return task(database());
      })
      .catch((error: unknown) => Promise.reject(dexieError(error)));
  return {
    kind: 'indexeddb',
    load: (namespace) => queue((open) => chunks.load(open, namespace)),
    commit(namespace, batch) {
      // Encoded now, not when its turn comes: the caller may change the objects as soon as this returns.
      let encoded: EncodedBatch;
      try {
        encoded = encodeBatch(namespace, batch);
      } catch (error) {
        return Promise.reject(dexieError(error));
      }
      if (encoded.puts.length === 0 && encoded.deletes.length === 0) return queue(() => Promise.resolve());
      return queue((open) => chunks.commit(open, namespace, encoded));
    },
    drop: (namespace) => queue((open) => chunks.drop(open, namespace)),
    namespaces: () => queue((open) => chunks.namespaces(open)),
    close: () =>
      calls.run(() => {
        db?.close();
        db = undefined;
        // Another tab may write while this one is closed, so the size is measured again on reopen.
        chunks.reset();
        releaseLock?.();
        releaseLock = undefined;
        return Promise.resolve();
      }),
  };
}

function dexieError(error: unknown): MpsyncError {
  if (error instanceof MpsyncError) return error;
  if (isQuotaError(error, 0)) return new MpsyncError('QUOTA_EXCEEDED', 'IndexedDB storage is full', { cause: error });
  return new MpsyncError('STORAGE_FAILED', `IndexedDB storage failed: ${String(error)}`, { cause: error });
}

// Dexie may wrap the browser's error (`inner`, `cause`) or collect it among a bulk call's `failures`.
function isQuotaError(error: unknown, depth: number): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { name, inner, cause, failures } = error as { name?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (name === 'QuotaExceededError') return true;
  const nested = typeof failures === 'object' && failures !== null ? Object.values(failures as Record<string, unknown>) : [];
  return [inner, cause, ...nested].some((next) => isQuotaError(next, depth + 1));
}
