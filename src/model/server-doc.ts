import { docKey } from '../core/doc-key';
import type { Doc, JsonObject, JsonValue } from '../core/json';
import type { DocRow } from './doc-row';

/**
 * The fields mpsync adds to every document it writes to the cloud. Server-side writers (cloud
 * functions, the console) should maintain them too: see docs/sync.md.
 * - `_v`: a fresh write id on every write (compare-and-set key);
 * - `_vh`: the last {@link HISTORY_LENGTH} write ids, so a replayed write is recognised;
 * - `_mt`: modification time stamped by the server (`$currentDate`), the pull cursor;
 * - `_deleted`: `true` on a soft-deleted document (a tombstone), which travels like any change.
 */
const BOOKKEEPING_FIELDS = ['_v', '_vh', '_mt', '_deleted'] as const;

/** How many recent write ids a server document keeps in `_vh`. */
export const HISTORY_LENGTH = 16;

/** A row as RxDB's replication sees the server's side: a {@link DocRow} plus `_deleted`. */
export type MasterRow = DocRow & { _deleted: boolean };

/**
 * The RxDB master state of a server document: its visible fields, write id and history.
 *
 * @param seq - the local arrival number to give it (kept from the cached row when there is one)
 */
export function masterRowOf(coll: string, serverDoc: JsonObject, seq: number): MasterRow {
  const doc: JsonObject = {};
  for (const [k, v] of Object.entries(serverDoc)) if (!(BOOKKEEPING_FIELDS as readonly string[]).includes(k)) doc[k] = v;
  const key = docKey(serverDoc._id as JsonValue);
  const vh = Array.isArray(serverDoc._vh) ? serverDoc._vh.filter((x): x is string => typeof x === 'string') : [];
  return {
    id: `${coll}|${key}`,
    coll,
    key,
    doc: doc as Doc,
    seq,
    v: typeof serverDoc._v === 'string' ? serverDoc._v : '',
    vh,
    ops: [],
    _deleted: serverDoc._deleted === true,
  };
}

/** The master state of a document gone from the server without a tombstone: deleted. */
export function goneRow(row: DocRow): MasterRow {
  return { ...row, v: '', vh: [], ops: [], _deleted: true };
}

/**
 * A query for the documents of `filter` (a collection's sync scope, possibly empty) that also
 * match `extra` (a cursor or a page).
 *
 * @example
 * scoped({ listId: 'a' }, { _id: { $gt: 'x' } }); // { $and: [{ listId: 'a' }, { _id: { $gt: 'x' } }] }
 */
export function scoped(filter: JsonObject | undefined, extra: JsonObject): JsonObject {
  if (!filter || Object.keys(filter).length === 0) return extra;
  return Object.keys(extra).length > 0 ? { $and: [filter, extra] } : filter;
}

/** The ids of every state the server document has been in, as far as it remembers. */
export function serverStateIds(row: Pick<DocRow, 'v' | 'vh'>): Set<string> {
  const ids = new Set(row.vh);
  if (row.v) ids.add(row.v);
  return ids;
}

/** `_vh` after a write of `v` over a document whose history was `vh`. */
export function nextHistory(vh: readonly string[], v: string): string[] {
  return [...vh.filter((x) => x !== v), v].slice(-HISTORY_LENGTH);
}
