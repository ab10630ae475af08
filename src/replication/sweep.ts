import { docKey } from '../core/doc-key';
import { isPlainObject, type JsonObject, type JsonValue } from '../core/json';
import { toWire } from '../core/wire';
import type { DocRow } from '../model/doc-row';
import type { SdkCollection } from '../sdk/sdk-types';
import { goneRow, masterRowOf, scoped, type MasterRow } from '../model/server-doc';

/** What a sweep needs. */
export interface SweepContext {
  readonly remote: (name: string) => SdkCollection;
  /** Every cached row of a collection, deleted ones included. */
  readonly cachedRows: (coll: string) => ReadonlyArray<DocRow & { _deleted: boolean }>;
  readonly seqFor: (coll: string, key: string) => number;
}

/** Ids per page. */
const PAGE_SIZE = 500;

const STATE_FIELDS = { _id: 1, _v: 1, _deleted: 1 };

/**
 * Finds what the pull cursor cannot see: documents written without mpsync's bookkeeping (cloud
 * functions, the console: no `_mt`, no `_v`), documents deleted for real instead of marked, and
 * documents that left this client's filter. It lists `_id`/`_v` of every document the filter
 * matches (by `_id` pages), compares with the cache, fetches what differs, and answers master
 * states for RxDB: changed documents as they are now, vanished ones as deleted.
 */
export async function sweep(ctx: SweepContext, coll: string, filter: JsonObject | undefined): Promise<MasterRow[]> {
  const remote = ctx.remote(coll);
  const server = new Map<string, JsonObject>();
  let after: JsonValue | undefined;
  for (;;) {
    const page: JsonObject = after === undefined ? {} : { _id: { $gt: after } };
    const { result } = await remote.find(scoped(filter, page), { sort: { _id: 1 }, limit: PAGE_SIZE, projection: STATE_FIELDS });
    const docs = (toWire(result) ?? []) as JsonObject[];
    for (const doc of docs) if (isPlainObject(doc)) server.set(docKey(doc._id as JsonValue), doc);
    if (docs.length < PAGE_SIZE) break;
    after = (docs[docs.length - 1] as JsonObject)._id;
  }
  const changed: MasterRow[] = [];
  const fetch: JsonValue[] = [];
  const cached = new Map(ctx.cachedRows(coll).map((row) => [row.key, row]));
  for (const [key, state] of server) {
    const row = cached.get(key);
    // Local writes wait to be pushed; the push settles them against the server's state.
    if (row && row.ops.length > 0) continue;
    const v = typeof state._v === 'string' ? state._v : '';
    const deleted = state._deleted === true;
    if (row && v !== '' && row.v === v && row._deleted === deleted) continue;
    fetch.push(state._id as JsonValue);
  }
  for (let i = 0; i < fetch.length; i += PAGE_SIZE) {
    const { result } = await remote.find({ _id: { $in: fetch.slice(i, i + PAGE_SIZE) } }, { limit: PAGE_SIZE });
    for (const doc of (toWire(result) ?? []) as JsonObject[]) {
      if (!isPlainObject(doc)) continue;
      const key = docKey(doc._id as JsonValue);
      const row = cached.get(key);
      const master = masterRowOf(coll, doc, row?.seq ?? ctx.seqFor(coll, key));
      // Without a write id, only the content tells whether the document changed.
      if (row && master.v === '' && row.v === '' && !row._deleted && JSON.stringify(row.doc) === JSON.stringify(master.doc)) continue;
      changed.push(master);
    }
  }
  for (const [key, row] of cached) {
    if (server.has(key) || row._deleted || row.ops.length > 0) continue;
    // Gone from the server (or from this client's filter) without a tombstone: deleted here too.
    changed.push(goneRow(row));
  }
  return changed;
}
