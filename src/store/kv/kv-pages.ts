import { MpsyncError } from '../../core/errors';
import type { JsonObject } from '../../core/json';

/*
 * How kvStorage lays records out over port keys (P is the prefix, default `mpsync:`): a few large
 * values rather than one per record, so opening costs a number of synchronous storage calls that
 * grows with the stored bytes, not with the number of records.
 *
 *   P + 'head'                  the head: JSON {v: 2, seq, next, dir: [id, parts, bytes]}
 *   P + '#' + id                a page: JSON {n: namespace, d, b, s: seq, r: [[key, record], ...]}
 *                               or the directory: JSON {dir: 1, ns: {namespace: [bucket, ...]}}
 *   P + '#' + id + '.' + i + '/' + n    part i of n of a page too big for one value
 *
 * A namespace's records are spread over buckets by a hash of their key: bucket (d, b) holds the
 * keys whose hash ends in the d bits b (extendible hashing), and a bucket whose page grows past
 * the page size splits in two. Each bucket entry in the directory is [d, b, page id, parts,
 * bytes, records]; an empty bucket has page id 0 and no page. Pages and directories are never
 * rewritten in place: a commit writes the new pages of the buckets it changes and a new
 * directory under fresh ids, then the head (the commit point, small whatever the number of
 * pages), then removes what it replaced. `id`, `i` and `n` are base-36.
 */

/** The head entry's name after the prefix (shared with the first layout, which had `v: 1`). */
export const HEAD = 'head';

/** This layout's `v` in the head. */
export const PAGES_FORMAT = 2;

/** Deepest bucket: 2^24 buckets would be 16 M pages, far more than a 10 MB store can hold. */
export const MAX_DEPTH = 24;

/** One bucket of a namespace, as the head records it. */
export interface Bucket {
  /** Hash bits that select it. */
  readonly d: number;
  /** Their value. */
  readonly b: number;
  /** Its page, 0 when the bucket is empty (no page). */
  readonly id: number;
  /** Entries its page is stored in. */
  readonly parts: number;
  /** Bytes of those entries, as kvEntryBytes counts them. */
  readonly bytes: number;
  /** Records on its page. */
  readonly count: number;
}

/** Where a directory is stored: page id (0: no directory, nothing stored), entries, bytes. */
export interface DirectoryRef {
  readonly id: number;
  readonly parts: number;
  readonly bytes: number;
}

/** The committed state a head records. */
export interface PagesHead {
  readonly seq: number;
  /** The id the next page gets; ids are never reused, so a leftover page is never mistaken for a live one. */
  readonly next: number;
  readonly dir: DirectoryRef;
}

/** The buckets of every namespace. */
export type Directory = ReadonlyMap<string, readonly Bucket[]>;

/** The page of one bucket, read back. */
export interface Page {
  readonly namespace: string;
  readonly d: number;
  readonly b: number;
  readonly seq: number;
  /** Key to record, freshly parsed (never shared). */
  readonly records: Map<string, JsonObject>;
}

/** The buckets of a namespace with nothing in it: one bucket for every key. */
export const ROOT_BUCKETS: readonly Bucket[] = [{ d: 0, b: 0, id: 0, parts: 0, bytes: 0, count: 0 }];

/**
 * The 32-bit FNV-1a hash of a key's UTF-16 code units.
 *
 * @example
 * keyHash('a'); // 3826002220
 */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * Whether bucket (d, b) holds the key of hash `hash`.
 *
 * @example
 * inBucket(0b101, 2, 0b01); // true
 */
export function inBucket(hash: number, d: number, b: number): boolean {
  return (hash & (2 ** d - 1)) === b;
}

/**
 * Whether two buckets share keys: one lies inside the other.
 *
 * @example
 * overlaps({ d: 1, b: 1 }, { d: 2, b: 3 }); // true
 */
export function overlaps(x: { d: number; b: number }, y: { d: number; b: number }): boolean {
  const d = Math.min(x.d, y.d);
  return (x.b & (2 ** d - 1)) === (y.b & (2 ** d - 1));
}

/**
 * The port keys of page `id` stored in `parts` entries.
 *
 * @example
 * pageKeys('mpsync:', 10, 1); // ['mpsync:#a']
 * pageKeys('mpsync:', 10, 2); // ['mpsync:#a.0/2', 'mpsync:#a.1/2']
 */
export function pageKeys(prefix: string, id: number, parts: number): string[] {
  const stem = `${prefix}#${id.toString(36)}`;
  if (parts === 1) return [stem];
  const n = parts.toString(36);
  return Array.from({ length: parts }, (_, i) => `${stem}.${i.toString(36)}/${n}`);
}

/**
 * Takes a page's port key apart; `undefined` for any other key.
 *
 * @example
 * parsePageKey('mpsync:', 'mpsync:#a.1/2'); // { id: 10, index: 1, parts: 2 }
 */
export function parsePageKey(prefix: string, portKey: string): { id: number; index: number; parts: number } | undefined {
  if (!portKey.startsWith(`${prefix}#`)) return undefined;
  const match = /^([0-9a-z]+)(?:\.([0-9a-z]+)\/([0-9a-z]+))?$/.exec(portKey.slice(prefix.length + 1));
  if (match === null) return undefined;
  const [, id = '', index, parts] = match;
  return { id: parseInt(id, 36), index: index === undefined ? 0 : parseInt(index, 36), parts: parts === undefined ? 1 : parseInt(parts, 36) };
}

/**
 * A page's JSON text, built from the records' JSON texts without parsing them again.
 *
 * @example
 * formatPage('todos', 0, 0, 3, [['a', '{"n":1}']]); // '{"n":"todos","d":0,"b":0,"s":3,"r":[["a",{"n":1}]]}'
 */
export function formatPage(namespace: string, d: number, b: number, seq: number, records: Iterable<readonly [string, string]>): string {
  const rows: string[] = [];
  for (const [key, json] of records) rows.push(`[${JSON.stringify(key)},${json}]`);
  return `{"n":${JSON.stringify(namespace)},"d":${d},"b":${b},"s":${seq},"r":[${rows.join(',')}]}`;
}

/**
 * Reads a page's text; throws `STORAGE_CORRUPT` when it is not a page.
 *
 * @example
 * parsePage('{"n":"todos","d":0,"b":0,"s":3,"r":[["a",{"n":1}]]}').records.get('a'); // { n: 1 }
 */
export function parsePage(text: string): Page {
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch (cause) {
    throw new MpsyncError('STORAGE_CORRUPT', 'an mpsync page entry is not JSON', { cause });
  }
  const p = page as { n?: unknown; d?: unknown; b?: unknown; s?: unknown; r?: unknown };
  if (typeof p !== 'object' || p === null || typeof p.n !== 'string' || !isDepth(p.d) || !Number.isSafeInteger(p.b) || !Number.isSafeInteger(p.s) || !Array.isArray(p.r)) {
    throw new MpsyncError('STORAGE_CORRUPT', `unreadable mpsync page entry: ${text.slice(0, 100)}`);
  }
  const records = new Map<string, JsonObject>();
  for (const row of p.r as unknown[]) {
    if (!Array.isArray(row) || typeof row[0] !== 'string' || typeof row[1] !== 'object' || row[1] === null || Array.isArray(row[1])) {
      throw new MpsyncError('STORAGE_CORRUPT', 'an mpsync page holds an unreadable record');
    }
    records.set(row[0], row[1] as JsonObject);
  }
  return { namespace: p.n, d: p.d, b: p.b as number, seq: p.s as number, records };
}

/**
 * The head's JSON text.
 *
 * @example
 * formatHead({ seq: 1, next: 3, dir: { id: 2, parts: 1, bytes: 50 } }); // '{"v":2,"seq":1,"next":3,"dir":[2,1,50]}'
 */
export function formatHead(head: PagesHead): string {
  return `{"v":${PAGES_FORMAT},"seq":${head.seq},"next":${head.next},"dir":[${head.dir.id},${head.dir.parts},${head.dir.bytes}]}`;
}

/**
 * Reads a head entry's text: a head of this layout, `'legacy'` for a head of the first layout
 * (`v: 1`), and `STORAGE_CORRUPT` for anything else, which is never guessed at.
 *
 * @example
 * parseHead('{"v":2,"seq":0,"next":1,"dir":[0,0,0]}'); // { seq: 0, next: 1, dir: { id: 0, parts: 0, bytes: 0 } }
 */
export function parseHead(text: string): PagesHead | 'legacy' {
  let head: unknown;
  try {
    head = JSON.parse(text);
  } catch (cause) {
    throw new MpsyncError('STORAGE_CORRUPT', 'the mpsync head entry is not JSON; nothing was removed', { cause });
  }
  const h = head as { v?: unknown; seq?: unknown; next?: unknown; dir?: unknown };
  if (typeof h === 'object' && h !== null && h.v === 1) return 'legacy';
  if (typeof h !== 'object' || h === null || h.v !== PAGES_FORMAT || !Number.isSafeInteger(h.seq) || !Number.isSafeInteger(h.next) || !isCounts(h.dir, 3)) {
    throw new MpsyncError('STORAGE_CORRUPT', `unreadable mpsync head entry (nothing was removed): ${text.slice(0, 100)}`);
  }
  const [id, parts, bytes] = h.dir as [number, number, number];
  return { seq: h.seq as number, next: h.next as number, dir: { id, parts, bytes } };
}

/**
 * A directory's JSON text.
 *
 * @example
 * formatDirectory(new Map([['todos', [{ d: 0, b: 0, id: 1, parts: 1, bytes: 40, count: 1 }]]])); // '{"dir":1,"ns":{"todos":[[0,0,1,1,40,1]]}}'
 */
export function formatDirectory(directory: Directory): string {
  const ns: string[] = [];
  for (const [name, buckets] of directory) ns.push(`${JSON.stringify(name)}:${JSON.stringify(buckets.map((x) => [x.d, x.b, x.id, x.parts, x.bytes, x.count]))}`);
  return `{"dir":1,"ns":{${ns.join(',')}}}`;
}

/**
 * Reads a directory's text; `undefined` for the text of a page, `STORAGE_CORRUPT` for anything else.
 *
 * @example
 * parseDirectory('{"dir":1,"ns":{}}'); // Map(0)
 */
export function parseDirectory(text: string): Map<string, Bucket[]> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new MpsyncError('STORAGE_CORRUPT', 'an mpsync directory entry is not JSON; nothing was removed', { cause });
  }
  const v = value as { dir?: unknown; ns?: unknown; n?: unknown };
  if (typeof v === 'object' && v !== null && typeof v.n === 'string') return undefined;
  const bad = () => new MpsyncError('STORAGE_CORRUPT', `unreadable mpsync directory entry (nothing was removed): ${text.slice(0, 100)}`);
  if (typeof v !== 'object' || v === null || v.dir !== 1 || typeof v.ns !== 'object' || v.ns === null) throw bad();
  const ns = new Map<string, Bucket[]>();
  for (const [name, rows] of Object.entries(v.ns)) {
    if (!Array.isArray(rows)) throw bad();
    ns.set(
      name,
      rows.map((row: unknown) => {
        if (!isCounts(row, 6) || !isDepth((row as number[])[0])) throw bad();
        const [d, b, id, parts, bytes, count] = row as number[];
        return { d: d as number, b: b as number, id: id as number, parts: parts as number, bytes: bytes as number, count: count as number };
      }),
    );
  }
  return ns;
}

function isCounts(value: unknown, length: number): boolean {
  return Array.isArray(value) && value.length === length && value.every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
}

function isDepth(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_DEPTH;
}
