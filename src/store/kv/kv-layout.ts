import { MpsyncError } from '../../core/errors';

/*
 * The first layout of kvStorage, one entry per record version (P is the prefix, default
 * `mpsync:`). Stores written in it are read by legacyKvStorage and migrated by kvStorage to the
 * layout of kv-pages.ts:
 *
 *   P + 'head'                          the head: JSON {v, seq, next, ns: {namespace: id}}
 *   P + id + ':' + key + '~' + seq      a record version, whole
 *   ... + '~' + seq + '.' + i + '/' + n chunk i of n of a record version (n >= 2)
 *   ... + '~' + seq + '-'               a tombstone: the record was deleted at seq
 *
 * `id` (namespace id), `seq`, `i` and `n` are base-36. A version is committed when its seq is at
 * most the head's seq and its namespace id is in the head; the committed version with the highest
 * seq wins. The key may contain anything: the suffix is read from the last `~`, and the namespace
 * id ends at the first `:`.
 */

/** The head entry's name after the prefix. */
export const HEAD = 'head';

/** The value of a tombstone entry: never read, only its name matters. */
export const TOMBSTONE = '0';

/** The committed state a head records. */
export interface Head {
  /** The seq of the last commit. */
  readonly seq: number;
  /** The id the next new namespace gets; ids are never reused, so a dropped namespace's leftovers stay garbage. */
  readonly next: number;
  /** Namespace name to id. */
  readonly ns: Readonly<Record<string, number>>;
}

/** A port key of a record version, taken apart. */
export interface VersionName {
  readonly nsId: number;
  readonly key: string;
  readonly seq: number;
  /** Chunk count of the version; 1 = whole, 0 = tombstone. */
  readonly count: number;
  /** Chunk index (0 for a whole version or a tombstone). */
  readonly index: number;
}

const FORMAT = 1;
const SUFFIX = /^([0-9a-z]+)(?:(-)|\.([0-9a-z]+)\/([0-9a-z]+))?$/;
const NS_ID = /^[0-9a-z]+$/;

/**
 * The port keys of one record version with `count` chunks (1 = one whole entry).
 *
 * @example
 * versionKeys('mpsync:1:a~5', 1); // ['mpsync:1:a~5']
 * versionKeys('mpsync:1:a~5', 2); // ['mpsync:1:a~5.0/2', 'mpsync:1:a~5.1/2']
 */
export function versionKeys(stem: string, count: number): string[] {
  if (count === 1) return [stem];
  const n = count.toString(36);
  return Array.from({ length: count }, (_, i) => `${stem}.${i.toString(36)}/${n}`);
}

/**
 * The common start of every port key of a record version.
 *
 * @example
 * versionStem('mpsync:', 1, 'todos|a', 41); // 'mpsync:1:todos|a~15'
 */
export function versionStem(prefix: string, nsId: number, key: string, seq: number): string {
  return `${prefix}${nsId.toString(36)}:${key}~${seq.toString(36)}`;
}

/**
 * Takes a port key apart; `undefined` for a key that is not a record version (the head, the app's
 * own keys, anything unknown).
 *
 * @example
 * parseVersion('mpsync:', 'mpsync:1:a~z-'); // { nsId: 1, key: 'a', seq: 35, count: 0, index: 0 }
 */
export function parseVersion(prefix: string, portKey: string): VersionName | undefined {
  if (!portKey.startsWith(prefix)) return undefined;
  const rest = portKey.slice(prefix.length);
  const colon = rest.indexOf(':');
  const tilde = rest.lastIndexOf('~');
  if (colon <= 0 || tilde < colon) return undefined;
  const id = rest.slice(0, colon);
  const suffix = SUFFIX.exec(rest.slice(tilde + 1));
  if (!NS_ID.test(id) || suffix === null) return undefined;
  const [, seq = '', tomb, index, count] = suffix;
  return {
    nsId: parseInt(id, 36),
    key: rest.slice(colon + 1, tilde),
    seq: parseInt(seq, 36),
    count: tomb !== undefined ? 0 : count !== undefined ? parseInt(count, 36) : 1,
    index: index !== undefined ? parseInt(index, 36) : 0,
  };
}

/** The head of a store with nothing committed yet. */
export const EMPTY_HEAD: Head = { seq: 0, next: 1, ns: {} };

/**
 * Reads a head entry; no entry means an empty store. Throws `STORAGE_CORRUPT` for a head this
 * version cannot read, rather than guessing and losing data.
 *
 * @example
 * parseHead('{"v":1,"seq":3,"next":2,"ns":{"todos":1}}'); // { seq: 3, next: 2, ns: { todos: 1 } }
 */
export function parseHead(text: string | undefined): Head {
  if (text === undefined) return EMPTY_HEAD;
  let head: unknown;
  try {
    head = JSON.parse(text);
  } catch (cause) {
    throw new MpsyncError('STORAGE_CORRUPT', 'the mpsync head entry is not JSON; the record entries were kept', { cause });
  }
  if (!isHead(head)) throw new MpsyncError('STORAGE_CORRUPT', `unreadable mpsync head entry (the record entries were kept): ${text.slice(0, 100)}`);
  return { seq: head.seq, next: head.next, ns: head.ns };
}

/**
 * Writes a head entry.
 *
 * @example
 * formatHead({ seq: 3, next: 2, ns: { todos: 1 } }); // '{"v":1,"seq":3,"next":2,"ns":{"todos":1}}'
 */
export function formatHead(head: Head): string {
  return JSON.stringify({ v: FORMAT, seq: head.seq, next: head.next, ns: head.ns });
}

function isHead(value: unknown): value is Head & { v: number } {
  if (typeof value !== 'object' || value === null) return false;
  const head = value as Record<string, unknown>;
  const ns = head['ns'];
  return (
    head['v'] === FORMAT &&
    Number.isSafeInteger(head['seq']) &&
    Number.isSafeInteger(head['next']) &&
    typeof ns === 'object' &&
    ns !== null &&
    Object.values(ns).every((id) => Number.isSafeInteger(id))
  );
}
