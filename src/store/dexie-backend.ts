import Dexie, { type Table } from 'dexie';
import { MpsyncError } from '../core/errors';
import { SerialQueue } from '../core/serial-queue';
import type { StorageBackend, StoredRecord } from './backend';
import { checkQuota, encodeBatch, recordBytes, type EncodedBatch } from './batch';

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

/** One stored record; the value is kept as JSON text so every backend round-trips values alike. */
interface Row {
  readonly namespace: string;
  readonly key: string;
  readonly json: string;
}

type RowKey = [namespace: string, key: string];
type RowTable = Table<Row, RowKey>;

const DEFAULT_LOCK_WAIT_MS = 1000;

// Any array sorts after every string in IndexedDB, so [ns, []] is above every key of namespace ns.
const AFTER_ALL_KEYS: never[] = [];

/**
 * A backend in IndexedDB through Dexie: one database with one table keyed by
 * `[namespace+key]`. A commit is one read-write transaction, so IndexedDB makes it atomic, and it
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
  // Bytes stored, measured on the first commit that needs it; only tracked when there is a quota.
  let used: number | undefined;
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

  const table = (): RowTable => {
    if (db === undefined) {
      db = new Dexie(databaseName, {
        indexedDB: options.indexedDB,
        IDBKeyRange: options.IDBKeyRange,
        chromeTransactionDurability: 'strict',
        cache: 'disabled',
      });
      db.version(1).stores({ records: '[namespace+key]' });
    }
    return db.table<Row, RowKey>('records');
  };
  const space = (rows: RowTable, namespace: string) => rows.where('[namespace+key]').between([namespace, ''], [namespace, AFTER_ALL_KEYS], true, true);
  const queue = <T>(task: (rows: RowTable) => Promise<T>): Promise<T> =>
    calls
      .run(async () => {
        await acquireLock();
        return task(table());
      })
      .catch((error: unknown) => Promise.reject(dexieError(error)));
  const measure = async (rows: RowTable): Promise<number> => {
    let bytes = 0;
    await rows.each((row) => (bytes += rowBytes(row)));
    return bytes;
  };

  return {
    kind: 'indexeddb',
    load: (namespace) =>
      queue(async (rows) => {
        const found = await space(rows, namespace).toArray();
        return found.map((row): StoredRecord => ({ key: row.key, value: JSON.parse(row.json) as StoredRecord['value'] }));
      }),
    commit(namespace, batch) {
      // Encoded now, not when its turn comes: the caller may change the objects as soon as this returns.
      let encoded: EncodedBatch;
      try {
        encoded = encodeBatch(namespace, batch);
      } catch (error) {
        return Promise.reject(dexieError(error));
      }
      const { puts, deletes } = encoded;
      if (puts.length === 0 && deletes.length === 0) return queue(() => Promise.resolve());
      return queue(async (rows) => {
        let delta = 0;
        await rows.db.transaction('rw', rows, async () => {
          if (quotaBytes !== undefined) {
            used ??= await measure(rows);
            const old = await rows.bulkGet([...puts.map(([key]): RowKey => [namespace, key]), ...deletes.map((key): RowKey => [namespace, key])]);
            for (const row of old) delta -= row === undefined ? 0 : rowBytes(row);
            for (const [key, json] of puts) delta += recordBytes(key, json);
            checkQuota(used, delta, quotaBytes);
          }
          await rows.bulkDelete(deletes.map((key): RowKey => [namespace, key]));
          await rows.bulkPut(puts.map(([key, json]): Row => ({ namespace, key, json })));
        });
        if (used !== undefined) used += delta;
      });
    },
    drop: (namespace) =>
      queue(async (rows) => {
        let freed = 0;
        await rows.db.transaction('rw', rows, async () => {
          if (used !== undefined) await space(rows, namespace).each((row) => (freed += rowBytes(row)));
          await space(rows, namespace).delete();
        });
        if (used !== undefined) used -= freed;
      }),
    namespaces: () =>
      queue(async (rows) => {
        // Skip-scan over the primary key: one cursor step per namespace, not per record.
        const names: string[] = [];
        let next = await rows.orderBy('[namespace+key]').firstKey();
        while (Array.isArray(next) && typeof next[0] === 'string') {
          names.push(next[0]);
          next = await rows.where('[namespace+key]').above([next[0], AFTER_ALL_KEYS]).firstKey();
        }
        return names;
      }),
    close: () =>
      calls.run(() => {
        db?.close();
        db = undefined;
        // Another tab may write while this one is closed, so the size is measured again on reopen.
        used = undefined;
        releaseLock?.();
        releaseLock = undefined;
        return Promise.resolve();
      }),
  };
}

function rowBytes(row: Row): number {
  return recordBytes(row.key, row.json);
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
