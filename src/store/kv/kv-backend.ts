import { MpsyncError } from '../../core/errors';
import type { CommitBatch, StorageBackend, StoredRecord } from '../backend';
import { encodeBatch } from '../batch';
import { kvEntryBytes, literalBytes, splitByBytes, sweep, writeEntries, type Garbage, type KvPort, type KvStorageOptions } from './kv-port';
import type { JsonObject } from '../../core/json';
import {
  formatDirectory,
  formatHead,
  formatPage,
  HEAD,
  pageKeys,
  parseDirectory,
  parseHead,
  parsePage,
  parsePageKey,
  type DirectoryRef,
  type Page,
  type Segment,
  type Space,
} from './kv-pages';
import { chooseCompaction, compactionRows, estimate, type KeyInfo, type Rows } from './kv-compaction';
import { parseVersion } from './kv-layout';
import { legacyKvStorage } from './legacy-kv-backend';
import { firstLayout, segmentsWithoutHead } from './kv-recovery';

export type { KvStorageOptions } from './kv-port';

const MIN_VALUE_BYTES = 256;
/** Default segment size: 8 MB of records open in about 130 reads. */
const DEFAULT_PAGE_BYTES = 64 * 1024;
// Room for the largest part suffix ('.' + index + '/' + count, base 36, up to 36^4 parts).
const PART_SUFFIX_BYTES = 10;
const MIN_PART_BYTES = 64;

/** What kvStorage knows between calls; rebuilt from the head and the directory on open. */
interface PagesState {
  seq: number;
  next: number;
  spaces: Map<string, Space>;
  /** Where the directory of `spaces` is stored. */
  dir: DirectoryRef;
  headBytes: number;
  garbage: Garbage[];
  /** Per namespace, where its keys' versions are; built when the namespace is first read. */
  indexes: Map<string, Map<string, KeyInfo>>;
}

const NO_DIRECTORY: DirectoryRef = { id: 0, parts: 0, bytes: 0 };

/**
 * A backend over a synchronous key-value port (mini-program storage): each namespace is a log of a
 * few large segments (kv-pages.ts), so opening reads the head, the directory and one value per
 * segment, whatever the number of records, and sizes come from the directory without reading any
 * record. A commit appends one segment with just its own records; compaction folds small and
 * mostly superseded segments into full ones, so a namespace keeps about its live bytes. Commits
 * are crash-safe: new segments and a new directory go under fresh keys, then the head is rewritten
 * (the commit point), then what they replace is removed. A failure before the commit point removes
 * what was written; a crash anywhere leaves the state before or after the commit, and the next
 * open removes what the head does not refer to. Since only removals follow the commit point, a
 * full store can only fail a commit before it.
 *
 * A store in the first layout (one entry per record, head `v: 1`) is migrated on open: its
 * records are written as segments, the head switches, and the old entries are removed. If the
 * device has no room for both copies, the store keeps working in the first layout (and migrates at
 * a later open). A missing head is never taken for an empty store while mpsync's entries exist:
 * the head is rebuilt from the segments (each names its namespace and commit), or, for entries of
 * the first layout, the open fails with `STORAGE_CORRUPT` and removes nothing.
 *
 * @example fragment
 * const storage = kvStorage(port, { maxValueBytes: 200 * 1024, quotaBytes: 8 * 1024 * 1024 });
 * await storage.commit('todos', { puts: [{ key: 'a', value: { title: 'milk' } }], deletes: [] });
 */
export function kvStorage(port: KvPort, options: KvStorageOptions): StorageBackend {
  const { maxValueBytes, quotaBytes } = options;
  const prefix = options.prefix ?? 'mpsync:';
  if (!Number.isSafeInteger(maxValueBytes) || maxValueBytes < MIN_VALUE_BYTES) {
    throw new MpsyncError('INVALID_ARGUMENT', `maxValueBytes must be an integer of at least ${MIN_VALUE_BYTES}`);
  }
  if (!(quotaBytes > 0)) throw new MpsyncError('INVALID_ARGUMENT', 'quotaBytes must be positive');
  if (prefix === '') throw new MpsyncError('INVALID_ARGUMENT', 'the key prefix must not be empty');
  const pageBytes = Math.min(options.pageBytes ?? DEFAULT_PAGE_BYTES, maxValueBytes);
  if (!(pageBytes >= MIN_VALUE_BYTES)) throw new MpsyncError('INVALID_ARGUMENT', `pageBytes must be at least ${MIN_VALUE_BYTES}`);
  const headKey = prefix + HEAD;
  let current: PagesState | StorageBackend | undefined;

  // Port calls are synchronous, so every call runs to the end before the next starts: call order is commit order.
  const run = <T>(task: (state: PagesState) => T, legacy: (backend: StorageBackend) => Promise<T>): Promise<T> => {
    try {
      current ??= open();
      return 'commit' in current ? legacy(current) : Promise.resolve(task(current));
    } catch (error) {
      return Promise.reject(storageError(error));
    }
  };

  const writeAll = (entries: readonly (readonly [string, string])[]): void =>
    writeEntries(port, entries, () => {
      current = undefined;
    });

  // The entries value `id` is stored in (one, or parts when it is too big for one), and their bytes.
  const pieces = (id: number, text: string): { entries: [string, string][]; bytes: number } => {
    const [whole] = pageKeys(prefix, id, 1) as [string];
    const bytes = kvEntryBytes(whole, text);
    if (bytes <= maxValueBytes) return { entries: [[whole, text]], bytes };
    const budget = maxValueBytes - literalBytes(whole) - PART_SUFFIX_BYTES - 2;
    if (budget < MIN_PART_BYTES) throw new MpsyncError('INVALID_ARGUMENT', 'the key prefix is too long for maxValueBytes');
    const parts = splitByBytes(text, budget);
    const keys = pageKeys(prefix, id, parts.length);
    const entries = parts.map((part, i): [string, string] => [keys[i] as string, part]);
    let total = 0;
    for (const [key, value] of entries) total += kvEntryBytes(key, value);
    return { entries, bytes: total };
  };

  const readText = (id: number, parts: number): string => {
    let text = '';
    for (const key of pageKeys(prefix, id, parts)) {
      const part = port.get(key);
      if (part === undefined) throw new MpsyncError('STORAGE_CORRUPT', `entry ${key} is missing; nothing was removed`);
      text += part;
    }
    return text;
  };
  const readSegment = (segment: Segment): Page => parsePage(readText(segment.id, segment.parts));

  const usedBytes = (state: PagesState): number => {
    let used = state.headBytes + state.dir.bytes;
    for (const space of state.spaces.values()) for (const segment of space.segments) used += segment.bytes;
    for (const item of state.garbage) used += item.bytes;
    return used;
  };

  // Rows as segments of about the segment size each, written from id `next` on.
  const buildSegments = (namespace: string, seq: number, next: number, rows: Iterable<readonly [string, string | null]>) => {
    const segments: Segment[] = [];
    const writes: [string, string][] = [];
    const ids = new Map<string, number>();
    let bytes = 0;
    let chunk: (readonly [string, string | null])[] = [];
    let size = 0;
    let live = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      const id = next++;
      const piece = pieces(id, formatPage(namespace, seq, chunk));
      writes.push(...piece.entries);
      bytes += piece.bytes;
      segments.push({ id, parts: piece.entries.length, bytes: piece.bytes, live });
      for (const [key] of chunk) ids.set(key, id);
      chunk = [];
      size = 0;
      live = 0;
    };
    for (const row of rows) {
      const cost = estimate(row[0], row[1]);
      if (size > 0 && size + cost > pageBytes) flush();
      chunk.push(row);
      size += cost;
      if (row[1] !== null) live += cost;
    }
    flush();
    return { segments, writes, bytes, next, ids };
  };

  // The directory of `spaces` as entries under a fresh id (none for no namespaces), and the head
  // that points to it.
  const headFor = (seq: number, next: number, spaces: ReadonlyMap<string, Space>) => {
    let dir = NO_DIRECTORY;
    let entries: [string, string][] = [];
    if (spaces.size > 0) {
      const piece = pieces(next, formatDirectory(spaces));
      dir = { id: next++, parts: piece.entries.length, bytes: piece.bytes };
      entries = piece.entries;
    }
    const text = formatHead({ seq, next, dir });
    return { dir, next, entries, text, bytes: kvEntryBytes(headKey, text) };
  };

  // Writes `writes`, a new directory for `spaces` and then the head; `replaced` are the segments it supersedes.
  const commitHead = (
    state: PagesState,
    seq: number,
    next: number,
    spaces: Map<string, Space>,
    writes: [string, string][],
    writeBytes: number,
    replaced: readonly Segment[],
  ): void => {
    const head = headFor(seq, next, spaces);
    const garbage = replaced.map((segment): Garbage => ({ keys: pageKeys(prefix, segment.id, segment.parts), bytes: segment.bytes }));
    if (state.dir.id !== 0) garbage.push({ keys: pageKeys(prefix, state.dir.id, state.dir.parts), bytes: state.dir.bytes });
    const added = head.bytes + head.dir.bytes + writeBytes;
    let freed = state.headBytes;
    for (const item of garbage) freed += item.bytes;
    const used = usedBytes(state);
    if (added > freed && used + added > quotaBytes) {
      throw new MpsyncError('QUOTA_EXCEEDED', `the commit needs ${added} bytes at its peak; ${used} of ${quotaBytes} are used`);
    }
    writeAll([...writes, ...head.entries, [headKey, head.text]]);
    state.seq = seq;
    state.next = head.next;
    state.spaces = spaces;
    state.dir = head.dir;
    state.headBytes = head.bytes;
    state.garbage.push(...garbage);
  };

  // Replays a namespace's log: its records, and where each key's versions are.
  const replay = (state: PagesState, namespace: string): { records: Map<string, JsonObject>; index: Map<string, KeyInfo> } => {
    const records = new Map<string, JsonObject>();
    const index = new Map<string, KeyInfo>();
    for (const segment of state.spaces.get(namespace)?.segments ?? []) {
      const page = readSegment(segment);
      // The segment's average record size: an estimate is all compaction needs, and it spares
      // serialising every record again at start-up.
      const average = Math.ceil(segment.bytes / Math.max(1, page.records.size));
      for (const [key, value] of page.records) {
        const info = index.get(key) ?? { segments: [], deleted: false, bytes: 0 };
        info.segments.push(segment.id);
        info.deleted = value === null;
        info.bytes = average;
        index.set(key, info);
        if (value === null) records.delete(key);
        else records.set(key, value);
      }
    }
    state.indexes.set(namespace, index);
    return { records, index };
  };
  const indexOf = (state: PagesState, namespace: string): Map<string, KeyInfo> => state.indexes.get(namespace) ?? replay(state, namespace).index;

  // Segments copied, so a commit that fails leaves the committed state's objects as they were.
  const copySpace = (space: Space | undefined): Space => ({ count: space?.count ?? 0, segments: (space?.segments ?? []).map((segment) => ({ ...segment })) });

  const commit = (state: PagesState, namespace: string, batch: CommitBatch): void => {
    const { puts, deletes } = encodeBatch(namespace, batch);
    sweep(port, state);
    if (puts.length === 0 && deletes.length === 0) return;
    const index = indexOf(state, namespace);
    const isLive = (key: string) => {
      const info = index.get(key);
      return info !== undefined && !info.deleted;
    };
    const rows: (readonly [string, string | null])[] = [...puts, ...deletes.filter(isLive).map((key): [string, null] => [key, null])];
    if (rows.length === 0) return;
    const space = copySpace(state.spaces.get(namespace));
    const byId = new Map(space.segments.map((segment) => [segment.id, segment]));
    for (const [key, json] of rows) {
      const info = index.get(key);
      const newest = info === undefined || info.deleted ? undefined : byId.get(info.segments[info.segments.length - 1] as number);
      if (newest !== undefined) newest.live = Math.max(0, newest.live - (info as KeyInfo).bytes);
      if (json !== null && !isLive(key)) space.count++;
      if (json === null) space.count--;
    }
    const seq = state.seq + 1;
    const built = buildSegments(namespace, seq, state.next, rows);
    const spaces = new Map(state.spaces);
    let replaced: Segment[] = [];
    if (space.count > 0) spaces.set(namespace, { count: space.count, segments: [...space.segments, ...built.segments] });
    else {
      // Nothing left: the namespace leaves the directory and its whole log is garbage.
      spaces.delete(namespace);
      replaced = state.spaces.get(namespace)?.segments ?? [];
    }
    commitHead(state, seq, built.next, spaces, space.count > 0 ? built.writes : [], space.count > 0 ? built.bytes : 0, replaced);
    if (space.count === 0) {
      state.indexes.delete(namespace);
      sweep(port, state);
      return;
    }
    for (const [key, json] of rows) {
      const info = index.get(key) ?? { segments: [], deleted: false, bytes: 0 };
      info.segments.push(built.ids.get(key) as number);
      info.deleted = json === null;
      info.bytes = estimate(key, json);
      index.set(key, info);
    }
    sweep(port, state);
    compact(state, namespace);
  };

  // Folds segments into new full ones at the end of the log (chooseCompaction says which). A
  // compaction is a commit of its own; if it fails (a full store) the log stays as it is.
  const compact = (state: PagesState, namespace: string): void => {
    const space = state.spaces.get(namespace);
    if (space === undefined) return;
    const chosen = chooseCompaction(space, pageBytes);
    if (chosen.length === 0) return;
    try {
      rewrite(state, namespace, space, chosen);
    } catch {
      // The commit is done; a compaction that did not fit leaves the log longer, nothing else.
    }
  };

  const rewrite = (state: PagesState, namespace: string, space: Space, chosen: readonly Segment[]): void => {
    const index = indexOf(state, namespace);
    const pages = new Map(chosen.map((segment) => [segment.id, readSegment(segment)]));
    const seq = state.seq + 1;
    const built = buildSegments(namespace, seq, state.next, compactionRows(pages, index));
    const spaces = new Map(state.spaces);
    spaces.set(namespace, { count: space.count, segments: [...space.segments.filter((segment) => !pages.has(segment.id)), ...built.segments] });
    commitHead(state, seq, built.next, spaces, built.writes, built.bytes, chosen);
    for (const page of pages.values()) {
      for (const key of page.records.keys()) {
        const info = index.get(key);
        if (info === undefined) continue;
        info.segments = info.segments.filter((id) => !pages.has(id));
        const moved = built.ids.get(key);
        if (moved !== undefined && !info.segments.includes(moved)) info.segments.push(moved);
        if (info.segments.length === 0) index.delete(key);
      }
    }
    sweep(port, state);
  };

  const drop = (state: PagesState, namespace: string): void => {
    const space = state.spaces.get(namespace);
    if (space === undefined) return;
    const spaces = new Map(state.spaces);
    spaces.delete(namespace);
    commitHead(state, state.seq + 1, state.next, spaces, [], 0, space.segments);
    state.indexes.delete(namespace);
    sweep(port, state);
  };

  // A new store with these records, written as segments and a head (the commit point); ids start
  // at `firstId`. On failure what was written is removed again.
  const writeFresh = (records: ReadonlyMap<string, Rows>, seq: number, firstId: number): PagesState => {
    const spaces = new Map<string, Space>();
    const writes: [string, string][] = [];
    let next = firstId;
    for (const [namespace, rows] of records) {
      const live = [...rows].filter((row): row is [string, string] => row[1] !== null);
      if (live.length === 0) continue;
      const built = buildSegments(namespace, seq, next, live);
      next = built.next;
      spaces.set(namespace, { count: live.length, segments: built.segments });
      writes.push(...built.writes);
    }
    const head = headFor(seq, next, spaces);
    writeAll([...writes, ...head.entries, [headKey, head.text]]);
    return { seq, next: head.next, spaces, dir: head.dir, headBytes: head.bytes, garbage: [], indexes: new Map() };
  };

  const open = (): PagesState | StorageBackend => {
    const text = port.get(headKey);
    const keys = port.keys();
    let state: PagesState;
    if (text === undefined) {
      const legacy = keys.filter((key) => parseVersion(prefix, key) !== undefined).length;
      if (legacy > 0)
        throw new MpsyncError('STORAGE_CORRUPT', `the mpsync head entry ${headKey} is missing but ${legacy} record entries exist; they were kept`);
      state = keys.some((key) => parsePageKey(prefix, key) !== undefined) ? rebuild(keys) : writeFresh(new Map(), 0, 1);
    } else {
      const head = parseHead(text);
      if (head === 'legacy') {
        const migrated = migrate();
        if (migrated === undefined) return legacyKvStorage(port, options);
        state = migrated;
      } else {
        const spaces = head.dir.id === 0 ? new Map<string, Space>() : parseDirectory(readText(head.dir.id, head.dir.parts));
        if (spaces === undefined) throw new MpsyncError('STORAGE_CORRUPT', 'the mpsync head points to a segment, not a directory; nothing was removed');
        state = { seq: head.seq, next: head.next, spaces, dir: head.dir, headBytes: kvEntryBytes(headKey, text), garbage: [], indexes: new Map() };
      }
    }
    removeLeftovers(state, port.keys());
    return state;
  };

  // Removes page entries the head does not refer to (a commit that never reached its commit point,
  // pages whose removal was cut short) and entries of the first layout after a migration.
  const removeLeftovers = (state: PagesState, keys: readonly string[]): void => {
    const live = new Set<string>(state.dir.id === 0 ? [] : pageKeys(prefix, state.dir.id, state.dir.parts));
    for (const space of state.spaces.values())
      for (const segment of space.segments) for (const key of pageKeys(prefix, segment.id, segment.parts)) live.add(key);
    try {
      for (const key of keys) {
        if ((parsePageKey(prefix, key) !== undefined && !live.has(key)) || parseVersion(prefix, key) !== undefined) port.remove(key);
      }
    } catch {
      // Leftovers cost space only; page ids are never reused, so they never change what is read.
    }
  };

  // The head is gone but segments exist: the head is rebuilt from them.
  const rebuild = (keys: readonly string[]): PagesState => {
    const found = segmentsWithoutHead(prefix, keys, readText);
    return writeFresh(found.records, found.seq + 1, found.maxId + 1);
  };

  // Moves a store of the first layout to segments; `undefined` when the device has no room for
  // both copies (the first layout then stays in use).
  const migrate = (): PagesState | undefined => {
    const found = firstLayout(port, prefix);
    try {
      return writeFresh(found.records, found.seq + 1, 1);
    } catch (error) {
      if (error instanceof MpsyncError && error.code === 'QUOTA_EXCEEDED') return undefined;
      throw error;
    }
  };

  return {
    kind: 'kv',
    load: (namespace) =>
      run(
        (state) => [...replay(state, namespace).records].map(([key, value]): StoredRecord => ({ key, value })),
        (legacy) => legacy.load(namespace),
      ),
    commit: (namespace, batch) =>
      run(
        (state) => commit(state, namespace, batch),
        (legacy) => legacy.commit(namespace, batch),
      ),
    drop: (namespace) =>
      run(
        (state) => drop(state, namespace),
        (legacy) => legacy.drop(namespace),
      ),
    namespaces: () =>
      run(
        (state) => [...state.spaces].filter(([, space]) => space.count > 0).map(([name]) => name),
        (legacy) => legacy.namespaces(),
      ),
    close: () => {
      // Nothing to release; forgetting the state makes a later call reopen from the port, as a restart does.
      current = undefined;
      return Promise.resolve();
    },
  };
}

function storageError(error: unknown): MpsyncError {
  if (error instanceof MpsyncError) return error;
  return new MpsyncError('STORAGE_FAILED', `key-value storage failed: ${String(error)}`, { cause: error });
}
