import { MpsyncError } from '../core/errors';
import { isPlainObject } from '../core/json';
import type { StorageBackend } from '../store/backend';

/**
 * Checks the cached rows a partition loaded: every row must carry its document and bookkeeping.
 * A row without them (`doc: null`, a missing key) was damaged in storage; opening it would show a
 * document as gone, and the sync would then treat the loss as a deletion.
 *
 * @throws `MpsyncError` `STORAGE_CORRUPT` naming the first damaged row
 */
export function checkRows(rows: readonly unknown[], namespace: string): void {
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    const whole =
      isPlainObject(row) &&
      typeof r.id === 'string' &&
      typeof r.coll === 'string' &&
      typeof r.key === 'string' &&
      isPlainObject(r.doc) &&
      typeof r.seq === 'number' &&
      typeof r.v === 'string' &&
      Array.isArray(r.vh) &&
      Array.isArray(r.ops);
    if (!whole) {
      const id = isPlainObject(row) && typeof r.id === 'string' ? r.id : '(no id)';
      throw new MpsyncError(
        'STORAGE_CORRUPT',
        `the cached row ${JSON.stringify(id)} in ${namespace} is damaged (no document or bookkeeping); the cache was not opened`,
      );
    }
  }
}

/**
 * An empty cache is fine for a new partition, but not beside a replication state that knows
 * documents the server confirmed (RxDB keeps one assumed server state per synced document, and
 * mpsync never purges rows): then the cache's data was deleted or emptied, and opening it empty
 * would re-pull as if nothing had been written and lose the unconfirmed writes silently.
 *
 * @throws `MpsyncError` `STORAGE_CORRUPT`
 */
export async function checkNotEmptied(backend: StorageBackend, databaseName: string): Promise<void> {
  const prefix = `${databaseName}/rx-replication-meta-`;
  for (const namespace of await backend.namespaces()) {
    if (!namespace.startsWith(prefix)) continue;
    const known = (await backend.load(namespace)).filter((record) => (record.value as { isCheckpoint?: unknown }).isCheckpoint === '0').length;
    if (known > 0) {
      throw new MpsyncError(
        'STORAGE_CORRUPT',
        `the cache of ${databaseName} is empty, but its replication state (${namespace}) knows ${known} synced documents: the cached documents were deleted or emptied; the cache was not opened`,
      );
    }
  }
}
