import type { RxDocumentData, RxStorageInstance } from 'rxdb';
import type { MemoryStorageInternals } from 'rxdb/plugins/storage-memory';

/**
 * Puts stored rows into a new, empty RxDB memory-storage instance without a `bulkWrite`.
 *
 * Why (measured on 10,000 cached todos): RxDB's generic write path checks every row against the
 * state, builds one change event per row and then builds every index of the instance, where an
 * index key pads the primary key to its schema `maxLength` (1,001 characters for a cached row) —
 * about 20 MB of index strings and a quarter of a cold open, mostly in garbage collection. The
 * documents map is all that reads by id and mpsync's own mirror need, so it is filled here at once,
 * and the index build is handed to the memory storage's own deferred step (`ensurePersistence`),
 * which runs before the instance's first query, count or write: a client that opens and reads
 * never waits for it, and the replication (which queries by `_meta.lwt`) builds it when it starts.
 *
 * Relies on the memory storage's internals of the pinned RxDB release: when they do not look as
 * expected it returns `false` and the caller loads through `bulkWrite` instead.
 */
export function preloadMemoryInstance<T>(instance: RxStorageInstance<T, unknown, unknown>, primaryPath: string, docs: readonly RxDocumentData<T>[]): boolean {
  const internals = memoryInternals(instance);
  if (internals === undefined || internals.documents.size > 0 || internals.ensurePersistenceTask !== undefined) return false;
  for (const document of docs) internals.documents.set((document as Record<string, unknown>)[primaryPath] as string, document);
  const { documents } = internals;
  // The shape `ensurePersistence` consumes: inserts only; no events (nobody listens to a new
  // instance) and no attachments (mpsync stores none). The insert rows are made when the build
  // reads them, from the documents map (which every write and read updates only after that
  // build), so an open cache does not keep one wrapper object per row until then.
  internals.ensurePersistenceTask = {
    get bulkInsertDocs() {
      return [...documents.values()].map((document) => ({ document }));
    },
    bulkUpdateDocs: [],
    errors: [],
    eventBulk: { id: 'mpsync-preload', events: [], checkpoint: null, context: 'mpsync-preload' },
    attachmentsAdd: [],
    attachmentsRemove: [],
    attachmentsUpdate: [],
  };
  return true;
}

/**
 * Every row of a memory-storage instance (deleted ones included), in no particular order, read from
 * its documents map: unlike a query, this does not make the instance build its indexes first.
 * Returns `undefined` for an instance that is not RxDB's memory storage (or wraps one).
 */
export function memoryInstanceRows<T>(instance: RxStorageInstance<T, unknown, unknown>): RxDocumentData<T>[] | undefined {
  const internals = memoryInternals(instance);
  return internals === undefined ? undefined : [...internals.documents.values()];
}

/**
 * Closes a memory-storage instance without building the indexes a preload left pending: RxDB's
 * `close` applies any deferred work first, which after a cold open is the whole index build, for
 * a state that mpsync never reads again (each client's storage state is private to it). The pending
 * work is put back afterwards, so a state that is opened again still gets it before its first read.
 */
export async function closeMemoryInstance<T>(instance: RxStorageInstance<T, unknown, unknown>): Promise<void> {
  const internals = memoryInternals(instance);
  const pending = internals?.ensurePersistenceTask;
  if (internals !== undefined) delete internals.ensurePersistenceTask;
  try {
    await instance.close();
  } finally {
    if (internals !== undefined && pending !== undefined && internals.ensurePersistenceTask === undefined) internals.ensurePersistenceTask = pending;
  }
}

function memoryInternals<T>(instance: RxStorageInstance<T, unknown, unknown>): MemoryStorageInternals<T> | undefined {
  const internals = instance.internals as Partial<MemoryStorageInternals<T>> | null | undefined;
  const usable = internals !== null && typeof internals === 'object' && internals.documents instanceof Map && Array.isArray(internals.byIndexArray);
  return usable ? (internals as MemoryStorageInternals<T>) : undefined;
}
