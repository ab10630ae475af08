import type { CommitBatch, StorageBackend, StoredRecord } from './backend';
import { applyBatch, batchDelta, checkQuota, encodeBatch, recordBytes } from './batch';

/** Options of {@link memoryStorage}. */
export interface MemoryStorageOptions {
  /**
   * Soft cap, in bytes, on the stored data: the UTF-8 bytes of every record's key and JSON value.
   * A commit that would grow the data past it rejects with `QUOTA_EXCEEDED`. For apps (and tests)
   * that want to cap their cache; default: no cap.
   */
  readonly quotaBytes?: number;
}

/**
 * A backend in process memory. Records are kept as JSON text, so nothing is shared with the
 * caller and every load is a real round trip. The object outlives a client: close one client and
 * open another on the same object to simulate an app restart; `close()` keeps the data.
 *
 * @example
 * const storage = memoryStorage();
 * await storage.commit('todos', { puts: [{ key: 'a', value: { title: 'milk' } }], deletes: [] });
 * await storage.close();
 * await storage.load('todos'); // [{ key: 'a', value: { title: 'milk' } }]
 */
export function memoryStorage(options: MemoryStorageOptions = {}): StorageBackend {
  const spaces = new Map<string, Map<string, string>>();
  let used = 0;

  // Applied synchronously at call time: overlapping calls keep their call order for free.
  const commit = (namespace: string, batch: CommitBatch): void => {
    const encoded = encodeBatch(namespace, batch);
    const records = spaces.get(namespace) ?? new Map<string, string>();
    // Sizes matter only against a quota.
    if (options.quotaBytes !== undefined) {
      const delta = batchDelta(records, encoded);
      checkQuota(used, delta, options.quotaBytes);
      used += delta;
    }
    applyBatch(records, encoded);
    if (records.size > 0) spaces.set(namespace, records);
    else spaces.delete(namespace);
  };

  return {
    kind: 'memory',
    load(namespace) {
      const records = spaces.get(namespace) ?? new Map<string, string>();
      const out: StoredRecord[] = [];
      for (const [key, json] of records) out.push({ key, value: JSON.parse(json) as StoredRecord['value'] });
      return Promise.resolve(out);
    },
    commit(namespace, batch) {
      try {
        commit(namespace, batch);
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    drop(namespace) {
      if (options.quotaBytes !== undefined) for (const [key, json] of spaces.get(namespace) ?? []) used -= recordBytes(key, json);
      spaces.delete(namespace);
      return Promise.resolve();
    },
    namespaces: () => Promise.resolve([...spaces.keys()]),
    close: () => Promise.resolve(),
  };
}
