import type { JsonObject } from '../../core/json';
import { sha256Hex } from '../../core/sha256';
import type { StorageBackend } from '../../store/backend';
import type { UploadAnswer } from './pending-ref';

/** Where every partition's upload queue is stored: this prefix, then a hash of the partition. */
export const UPLOADS_NAMESPACE_PREFIX = 'mpsync/uploads/';

/** One file waiting to be uploaded, as stored. */
export interface UploadRecord {
  /** The pending id (24 hex digits) its pending answer names. */
  readonly id: string;
  /** Storage key: a sequence number, so keys sort in acceptance order (clocks may tie or step back). */
  readonly key: string;
  /** Where the platform's {@link FileKeeper} holds the bytes. */
  readonly keptPath: string;
  readonly size: number;
  /**
   * The SDK `uploadFile` options the app gave (JSON), with a `cloudPath` that names the file on the
   * server: fixed per upload, so a retry after a lost answer replaces the file instead of adding one.
   */
  readonly options: JsonObject;
  /** Set once the server confirmed the upload: the real answer (the documents are patched next). */
  readonly answer?: UploadAnswer;
}

/**
 * The partition's queue of accepted uploads, kept in a namespace of the client's storage (like the
 * notices): a record is durable before `uploadFile` answers, and is removed only after the
 * documents that name the file were patched.
 */
export class UploadQueue {
  readonly #storage: StorageBackend;
  readonly #namespace: string;
  readonly #records: Map<string, UploadRecord>;
  #seq: number;

  private constructor(storage: StorageBackend, namespace: string, records: Map<string, UploadRecord>) {
    this.#storage = storage;
    this.#namespace = namespace;
    this.#records = records;
    this.#seq = Math.max(0, ...[...records.values()].map((r) => Number.parseInt(r.key, 10) || 0));
  }

  /** The key of the next accepted upload: after every key stored so far. */
  nextKey(id: string): string {
    return `${String(++this.#seq).padStart(12, '0')}-${id}`;
  }

  /** Loads the stored queue of `partition`, oldest first. */
  static async open(storage: StorageBackend, partition: string): Promise<UploadQueue> {
    // Hashed like the notices' namespace: a long user id must not make an invalid name.
    const namespace = `${UPLOADS_NAMESPACE_PREFIX}${sha256Hex(partition).slice(0, 24)}`;
    const stored = (await storage.load(namespace)).map((r) => r.value as unknown as UploadRecord);
    stored.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return new UploadQueue(storage, namespace, new Map(stored.map((r) => [r.id, r])));
  }

  /** The records in acceptance order. */
  list(): UploadRecord[] {
    return [...this.#records.values()];
  }

  get(id: string): UploadRecord | undefined {
    return this.#records.get(id);
  }

  /** Stores a record (new, or with its answer); durable when it resolves. */
  async put(record: UploadRecord): Promise<void> {
    await this.#storage.commit(this.#namespace, { puts: [{ key: record.key, value: record as unknown as JsonObject }], deletes: [] });
    // A re-put keeps its place: Map keeps the first insertion's position.
    this.#records.set(record.id, record);
  }

  /** Removes a record; durable when it resolves. */
  async remove(id: string): Promise<void> {
    const record = this.#records.get(id);
    if (!record) return;
    await this.#storage.commit(this.#namespace, { puts: [], deletes: [record.key] });
    this.#records.delete(id);
  }

  /** How many records wait, and their bytes. */
  totals(): { count: number; bytes: number } {
    let bytes = 0;
    for (const r of this.#records.values()) bytes += r.size;
    return { count: this.#records.size, bytes };
  }
}
