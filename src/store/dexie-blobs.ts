import Dexie, { type Table } from 'dexie';
import { MpsyncError } from '../core/errors';

/** Options of {@link dexieBlobStore}. */
export interface DexieBlobStoreOptions {
  /** The IndexedDB factory: `window.indexedDB` in browsers, `fake-indexeddb` in Node tests. */
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
  /** Name of the IndexedDB database; default `mpsync-files`. A database of its own, beside the cache's. */
  readonly databaseName?: string;
}

/** One stored file: its bytes and what a later upload needs to name it. */
export interface StoredBlob {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** Files kept in IndexedDB (the web's place for files that wait to be uploaded). */
export interface BlobStore {
  put(blob: StoredBlob): Promise<void>;
  get(id: string): Promise<StoredBlob | undefined>;
  delete(id: string): Promise<void>;
  /** Bytes of every stored file. */
  totalBytes(): Promise<number>;
  /** Every stored file's id, name and size (not its bytes). */
  list(): Promise<Array<{ readonly id: string; readonly name: string; readonly size: number }>>;
}

interface Row extends StoredBlob {
  readonly size: number;
}

/**
 * A {@link BlobStore} over IndexedDB through Dexie. Bytes are stored as a `Uint8Array`, not a
 * `Blob`: every IndexedDB (fake-indexeddb in Node included) stores those, and a write has
 * committed when the call resolves.
 *
 * @example
 * const blobs = dexieBlobStore({ indexedDB: window.indexedDB, IDBKeyRange: window.IDBKeyRange });
 */
export function dexieBlobStore(options: DexieBlobStoreOptions): BlobStore {
  let db: Dexie | undefined;
  const table = (): Table<Row, string> => {
    if (!db) {
      db = new Dexie(options.databaseName ?? 'mpsync-files', { indexedDB: options.indexedDB, IDBKeyRange: options.IDBKeyRange });
      db.version(1).stores({ files: 'id' });
    }
    return db.table('files');
  };
  const failed = (what: string, error: unknown) => {
    const name = (error as { name?: unknown; inner?: { name?: unknown } } | null)?.inner?.name ?? (error as { name?: unknown } | null)?.name;
    return new MpsyncError(name === 'QuotaExceededError' ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', `IndexedDB could not ${what}: ${String(error)}`, {
      cause: error,
    });
  };
  return {
    async put(blob) {
      await table()
        .put({ ...blob, size: blob.bytes.byteLength })
        .catch((error: unknown) => Promise.reject(failed('keep the file', error)));
    },
    async get(id) {
      const row = await table().get(id);
      return row && { id: row.id, name: row.name, type: row.type, bytes: row.bytes };
    },
    async delete(id) {
      await table().delete(id);
    },
    async totalBytes() {
      let total = 0;
      await table().each((row) => {
        total += row.size;
      });
      return total;
    },
    async list() {
      // Listing runs at every start: it must not create the database when no file was ever kept.
      if (!db && !(await databaseExists(options))) return [];
      const out: Array<{ id: string; name: string; size: number }> = [];
      await table().each((row) => {
        out.push({ id: row.id, name: row.name, size: row.size });
      });
      return out;
    },
  };
}

// `indexedDB.databases()` where the browser has it; without it, assume the database may exist.
async function databaseExists(options: DexieBlobStoreOptions): Promise<boolean> {
  const factory = options.indexedDB as Partial<Pick<IDBFactory, 'databases'>>;
  if (typeof factory.databases !== 'function') return true;
  const name = options.databaseName ?? 'mpsync-files';
  return (await factory.databases.call(options.indexedDB)).some((info) => info.name === name);
}
