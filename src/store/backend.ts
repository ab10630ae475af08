import type { JsonObject } from '../core/json';

/** One stored record: a key unique within its namespace, and a JSON object. */
export interface StoredRecord {
  readonly key: string;
  readonly value: JsonObject;
}

/** The changes of one commit to one namespace. A key appears at most once in `puts` and `deletes` together. */
export interface CommitBatch {
  readonly puts: readonly StoredRecord[];
  readonly deletes: readonly string[];
}

/**
 * Where mpsync keeps its local state durably: the cached documents, the pending writes and the
 * replication state. Records live in namespaces (one per RxDB storage instance).
 *
 * Contract (proved for every implementation by one contract suite):
 * - `commit` is atomic and durable: when it resolves, the whole batch survives a crash or a
 *   restart; when it rejects, nothing of it is visible. A crash (or a storage failure past the
 *   commit point) leaves either the state before the batch or after it, never a part of it.
 * - Commits apply in call order (calls may overlap; the backend queues them), so after a crash the
 *   stored state is the result of a prefix of the acknowledged commits.
 * - `load` returns exactly the values last committed (deep-equal, order unspecified), never a
 *   half-written batch.
 * - A commit that does not fit rejects with `MpsyncError` `QUOTA_EXCEEDED` and changes nothing;
 *   a malformed batch (a key twice, a value that is not a JSON object) with `INVALID_ARGUMENT`;
 *   any other failure with `STORAGE_FAILED` (or `STORAGE_IN_USE` from a backend that will not
 *   share its place with another open backend, as `dexieStorage` with Web Locks does).
 * - Values are never shared with the caller: changing an object after `commit` or after `load`
 *   does not change what is stored.
 */
export interface StorageBackend {
  /** What kind of backend this is, for messages: `memory`, `file`, `indexeddb`, `kv`. */
  readonly kind: string;
  /** Every record of a namespace (empty if it has none). */
  load(namespace: string): Promise<StoredRecord[]>;
  /** Applies one batch to one namespace, atomically and durably. */
  commit(namespace: string, batch: CommitBatch): Promise<void>;
  /** Removes every record of a namespace, atomically. */
  drop(namespace: string): Promise<void>;
  /** The namespaces that hold at least one record. */
  namespaces(): Promise<string[]>;
  /**
   * Releases open handles (and locks). The data stays; a new backend over the same place sees it,
   * and a later call on this one opens it again. A client closes its storage when it closes.
   */
  close(): Promise<void>;
}
