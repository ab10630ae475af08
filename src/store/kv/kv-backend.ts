import { MpsyncError } from '../../core/errors';
import type { CommitBatch, StorageBackend, StoredRecord } from '../backend';
import { encodeBatch } from '../batch';
import { kvEntryBytes, literalBytes, splitByBytes, type KvPort } from './kv-port';
import { formatDirectory, formatHead, formatPage, HEAD, inBucket, keyHash, MAX_DEPTH, overlaps, pageKeys, parseDirectory, parseHead, parsePage, parsePageKey, ROOT_BUCKETS, type Bucket, type DirectoryRef, type Page } from './kv-pages';
import { parseVersion } from './kv-layout';
import { legacyKvStorage } from './legacy-kv-backend';
import { openKv, readRecord } from './kv-state';

/** Options of {@link kvStorage}: the limits of the store under the port. */
export interface KvStorageOptions {
  /**
   * Largest entry the port accepts, key and value together as `kvEntryBytes` counts them
   * (200 KB on Alipay, 1 MB on WeChat). A page bigger than this is split over several entries.
   */
  readonly maxValueBytes: number;
  /**
   * Bytes mpsync may use in the store, its own entries only (10 MB in total on mini-programs, shared
   * with the app's own keys). A commit that would go past it, at its peak, rejects with
   * `QUOTA_EXCEEDED` before writing anything.
   */
  readonly quotaBytes: number;
  /** Start of every key mpsync writes; keys without it are never touched. Default `mpsync:`. */
  readonly prefix?: string;
  /**
   * Size a page of records grows to before its bucket splits (default 64 KB, at most
   * `maxValueBytes`). Larger pages mean fewer storage calls to open a store and more bytes
   * rewritten per commit.
   */
  readonly pageBytes?: number;
}

const MIN_VALUE_BYTES = 256;
/** Default page size: 8 MB of records open in about 130 reads; a commit rewrites at most 64 KB per bucket it changes. */
export const DEFAULT_PAGE_BYTES = 64 * 1024;
// Room for the largest part suffix ('.' + index + '/' + count, base 36, up to 36^4 parts).
const PART_SUFFIX_BYTES = 10;
const MIN_PART_BYTES = 64;

/** Entries to remove after a commit point; their bytes count as used until then. */
interface Garbage {
  readonly keys: string[];
  readonly bytes: number;
}

/** What kvStorage knows between calls; rebuilt from the head on open. */
interface PagesState {
  seq: number;
  next: number;
  spaces: Map<string, readonly Bucket[]>;
  /** Where the directory of `spaces` is stored. */
  dir: DirectoryRef;
  headBytes: number;
  garbage: Garbage[];
}

const NO_DIRECTORY: DirectoryRef = { id: 0, parts: 0, bytes: 0 };

/** A bucket's records while a commit rebuilds it: key to JSON text. */
type Records = Map<string, string>;

/**
 * A backend over a synchronous key-value port (mini-program storage): records live in a few large
 * pages (kv-pages.ts), so opening reads the head and one value per page, whatever the number of
 * records, and sizes come from the head without reading any value. Commits are crash-safe: the new
 * pages of the buckets a commit changes go under fresh keys, then the head is rewritten (the
 * commit point), then the replaced pages are removed. A failure before the commit point removes
 * what was written; a crash anywhere leaves the state before or after the commit, and the next
 * open removes what the head does not refer to. Since only removals follow the commit point, a
 * full store can only fail a commit before it.
 *
 * A store in the first layout (one entry per record, head `v: 1`) is migrated on open: its
 * records are written as pages, the head switches, and the old entries are removed. If the device
 * has no room for both copies, the store keeps working in the first layout (and migrates at a
 * later open). A missing or unreadable head is never taken for an empty store while mpsync's
 * entries exist: the head is rebuilt from the pages (each names its namespace and bucket), or,
 * for entries of the first layout, the open fails with `STORAGE_CORRUPT` and removes nothing.
 *
 * @example
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

  // Writes entries in order; on failure removes them again. If that fails too, the in-memory
  // state is dropped, so the next call reopens and removes them as leftovers.
  const writeAll = (entries: readonly (readonly [string, string])[]): void => {
    const written: string[] = [];
    try {
      for (const [key, value] of entries) {
        port.set(key, value);
        written.push(key);
      }
    } catch (error) {
      try {
        for (const key of written.reverse()) port.remove(key);
      } catch {
        current = undefined;
      }
      throw error;
    }
  };

  // The entries page `id` is stored in (one, or parts when it is too big for one), and their bytes.
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

  // Splits a bucket's records into buckets whose pages stay within the page size (a single record,
  // or the deepest bucket, may exceed it; its page is then stored in parts).
  const split = (d: number, b: number, records: Records, text: (d: number, b: number, records: Records) => string): { d: number; b: number; records: Records; text: string }[] => {
    const page = text(d, b, records);
    if (records.size <= 1 || d >= MAX_DEPTH || literalBytes(page) <= pageBytes) return [{ d, b, records, text: page }];
    const low: Records = new Map();
    const high: Records = new Map();
    for (const [key, json] of records) (inBucket(keyHash(key), d + 1, b) ? low : high).set(key, json);
    return [...split(d + 1, b, low, text), ...split(d + 1, b + 2 ** d, high, text)];
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
  const readPage = (bucket: Bucket): Page => parsePage(readText(bucket.id, bucket.parts));

  const usedBytes = (state: PagesState): number => {
    let used = state.headBytes + state.dir.bytes;
    for (const buckets of state.spaces.values()) for (const bucket of buckets) used += bucket.bytes;
    for (const item of state.garbage) used += item.bytes;
    return used;
  };

  // The directory of `spaces` as entries under a fresh id (none for no namespaces), and the head
  // that points to it.
  const headFor = (seq: number, next: number, spaces: ReadonlyMap<string, readonly Bucket[]>) => {
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

  // Writes `writes`, a new directory for `spaces` and then the head; `replaced` are the pages it supersedes.
  const commitHead = (state: PagesState, seq: number, next: number, spaces: Map<string, readonly Bucket[]>, writes: [string, string][], writeBytes: number, replaced: readonly Bucket[]): void => {
    const head = headFor(seq, next, spaces);
    const garbage = replaced.filter((bucket) => bucket.id !== 0).map((bucket): Garbage => ({ keys: pageKeys(prefix, bucket.id, bucket.parts), bytes: bucket.bytes }));
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

  // Pages for buckets of records, from ids `next` on.
  const buildPages = (next: number, parts: { d: number; b: number; records: Records; text: string }[]) => {
    const buckets: Bucket[] = [];
    const writes: [string, string][] = [];
    let bytes = 0;
    for (const part of parts) {
      if (part.records.size === 0) {
        buckets.push({ d: part.d, b: part.b, id: 0, parts: 0, bytes: 0, count: 0 });
        continue;
      }
      const id = next++;
      const piece = pieces(id, part.text);
      writes.push(...piece.entries);
      bytes += piece.bytes;
      buckets.push({ d: part.d, b: part.b, id, parts: piece.entries.length, bytes: piece.bytes, count: part.records.size });
    }
    return { buckets, writes, bytes, next };
  };

  const commit = (state: PagesState, namespace: string, batch: CommitBatch): void => {
    const { puts, deletes } = encodeBatch(namespace, batch);
    sweep(port, state);
    if (puts.length === 0 && deletes.length === 0) return;
    const buckets = state.spaces.get(namespace) ?? ROOT_BUCKETS;
    const find = (key: string): Bucket => {
      const hash = keyHash(key);
      const bucket = buckets.find((x) => inBucket(hash, x.d, x.b));
      if (bucket === undefined) throw new MpsyncError('STORAGE_CORRUPT', `the buckets of ${JSON.stringify(namespace)} do not cover every key`);
      return bucket;
    };
    const touched = new Map<Bucket, { puts: (readonly [string, string])[]; deletes: string[] }>();
    const changeOf = (bucket: Bucket) => {
      let change = touched.get(bucket);
      if (change === undefined) touched.set(bucket, (change = { puts: [], deletes: [] }));
      return change;
    };
    for (const put of puts) changeOf(find(put[0])).puts.push(put);
    for (const key of deletes) changeOf(find(key)).deletes.push(key);
    const seq = state.seq + 1;
    let next = state.next;
    const replaced: Bucket[] = [];
    const added: Bucket[] = [];
    const writes: [string, string][] = [];
    let writeBytes = 0;
    const text = (d: number, b: number, records: Records) => formatPage(namespace, d, b, seq, records);
    for (const [bucket, change] of touched) {
      const records: Records = new Map();
      if (bucket.id !== 0) for (const [key, value] of readPage(bucket).records) records.set(key, JSON.stringify(value));
      let changed = change.puts.length > 0;
      for (const key of change.deletes) changed = records.delete(key) || changed;
      if (!changed) continue;
      for (const [key, json] of change.puts) records.set(key, json);
      const built = buildPages(next, split(bucket.d, bucket.b, records, text));
      next = built.next;
      replaced.push(bucket);
      added.push(...built.buckets);
      writes.push(...built.writes);
      writeBytes += built.bytes;
    }
    if (replaced.length === 0) return;
    const kept = buckets.filter((bucket) => !replaced.includes(bucket));
    const after = [...kept, ...added];
    const spaces = new Map(state.spaces);
    if (after.some((bucket) => bucket.count > 0)) spaces.set(namespace, after);
    // A namespace left empty leaves the head; every bucket of it is garbage.
    else spaces.delete(namespace);
    commitHead(state, seq, next, spaces, writes, writeBytes, replaced);
    sweep(port, state);
  };

  const drop = (state: PagesState, namespace: string): void => {
    const buckets = state.spaces.get(namespace);
    if (buckets === undefined) return;
    const spaces = new Map(state.spaces);
    spaces.delete(namespace);
    commitHead(state, state.seq + 1, state.next, spaces, [], 0, buckets);
    sweep(port, state);
  };

  // A new store with these records, written as pages and a head (the commit point); ids start
  // above `firstId`. On failure what was written is removed again.
  const writeFresh = (records: ReadonlyMap<string, Records>, seq: number, firstId: number): PagesState => {
    const spaces = new Map<string, readonly Bucket[]>();
    const writes: [string, string][] = [];
    let next = firstId;
    for (const [namespace, rows] of records) {
      if (rows.size === 0) continue;
      const built = buildPages(next, split(0, 0, rows, (d, b, r) => formatPage(namespace, d, b, seq, r)));
      next = built.next;
      spaces.set(namespace, built.buckets);
      writes.push(...built.writes);
    }
    const head = headFor(seq, next, spaces);
    writeAll([...writes, ...head.entries, [headKey, head.text]]);
    return { seq, next: head.next, spaces, dir: head.dir, headBytes: head.bytes, garbage: [] };
  };

  const open = (): PagesState | StorageBackend => {
    const text = port.get(headKey);
    const keys = port.keys();
    let state: PagesState;
    if (text === undefined) {
      const legacy = keys.filter((key) => parseVersion(prefix, key) !== undefined).length;
      if (legacy > 0) throw new MpsyncError('STORAGE_CORRUPT', `the mpsync head entry ${headKey} is missing but ${legacy} record entries exist; they were kept`);
      state = keys.some((key) => parsePageKey(prefix, key) !== undefined) ? rebuild(keys) : writeFresh(new Map(), 0, 1);
    } else {
      const head = parseHead(text);
      if (head === 'legacy') {
        const migrated = migrate();
        if (migrated === undefined) return legacyKvStorage(port, options);
        state = migrated;
      } else {
        const spaces = head.dir.id === 0 ? new Map<string, Bucket[]>() : parseDirectory(readText(head.dir.id, head.dir.parts));
        if (spaces === undefined) throw new MpsyncError('STORAGE_CORRUPT', `the mpsync head points to a page, not a directory; nothing was removed`);
        state = { seq: head.seq, next: head.next, spaces, dir: head.dir, headBytes: kvEntryBytes(headKey, text), garbage: [] };
      }
    }
    removeLeftovers(state, port.keys());
    return state;
  };

  // Removes page entries the head does not refer to (a commit that never reached its commit point,
  // pages whose removal was cut short) and entries of the first layout after a migration.
  const removeLeftovers = (state: PagesState, keys: readonly string[]): void => {
    const live = new Set<string>(state.dir.id === 0 ? [] : pageKeys(prefix, state.dir.id, state.dir.parts));
    for (const buckets of state.spaces.values()) for (const bucket of buckets) if (bucket.id !== 0) for (const key of pageKeys(prefix, bucket.id, bucket.parts)) live.add(key);
    try {
      for (const key of keys) {
        if ((parsePageKey(prefix, key) !== undefined && !live.has(key)) || parseVersion(prefix, key) !== undefined) port.remove(key);
      }
    } catch {
      // Leftovers cost space only; page ids are never reused, so they never change what is read.
    }
  };

  // The head is gone but pages exist: every page names its namespace, bucket and commit, so the
  // newest page of each part of a namespace's key space is taken (this may include the pages of a
  // commit that never reached its commit point). Any page that cannot be read fails the open
  // with STORAGE_CORRUPT, removing nothing.
  const rebuild = (keys: readonly string[]): PagesState => {
    const groups = new Map<number, { parts: number; keys: Map<number, string> }>();
    for (const key of keys) {
      const name = parsePageKey(prefix, key);
      if (name === undefined) continue;
      const group = groups.get(name.id) ?? { parts: name.parts, keys: new Map<number, string>() };
      if (group.parts !== name.parts) throw new MpsyncError('STORAGE_CORRUPT', `page entries of ${name.id} disagree; nothing was removed`);
      group.keys.set(name.index, key);
      groups.set(name.id, group);
    }
    const pages: Page[] = [];
    let maxId = 0;
    for (const [id, group] of groups) {
      if (group.keys.size !== group.parts) throw new MpsyncError('STORAGE_CORRUPT', `page ${id} has ${group.keys.size} of its ${group.parts} entries; nothing was removed`);
      maxId = Math.max(maxId, id);
      const text = readText(id, group.parts);
      // Directories name no records; the pages do.
      if (parseDirectory(text) === undefined) pages.push(parsePage(text));
    }
    pages.sort((x, y) => y.seq - x.seq);
    const taken = new Map<string, Page[]>();
    for (const page of pages) {
      const list = taken.get(page.namespace) ?? [];
      if (!list.some((other) => overlaps(other, page))) list.push(page);
      taken.set(page.namespace, list);
    }
    const records = new Map<string, Records>();
    for (const [namespace, list] of taken) {
      const rows: Records = new Map();
      for (const page of list) for (const [key, value] of page.records) rows.set(key, JSON.stringify(value));
      records.set(namespace, rows);
    }
    return writeFresh(records, (pages[0]?.seq ?? 0) + 1, maxId + 1);
  };

  // Moves a store of the first layout to pages; `undefined` when the device has no room for both
  // copies (the first layout then stays in use).
  const migrate = (): PagesState | undefined => {
    const legacy = openKv(port, prefix);
    const records = new Map<string, Records>();
    for (const [namespace, space] of legacy.spaces) {
      const rows: Records = new Map();
      for (const [key, version] of space.records) rows.set(key, readRecord(port, legacy, space, key, version));
      records.set(namespace, rows);
    }
    try {
      return writeFresh(records, legacy.seq + 1, 1);
    } catch (error) {
      if (error instanceof MpsyncError && error.code === 'QUOTA_EXCEEDED') return undefined;
      throw error;
    }
  };

  return {
    kind: 'kv',
    load: (namespace) =>
      run(
        (state) => {
          const out: StoredRecord[] = [];
          for (const bucket of state.spaces.get(namespace) ?? []) {
            if (bucket.id === 0) continue;
            for (const [key, value] of readPage(bucket).records) out.push({ key, value });
          }
          return out;
        },
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
        (state) => [...state.spaces].filter(([, buckets]) => buckets.some((bucket) => bucket.count > 0)).map(([name]) => name),
        (legacy) => legacy.namespaces(),
      ),
    close: () => {
      // Nothing to release; forgetting the state makes a later call reopen from the port, as a restart does.
      current = undefined;
      return Promise.resolve();
    },
  };
}

// Removes garbage, oldest first, and stops at the first failure: the rest stays queued (and
// counted) for the next commit, and a reopen would find it anyway.
function sweep(port: KvPort, state: PagesState): void {
  try {
    while (state.garbage.length > 0) {
      const item = state.garbage[0] as Garbage;
      while (item.keys.length > 0) {
        port.remove(item.keys[0] as string);
        item.keys.shift();
      }
      state.garbage.shift();
    }
  } catch {
    // Leftovers cost space only; they never change what a reopen reads.
  }
}

function storageError(error: unknown): MpsyncError {
  if (error instanceof MpsyncError) return error;
  return new MpsyncError('STORAGE_FAILED', `key-value storage failed: ${String(error)}`, { cause: error });
}
