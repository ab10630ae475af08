import type { RxReplicationWriteToMasterRow } from 'rxdb';
import { isPlainObject, type JsonObject } from '../core/json';
import { toWire } from '../core/wire';
import type { DocRow } from '../model/doc-row';
import { isLocalOnly } from '../model/local-only';
import type { SdkCollection } from '../sdk/sdk-types';
import { classifySdkError } from '../sdk/errors';
import { goneRow, HISTORY_LENGTH, masterRowOf, serverStateIds, type MasterRow } from '../model/server-doc';
import { PushPool } from './push-pool';

/** One row RxDB asks to push. */
export type PushRow = RxReplicationWriteToMasterRow<DocRow>;

/** What a push achieved. */
export interface PushOutcome {
  /** The server's states of documents it had changed meanwhile: RxDB resolves them by the collection's rule. */
  readonly conflicts: MasterRow[];
  /** Rows the server refused for good (permissions, invalid data), with why. */
  readonly rejected: Array<{ readonly row: DocRow; readonly conflict: MasterRow; readonly error: unknown }>;
}

const STAMP = { _mt: true };

/**
 * Requests a push keeps in flight when it is given no pool of its own. The sync engine passes one
 * pool for all its pushes, sized from the platform's limit ({@link pushConcurrency}).
 */
export const PUSH_CONCURRENCY = 4;

/**
 * RxDB's push handler over the ordinary CRUD calls of the SDK:
 * - a new document: inserted with its client-made `_id` (several at once with `insertMany`, then
 *   stamped), or upserted one by one when a batch hits an existing `_id`;
 * - a change: compare-and-set on `_v` — `updateOne({ _id, _v: <assumed> }, { $set, $unset, $push: _vh, $currentDate: _mt })`,
 *   one request per document, as many in flight as `pool` allows; a deletion is the same with
 *   `_deleted: true`.
 * The rows are distinct documents (RxDB pushes a document again only after its last push ended),
 * so their requests are independent and may overlap; a document's own writes never race.
 * When the compare-and-set misses, the current server document decides: if it already holds this
 * state (an earlier attempt landed and only its answer was lost) the push is done; otherwise it is
 * a conflict. Nothing is ever applied twice.
 */
export async function pushRows(
  remote: (coll: string) => SdkCollection,
  changed: readonly PushRow[],
  pool: PushPool = new PushPool(PUSH_CONCURRENCY),
): Promise<PushOutcome> {
  const outcome: PushOutcome = { conflicts: [], rejected: [] };
  const inserts = new Map<string, DocRow[]>();
  // mpsync's own bookkeeping rows (receipts) share the collection but stay on the device.
  const rows = changed.filter((r) => !isLocalOnly(r.newDocumentState.coll));
  for (const { newDocumentState: row, assumedMasterState: assumed } of rows) {
    if (assumed) continue;
    // Created and deleted before it ever reached the server: nothing to send.
    if (row._deleted) continue;
    inserts.set(row.coll, [...(inserts.get(row.coll) ?? []), row]);
  }
  for (const [coll, batch] of inserts) await insertBatch(remote(coll), batch, outcome, pool);
  const updates = rows.filter((r) => r.assumedMasterState !== undefined);
  await eachLimited(updates, pool, ({ newDocumentState: row, assumedMasterState: assumed }) => {
    const collection = remote(row.coll);
    return guarded(collection, row, outcome, () => update(collection, row, assumed!));
  });
  return outcome;
}

/**
 * Runs `task` for every item, in order, each once `pool` has a free place. On the first failure no
 * new task starts; those in flight finish (a write that lands is recognised by its `_v` on the
 * retry), then it rejects with that failure.
 */
async function eachLimited<T>(items: readonly T[], pool: PushPool, task: (item: T) => Promise<void>): Promise<void> {
  let failure: { error: unknown } | undefined;
  const running: Array<Promise<void>> = [];
  for (const item of items) {
    await pool.acquire();
    if (failure) {
      pool.release();
      break;
    }
    running.push(
      task(item)
        .catch((error: unknown) => {
          failure ??= { error };
        })
        .finally(() => pool.release()),
    );
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}

function body(row: DocRow): JsonObject {
  const { _id: _ignored, ...fields } = row.doc;
  return { ...fields, _v: row.v, _vh: [row.v] };
}

async function insertBatch(collection: SdkCollection, batch: DocRow[], outcome: PushOutcome, pool: PushPool): Promise<void> {
  if (batch.length > 1) {
    try {
      await pool.run(async () => {
        await collection.insertMany(batch.map((row) => ({ _id: row.doc._id, ...body(row) })));
        await collection.updateMany({ _id: { $in: batch.map((row) => row.doc._id) } }, { $currentDate: STAMP });
      });
      return;
    } catch (error) {
      // An _id already there (a retry after a lost answer, or someone else's document): go one by one.
      if (classifySdkError(error).code !== 'REJECTED') throw error;
    }
  }
  await eachLimited(batch, pool, (row) => guarded(collection, row, outcome, () => insertOne(collection, row)));
}

async function insertOne(collection: SdkCollection, row: DocRow): Promise<MasterRow | undefined> {
  const answer = await collection.updateOne({ _id: row.doc._id }, { $setOnInsert: body(row), $currentDate: STAMP }, { upsert: true });
  if ((answer.result as { upsertedId?: unknown } | undefined)?.upsertedId != null) return undefined;
  return settle(collection, row);
}

async function update(collection: SdkCollection, row: DocRow, assumed: DocRow): Promise<MasterRow | undefined> {
  // The pending writes must have been made on the state RxDB assumes the server holds; when they
  // were made on another one (a late answer of an older pull replaced the cached state), a
  // compare-and-set on the assumed state would write them over changes they never saw. The
  // server's state then goes to the conflict rule, which replays them on it instead.
  if (!builtOn(row, assumed.v)) return serverState(collection, row);
  const set: JsonObject = { _v: row.v };
  const unset: JsonObject = {};
  for (const [k, v] of Object.entries(row.doc)) if (k !== '_id' && JSON.stringify(assumed.doc[k]) !== JSON.stringify(v)) set[k] = v;
  for (const k of Object.keys(assumed.doc)) if (!(k in row.doc)) unset[k] = '';
  const deleted = (row as PushRow['newDocumentState'])._deleted;
  if (deleted !== (assumed as PushRow['newDocumentState'])._deleted) set._deleted = deleted;
  const change: JsonObject = { $set: set, $push: { _vh: { $each: [row.v], $slice: -HISTORY_LENGTH } }, $currentDate: STAMP };
  if (Object.keys(unset).length > 0) change.$unset = unset;
  // Besides the compare-and-set on `_v`, a state is written at most once: if the server's history
  // already holds it (a stale copy of an old state met a newer assumed one), nothing is written and
  // the push counts as landed; the next pull brings the newer state.
  const filter = { _id: row.doc._id, _v: assumed.v === '' ? { $exists: false } : assumed.v, _vh: { $ne: row.v } };
  const answer = await collection.updateOne(filter, change);
  if ((answer.result as { matchedCount?: number } | undefined)?.matchedCount === 1) return undefined;
  return settle(collection, row);
}

/** Whether the pending writes of `row` were made on the server state `v`. */
function builtOn(row: DocRow, v: string): boolean {
  if (row.ops.length === 0) return true;
  return row.vh[row.vh.length - 1] === v || row.ops.some((op) => op.vs.includes(v)) || (v === '' && row.vh.length === 0);
}

// The compare-and-set missed: done if the server already holds this state, else a conflict.
async function settle(collection: SdkCollection, row: DocRow): Promise<MasterRow | undefined> {
  const server = await serverState(collection, row);
  return serverStateIds(server).has(row.v) ? undefined : server;
}

async function guarded(collection: SdkCollection, row: DocRow, outcome: PushOutcome, push: () => Promise<MasterRow | undefined>): Promise<void> {
  try {
    const conflict = await push();
    if (conflict) outcome.conflicts.push(conflict);
  } catch (error) {
    if (classifySdkError(error).code !== 'REJECTED') throw error;
    // Refused for good: the server's current state replaces this write (reported, not retried forever).
    const conflict = await serverState(collection, row);
    outcome.rejected.push({ row, conflict, error });
  }
}

async function serverState(collection: SdkCollection, row: DocRow): Promise<MasterRow> {
  const current = toWire((await collection.findOne({ _id: row.doc._id })).result);
  // Gone on the server without a tombstone: the server's state is "deleted".
  if (!isPlainObject(current)) return goneRow(row);
  return masterRowOf(row.coll, current, row.seq);
}
