import { MpsyncError } from '../../core/errors';
import type { CommitBatch, StorageBackend, StoredRecord } from '../backend';
import { encodeBatch } from '../batch';
import { formatHead, HEAD, TOMBSTONE, versionKeys, versionStem, type Head } from './kv-layout';
import { kvEntryBytes, literalBytes, splitByBytes, sweep, writeEntries, type Garbage, type KvPort, type KvStorageOptions } from './kv-port';
import { liveKeys, openKv, readRecord, usedBytes, type KvState, type LiveVersion } from './kv-state';

const MIN_VALUE_BYTES = 256;
// Room for the largest chunk suffix ('.' + index + '/' + count, base 36, up to 36^4 chunks).
const CHUNK_SUFFIX_BYTES = 10;
const MIN_CHUNK_BYTES = 64;

/**
 * The first layout of {@link kvStorage}, one entry per record version (kv-layout.ts): a store
 * written by an earlier mpsync is migrated from it on open, and this backend keeps serving such a
 * store while the migration cannot run (the device has no room for both copies). A backend over a synchronous key-value port (mini-program storage), with crash-safe
 * multi-entry commits. A commit writes the new versions of its records under new keys (and a
 * tombstone per deleted record), then rewrites the head entry — the commit point — then removes
 * the versions it replaced. A failure before the commit point removes what was written; a crash
 * anywhere is repaired on the next open, which keeps exactly the versions the head covers. Since
 * only removals follow the commit point, a full store can only fail a commit before it, and a
 * failed commit always leaves the previous state.
 *
 * @example fragment
 * const storage = legacyKvStorage(port, { maxValueBytes: 200 * 1024, quotaBytes: 8 * 1024 * 1024 });
 * await storage.commit('todos', { puts: [{ key: 'a', value: { title: 'milk' } }], deletes: [] });
 */
export function legacyKvStorage(port: KvPort, options: KvStorageOptions): StorageBackend {
  const { maxValueBytes, quotaBytes } = options;
  const prefix = options.prefix ?? 'mpsync:';
  if (!Number.isSafeInteger(maxValueBytes) || maxValueBytes < MIN_VALUE_BYTES) {
    throw new MpsyncError('INVALID_ARGUMENT', `maxValueBytes must be an integer of at least ${MIN_VALUE_BYTES}`);
  }
  if (!(quotaBytes > 0)) throw new MpsyncError('INVALID_ARGUMENT', 'quotaBytes must be positive');
  if (prefix === '') throw new MpsyncError('INVALID_ARGUMENT', 'the key prefix must not be empty');
  const headKey = prefix + HEAD;
  let current: KvState | undefined;

  // Port calls are synchronous, so every call runs to the end before the next starts: call order is commit order.
  const run = <T>(task: (state: KvState) => T): Promise<T> => {
    try {
      current ??= openKv(port, prefix);
      return Promise.resolve(task(current));
    } catch (error) {
      return Promise.reject(storageError(error));
    }
  };

  const writeAll = (entries: readonly (readonly [string, string])[]): void =>
    writeEntries(port, entries, () => {
      current = undefined;
    });

  // The entries a record is stored in (one, or chunks when it is too big for one), and their bytes.
  const pieces = (stem: string, json: string): { entries: [string, string][]; bytes: number } => {
    const whole = kvEntryBytes(stem, json);
    if (whole <= maxValueBytes) return { entries: [[stem, json]], bytes: whole };
    const budget = maxValueBytes - literalBytes(stem) - CHUNK_SUFFIX_BYTES - 2;
    if (budget < MIN_CHUNK_BYTES) throw new MpsyncError('INVALID_ARGUMENT', `key ${stem} is too long for maxValueBytes`);
    const parts = splitByBytes(json, budget);
    const keys = versionKeys(stem, parts.length);
    const entries = parts.map((part, i): [string, string] => [keys[i] as string, part]);
    let bytes = 0;
    for (const [key, value] of entries) bytes += kvEntryBytes(key, value);
    return { entries, bytes };
  };

  // `writeBytes`: the size of `writes`, as measured by the caller.
  const withHead = (state: KvState, head: Head, writes: [string, string][], writeBytes: number, garbage: Garbage[]): void => {
    const text = formatHead(head);
    const bytes = kvEntryBytes(headKey, text);
    if (bytes > maxValueBytes) throw new MpsyncError('QUOTA_EXCEEDED', 'too many namespaces for one head entry');
    const added = Math.max(0, bytes - state.headBytes) + writeBytes;
    let freed = Math.max(0, state.headBytes - bytes);
    for (const item of garbage) freed += item.bytes;
    const used = usedBytes(port, state);
    if (added > freed && used + added > quotaBytes) {
      throw new MpsyncError('QUOTA_EXCEEDED', `the commit needs ${added} bytes at its peak; ${used} of ${quotaBytes} are used`);
    }
    writeAll([...writes, [headKey, text]]);
    state.seq = head.seq;
    state.next = head.next;
    state.headBytes = bytes;
    state.garbage.push(...garbage);
  };

  const drop = (state: KvState, namespace: string): void => {
    const space = state.spaces.get(namespace);
    if (space === undefined) return;
    const ns = namespaceTable(state, namespace);
    const garbage: Garbage[] = [];
    for (const [key, version] of space.records) garbage.push({ keys: liveKeys(state, space, key, version), bytes: version.bytes ?? 0 });
    // No tombstones needed: once the head forgets the namespace id, every entry under it is garbage.
    withHead(state, { seq: state.seq + 1, next: state.next, ns }, [], 0, garbage);
    for (const version of space.records.values()) {
      if (version.bytes === undefined) state.unmeasured--;
      else state.recordBytes -= version.bytes;
    }
    state.spaces.delete(namespace);
    sweep(port, state);
  };

  const commit = (state: KvState, namespace: string, batch: CommitBatch): void => {
    const { puts, deletes } = encodeBatch(namespace, batch);
    sweep(port, state);
    const existing = state.spaces.get(namespace);
    const records = existing?.records ?? new Map<string, LiveVersion>();
    const deleted = deletes.filter((key) => records.has(key));
    const added = puts.filter(([key]) => !records.has(key)).length;
    if (puts.length === 0 && deleted.length === 0) return;
    if (records.size + added - deleted.length === 0) return drop(state, namespace);
    usedBytes(port, state); // sizes every live version, so the replaced ones below have known bytes
    const space = existing ?? { id: state.next, records };
    const seq = state.seq + 1;
    const writes: [string, string][] = [];
    let writeBytes = 0;
    const stale: Garbage[] = [];
    const tombstones: Garbage[] = [];
    const changes: [string, LiveVersion | undefined][] = [];
    const retire = (key: string): void => {
      const old = records.get(key);
      if (old !== undefined) stale.push({ keys: liveKeys(state, space, key, old), bytes: old.bytes ?? 0 });
    };
    for (const [key, json] of puts) {
      const { entries, bytes } = pieces(versionStem(prefix, space.id, key, seq), json);
      writes.push(...entries);
      writeBytes += bytes;
      changes.push([key, { seq, count: entries.length, bytes }]);
      retire(key);
    }
    for (const key of deleted) {
      const tombstone = `${versionStem(prefix, space.id, key, seq)}-`;
      const bytes = kvEntryBytes(tombstone, TOMBSTONE);
      writes.push([tombstone, TOMBSTONE]);
      writeBytes += bytes;
      tombstones.push({ keys: [tombstone], bytes });
      changes.push([key, undefined]);
      retire(key);
    }
    const ns = namespaceTable(state, namespace, space.id);
    const next = existing === undefined ? state.next + 1 : state.next;
    // Replaced versions go before tombstones, so a deleted record cannot come back between the two.
    withHead(state, { seq, next, ns }, writes, writeBytes, [...stale, ...tombstones]);
    for (const [key, version] of changes) {
      const old = records.get(key);
      if (old?.bytes !== undefined) state.recordBytes -= old.bytes;
      if (version === undefined) records.delete(key);
      else {
        records.set(key, version);
        state.recordBytes += version.bytes ?? 0;
      }
    }
    state.spaces.set(namespace, space);
    sweep(port, state);
  };

  return {
    kind: 'kv',
    load: (namespace) =>
      run((state) => {
        const space = state.spaces.get(namespace);
        const out: StoredRecord[] = [];
        if (space === undefined) return out;
        for (const [key, version] of space.records) out.push({ key, value: parseRecord(key, readRecord(port, state, space, key, version)) });
        return out;
      }),
    commit: (namespace, batch) => run((state) => commit(state, namespace, batch)),
    drop: (namespace) => run((state) => drop(state, namespace)),
    namespaces: () => run((state) => [...state.spaces].filter(([, space]) => space.records.size > 0).map(([name]) => name)),
    close: () => {
      // Nothing to release; forgetting the state makes a later call reopen from the port, as a restart does.
      current = undefined;
      return Promise.resolve();
    },
  };
}

// Built from entries, not by assignment, so a namespace called "__proto__" is an ordinary name.
function namespaceTable(state: KvState, namespace: string, id?: number): Record<string, number> {
  const entries = [...state.spaces].filter(([name]) => name !== namespace).map(([name, space]): [string, number] => [name, space.id]);
  if (id !== undefined) entries.push([namespace, id]);
  return Object.fromEntries(entries);
}

function parseRecord(key: string, json: string): StoredRecord['value'] {
  try {
    return JSON.parse(json) as StoredRecord['value'];
  } catch (cause) {
    throw new MpsyncError('STORAGE_FAILED', `record ${JSON.stringify(key)} is not JSON`, { cause });
  }
}

function storageError(error: unknown): MpsyncError {
  if (error instanceof MpsyncError) return error;
  return new MpsyncError('STORAGE_FAILED', `key-value storage failed: ${String(error)}`, { cause: error });
}
