import { MpsyncError } from '../../core/errors';
import type { JsonObject } from '../../core/json';

/*
 * How kvStorage lays records out over port keys (P is the prefix, default `mpsync:`): a few large
 * values rather than one per record, so opening costs a number of synchronous storage calls that
 * grows with the stored bytes, not with the number of records.
 *
 *   P + 'head'                  the head: JSON {v: 2, seq, next, dir: [id, parts, bytes]}
 *   P + '#' + id                a segment: JSON {n: namespace, s: seq, r: [[key, record or 0], ...]}
 *                               or the directory: JSON {dir: 1, ns: {namespace: {c, s: [segment, ...]}}}
 *   P + '#' + id + '.' + i + '/' + n    part i of n of a value too big for one entry
 *
 * Each namespace is a log of segments: a commit appends one segment with its records and its
 * deletions (0), and replaying a namespace's segments in order gives its records. The directory
 * lists each namespace's record count `c` and its segments in order, each as [id, parts, bytes,
 * live bytes]. Compaction rewrites the live records of small or mostly superseded segments into
 * new ones at the end of the log, so a namespace holds about its live bytes in full-size segments.
 * Segments and directories are never rewritten in place: a commit writes its new segments and a
 * new directory under fresh ids, then the head (the commit point, small whatever the number of
 * segments), then removes what it replaced. `id`, `i` and `n` are base-36.
 */

/** The head entry's name after the prefix (shared with the first layout, which had `v: 1`). */
export const HEAD = 'head';

/** This layout's `v` in the head. */
const PAGES_FORMAT = 2;

/** One segment of a namespace's log, as the directory records it. */
export interface Segment {
  readonly id: number;
  /** Entries it is stored in. */
  readonly parts: number;
  /** Bytes of those entries, as kvEntryBytes counts them. */
  readonly bytes: number;
  /** Bytes of its records that are still the newest version of their key (an estimate for compaction). */
  live: number;
}

/** A namespace in the directory: its record count and its log. */
export interface Space {
  count: number;
  segments: Segment[];
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

/** Every namespace's log. */
export type Directory = ReadonlyMap<string, Space>;

/** A segment, read back. */
export interface Page {
  readonly namespace: string;
  readonly seq: number;
  /** Key to record (freshly parsed, never shared), or `null` for a deletion, in the segment's order. */
  readonly records: Map<string, JsonObject | null>;
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
 * A segment's JSON text, built from the records' JSON texts without parsing them again; `null`
 * is a deletion.
 *
 * @example
 * formatPage('todos', 3, [['a', '{"n":1}'], ['b', null]]); // '{"n":"todos","s":3,"r":[["a",{"n":1}],["b",0]]}'
 */
export function formatPage(namespace: string, seq: number, records: Iterable<readonly [string, string | null]>): string {
  const rows: string[] = [];
  for (const [key, json] of records) rows.push(`[${JSON.stringify(key)},${json ?? '0'}]`);
  return `{"n":${JSON.stringify(namespace)},"s":${seq},"r":[${rows.join(',')}]}`;
}

/**
 * Reads a page's text; throws `STORAGE_CORRUPT` when it is not a page.
 *
 * @example
 * parsePage('{"n":"todos","s":3,"r":[["a",{"n":1}],["b",0]]}').records; // Map { a: { n: 1 }, b: null }
 */
export function parsePage(text: string): Page {
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch (cause) {
    throw new MpsyncError('STORAGE_CORRUPT', 'an mpsync page entry is not JSON', { cause });
  }
  const p = page as { n?: unknown; s?: unknown; r?: unknown };
  if (typeof p !== 'object' || p === null || typeof p.n !== 'string' || !Number.isSafeInteger(p.s) || !Array.isArray(p.r)) {
    throw new MpsyncError('STORAGE_CORRUPT', `unreadable mpsync page entry: ${text.slice(0, 100)}`);
  }
  const records = new Map<string, JsonObject | null>();
  for (const row of p.r as unknown[]) {
    const ok = Array.isArray(row) && typeof row[0] === 'string' && (row[1] === 0 || (typeof row[1] === 'object' && row[1] !== null && !Array.isArray(row[1])));
    if (!ok) throw new MpsyncError('STORAGE_CORRUPT', 'an mpsync segment holds an unreadable record');
    records.set(row[0] as string, row[1] === 0 ? null : (row[1] as JsonObject));
  }
  return { namespace: p.n, seq: p.s as number, records };
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
 * formatDirectory(new Map([['todos', { count: 1, segments: [{ id: 1, parts: 1, bytes: 40, live: 20 }] }]])); // '{"dir":1,"ns":{"todos":{"c":1,"s":[[1,1,40,20]]}}}'
 */
export function formatDirectory(directory: Directory): string {
  const ns: string[] = [];
  for (const [name, space] of directory)
    ns.push(`${JSON.stringify(name)}:{"c":${space.count},"s":${JSON.stringify(space.segments.map((x) => [x.id, x.parts, x.bytes, x.live]))}}`);
  return `{"dir":1,"ns":{${ns.join(',')}}}`;
}

/**
 * Reads a directory's text; `undefined` for the text of a page, `STORAGE_CORRUPT` for anything else.
 *
 * @example
 * parseDirectory('{"dir":1,"ns":{}}'); // Map(0)
 */
export function parseDirectory(text: string): Map<string, Space> | undefined {
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
  const ns = new Map<string, Space>();
  for (const [name, space] of Object.entries(v.ns)) {
    const sp = space as { c?: unknown; s?: unknown };
    if (typeof sp !== 'object' || sp === null || !Number.isSafeInteger(sp.c) || !Array.isArray(sp.s)) throw bad();
    const segments = sp.s.map((row: unknown): Segment => {
      if (!isCounts(row, 4)) throw bad();
      const [id, parts, bytes, live] = row as number[];
      return { id: id as number, parts: parts as number, bytes: bytes as number, live: live as number };
    });
    ns.set(name, { count: sp.c as number, segments });
  }
  return ns;
}

function isCounts(value: unknown, length: number): boolean {
  return Array.isArray(value) && value.length === length && value.every((n) => Number.isSafeInteger(n) && (n as number) >= 0);
}
