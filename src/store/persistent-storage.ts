import {
  categorizeBulkWriteRows,
  getPrimaryFieldOfPrimaryKey,
  type BulkWriteRow,
  type RxDocumentData,
  type RxStorage,
  type RxStorageBulkWriteResponse,
  type RxStorageInstance,
  type RxStorageInstanceCreationParams,
} from 'rxdb';
import { getRxStorageMemory, type RxStorageMemory } from 'rxdb/plugins/storage-memory';
import { MpsyncError } from '../core/errors';
import type { JsonObject } from '../core/json';
import { SerialQueue } from '../core/serial-queue';
import type { StorageBackend } from './backend';
import { compactIndexSchema } from './compact-index-schema';
import { closeMemoryInstance, preloadMemoryInstance } from './memory-preload';

/**
 * The write context for all-or-nothing writes: if any row of the batch conflicts (409), nothing of
 * the batch is committed or applied, and the conflicts are returned. RxDB's own writes are per
 * row; mpsync's local commands (an `updateMany` over 50 documents) must not half-apply.
 */
export const ATOMIC_WRITE_CONTEXT = 'mpsync-atomic-write';

/** The RxDB storage mpsync runs on: RxDB's memory storage, made durable by a {@link StorageBackend}. */
export type PersistentStorage = RxStorage<unknown, unknown>;

let storageCounter = 0;

/**
 * RxDB's memory storage, made durable: every storage instance (documents, RxDB's internal store,
 * replication checkpoints and assumed server states) is loaded from `backend` when it opens, and
 * every write is committed to `backend` **before** it is applied in memory. Consequences:
 * - a write's promise resolves after its commit, and nothing (no query, no event, no push) sees a
 *   write that is not durable; a write the backend refuses (`QUOTA_EXCEEDED`) changes nothing;
 * - writes of all instances go through one ordered queue, so after a crash the stored state is a
 *   prefix of the acknowledged writes (a checkpoint is never durable without the documents it covers);
 * - RxDB's per-write timestamps (`_meta.lwt`) are forced to keep increasing across restarts, so a
 *   device clock that went backwards cannot sort a pending write behind the replication checkpoint.
 *
 * The memory state is private to this object: a new `persistentStorage` over the same backend is a
 * true restart (RxDB's memory storage otherwise keeps a process-wide state that survives `close()`).
 *
 * @example fragment
 * const db = await createRxDatabase({ name: 'mpsync', storage: persistentStorage(memoryStorage()), multiInstance: false });
 */
export function persistentStorage(backend: StorageBackend): PersistentStorage {
  const memory: RxStorageMemory = Object.assign({}, getRxStorageMemory(), { collectionStates: new Map() });
  const queue = new SerialQueue();
  const loaded = new Set<string>();
  return {
    // Unique per object: RxDB refuses two open databases with one name on one storage name (DB8),
    // and two clients of one partition (a test's two devices) each have their own storage.
    name: `mpsync-persistent-${++storageCounter}`,
    rxdbVersion: memory.rxdbVersion,
    async createStorageInstance<RxDocType>(params: RxStorageInstanceCreationParams<RxDocType, unknown>) {
      const compact = { ...params, schema: compactIndexSchema(params.schema) };
      const inner = (await memory.createStorageInstance(compact as RxStorageInstanceCreationParams<RxDocType, object>)) as unknown as RxStorageInstance<
        RxDocType,
        unknown,
        unknown
      >;
      const namespace = `${params.databaseName}/${params.collectionName}/${params.schema.version}`;
      const primaryPath = getPrimaryFieldOfPrimaryKey(params.schema.primaryKey) as string;
      let lastLwt = 0;
      if (!loaded.has(namespace)) {
        loaded.add(namespace);
        const records = await backend.load(namespace);
        if (records.length > 0) {
          const docs = records.map((r) => r.value as unknown as RxDocumentData<RxDocType>);
          if (!preloadMemoryInstance(inner, primaryPath, docs)) {
            const result = await inner.bulkWrite(
              docs.map((document) => ({ document })),
              'mpsync-preload',
            );
            if (result.error.length > 0) throw new Error(`mpsync: ${result.error.length} stored rows of ${namespace} could not be loaded`);
          }
          for (const doc of docs) lastLwt = Math.max(lastLwt, doc._meta.lwt);
        }
      }
      return wrapInstance(inner, {
        schema: params.schema,
        namespace,
        primaryPath,
        backend,
        queue,
        clampLwt: (lwt) => (lastLwt = lwt > lastLwt ? lwt : Math.round((lastLwt + 0.01) * 100) / 100),
      });
    },
  };
}

interface WrapContext {
  /** The schema as RxDB knows it (the memory storage's own copy pads its index keys less). */
  readonly schema: unknown;
  readonly namespace: string;
  readonly primaryPath: string;
  readonly backend: StorageBackend;
  readonly queue: SerialQueue;
  /** Returns the timestamp to store: `lwt`, or a bit more than the last one when the clock went back. */
  readonly clampLwt: (lwt: number) => number;
}

function wrapInstance<T>(inner: RxStorageInstance<T, unknown, unknown>, ctx: WrapContext): RxStorageInstance<T, unknown, unknown> {
  const { namespace, primaryPath, backend, queue } = ctx;
  // A closed instance must never commit again: its memory state is stale, and a new client may
  // already be writing the same namespace of the same backend.
  let closed = false;
  const idOf = (doc: RxDocumentData<T>): string => (doc as Record<string, unknown>)[primaryPath] as string;
  return {
    databaseName: inner.databaseName,
    collectionName: inner.collectionName,
    schema: ctx.schema as RxStorageInstance<T, unknown, unknown>['schema'],
    internals: inner.internals,
    options: inner.options,
    bulkWrite: (rows, context) =>
      queue.run(async (): Promise<RxStorageBulkWriteResponse<T>> => {
        if (closed) throw new MpsyncError('CLOSED', `the local database ${namespace} is closed`);
        const writeRows = rows.map((row) => withMonotonicLwt(row, ctx.clampLwt));
        const current = await inner.findDocumentsById(
          writeRows.map((r) => idOf(r.document)),
          true,
        );
        const inDb = new Map(current.map((d) => [idOf(d), d]));
        const categorized = categorizeBulkWriteRows(inner, primaryPath as never, inDb, writeRows, context);
        if (context === ATOMIC_WRITE_CONTEXT && categorized.errors.length > 0) return { error: categorized.errors };
        const written = [...categorized.bulkInsertDocs, ...categorized.bulkUpdateDocs].map((r) => r.document);
        if (written.length > 0) {
          await backend.commit(namespace, { puts: written.map((d) => ({ key: idOf(d), value: d as unknown as JsonObject })), deletes: [] });
        }
        // Nothing else writes while the queue is held, so the memory storage sees exactly the state
        // categorized above and applies exactly what was committed.
        return inner.bulkWrite(writeRows, context);
      }),
    findDocumentsById: (ids, withDeleted) => inner.findDocumentsById(ids, withDeleted),
    query: (preparedQuery) => inner.query(preparedQuery),
    count: (preparedQuery) => inner.count(preparedQuery),
    getAttachmentData: (documentId, attachmentId, digest) => inner.getAttachmentData(documentId, attachmentId, digest),
    changeStream: () => inner.changeStream(),
    // The memory storage purges tombstones only in memory; mpsync keeps them (they are small) until
    // it purges them itself, so cleanup is a no-op here and memory never diverges from the backend.
    cleanup: () => Promise.resolve(true),
    close: () => {
      closed = true;
      return queue.run(() => closeMemoryInstance(inner));
    },
    remove: () =>
      queue.run(async () => {
        closed = true;
        await inner.remove();
        await backend.drop(namespace);
      }),
  };
}

function withMonotonicLwt<T>(row: BulkWriteRow<T>, clamp: (lwt: number) => number): BulkWriteRow<T> {
  const lwt = row.document._meta.lwt;
  const safe = clamp(lwt);
  if (safe === lwt) return row;
  const document = { ...row.document, _meta: { ...row.document._meta, lwt: safe } };
  return row.previous ? { document, previous: row.previous } : { document };
}
