import { docKey } from '../core/doc-key';
import { isPlainObject, type JsonObject, type JsonValue } from '../core/json';
import { sha256Hex } from '../core/sha256';
import { toWire } from '../core/wire';
import { utf8Bytes } from '../store/batch';
import type { DocRow } from '../model/doc-row';
import type { SdkCollection } from '../sdk/sdk-types';
import type { ServerClock } from './server-clock';
import { masterRowOf, scoped, type MasterRow } from '../model/server-doc';

/** Where the pull of one collection stands: the last `(_mt, _id)` seen, and the filter it was for. */
export interface CollectionCursor {
  readonly mt: string | null;
  readonly id: JsonValue;
  /** Hash of the collection's filter: a changed filter starts the collection over. */
  readonly f: string;
}

/** The replication checkpoint: one cursor per synced collection. */
export type PullCheckpoint = Readonly<Record<string, CollectionCursor>>;

/** What a pull needs to know about the synced collections. */
export interface PullContext {
  /** Synced collections in pull order, with their filters. */
  readonly collections: ReadonlyArray<{ readonly name: string; readonly filter: JsonObject | undefined }>;
  /** The SDK's own collection (the network path). */
  readonly remote: (name: string) => SdkCollection;
  /** The local arrival number for a pulled document. */
  readonly seqFor: (coll: string, key: string) => number;
  /** The cached row of a document, if any. */
  readonly cached: (coll: string, key: string) => DocRow | undefined;
  /** Collections whose next pull starts `overlapMs` before their cursor (the start of a sync round). */
  readonly rewind: Set<string>;
  readonly overlapMs: number;
  /** Judges whether a stamp can be the server's. */
  readonly serverClock: ServerClock;
  /** Hears the documents of a collection whose `_mt` lies beyond the server's clock. */
  readonly onFutureStamps: (coll: string, docs: readonly JsonObject[]) => void;
}

/** Whether two checkpoints hold the same cursor for every collection. */
export function sameCheckpoint(a: PullCheckpoint | undefined, b: PullCheckpoint | undefined): boolean {
  const keys = new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})]);
  for (const key of keys) {
    const x = a?.[key];
    const y = b?.[key];
    if (!x || !y || x.mt !== y.mt || x.f !== y.f || JSON.stringify(x.id) !== JSON.stringify(y.id)) return false;
  }
  return true;
}

/** Identifies a filter for the checkpoint; any change of it restarts that collection's pull. */
function filterHash(filter: JsonObject | undefined): string {
  return sha256Hex(JSON.stringify(filter ?? {})).slice(0, 16);
}

/**
 * The query for documents after a cursor in `(_mt, _id)` order. Documents that never got an `_mt`
 * (written without mpsync) sort first and are walked by `_id`.
 */
function cursorQuery(cursor: CollectionCursor | undefined, rewindMs: number): JsonObject {
  if (!cursor) return {};
  if (cursor.mt === null) return { $or: [{ _mt: null, _id: { $gt: cursor.id } }, { _mt: { $ne: null } }] };
  if (rewindMs > 0) return { _mt: { $gte: new Date(Date.parse(cursor.mt) - rewindMs).toISOString() } };
  return { $or: [{ _mt: { $gt: cursor.mt } }, { _mt: cursor.mt, _id: { $gt: cursor.id } }] };
}

/** One page of a pull. */
export interface PulledPage {
  readonly documents: MasterRow[];
  readonly checkpoint: PullCheckpoint;
  /** Whether every collection is caught up: no page came back full. */
  readonly caughtUp: boolean;
  /** Bytes of the documents the server answered (UTF-8 JSON), for sizing the next page. */
  readonly bytes: number;
}

/**
 * An answer that left the server before a newer state of the document reached this client (a
 * slow pull overtaken by a push or another pull) must not replace the newer cached state: when the
 * cached state is a server state whose history holds the pulled one, the cached state is reported
 * instead, which RxDB sees as "nothing new". The batch keeps its size, so RxDB's paging still works.
 */
function notOlder(pulled: MasterRow, cached: DocRow | undefined): MasterRow {
  if (!cached || cached.ops.length > 0 || cached.v === pulled.v || !cached.vh.includes(pulled.v)) return pulled;
  return { ...cached, ops: [], _deleted: (cached as DocRow & { _deleted?: boolean })._deleted === true };
}

/** A document's `_mt` in ms; `-Infinity` without one (such documents sort first). */
function stampOf(doc: JsonObject | undefined): number {
  const mt = doc?._mt;
  const ms = typeof mt === 'string' ? Date.parse(mt) : NaN;
  return Number.isFinite(ms) ? ms : -Infinity;
}

function stampPlausible(ctx: PullContext, mt: JsonValue | undefined): boolean {
  return ctx.serverClock.knownPlausible(stampOf({ _mt: mt ?? null }));
}

/**
 * RxDB's pull handler: up to `batchSize` changed documents, collection after collection, in
 * `(_mt, _id)` order from each cursor. `caughtUp` says every collection is caught up (a page came
 * back with fewer documents than asked); `bytes` is the size of the answers, which sizes the next page.
 * At the start of a sync round a cursor first steps back by the overlap window, so a write that
 * the server stamped early but committed late (behind a faster one) is still seen.
 *
 * A document whose `_mt` lies beyond the server's clock (any client can write `_mt`) is pulled like
 * any other, but the cursor does not move past it, so it cannot hide the real changes stamped
 * before it; it comes again in every round until a real write restamps it, and is reported through
 * `onFutureStamps`. Such documents never fill a batch on their own (that would page forever), so
 * when more of them than a batch holds wait in one collection, the rest come with the sweep.
 */
export async function pullBatch(ctx: PullContext, checkpoint: PullCheckpoint | undefined, batchSize: number): Promise<PulledPage> {
  const next: Record<string, CollectionCursor> = { ...(checkpoint ?? {}) };
  const documents: MasterRow[] = [];
  let bytes = 0;
  let full = false;
  for (const { name, filter } of ctx.collections) {
    const want = batchSize - documents.length;
    if (want <= 0) break;
    const f = filterHash(filter);
    const remote = ctx.remote(name);
    let cursor = next[name]?.f === f ? next[name] : undefined;
    const rewind = ctx.rewind.delete(name) ? ctx.overlapMs : 0;
    // A cursor that a future stamp moved before this check existed starts its collection over.
    if (rewind > 0 && cursor && !stampPlausible(ctx, cursor.mt)) {
      await ctx.serverClock.learn(remote);
      if (!stampPlausible(ctx, cursor.mt) && stampOf({ _mt: cursor.mt }) > ctx.serverClock.bound()) cursor = undefined;
    }
    const after = cursorQuery(cursor, rewind);
    const query = async () => {
      const answer = await remote.find(scoped(filter, after), { sort: { _mt: 1, _id: 1 }, limit: want });
      // The SDK revived ISO strings into Dates; the cache keeps the wire form.
      return ((toWire(answer.result) ?? []) as JsonObject[]).filter((doc) => isPlainObject(doc));
    };
    let found = await query();
    if (!stampPlausible(ctx, found[found.length - 1]?._mt)) {
      await ctx.serverClock.learn(remote);
      // Asked again after the wait: an answer that old could be overtaken by a push in flight.
      found = await query();
    }
    if (found.length > 0) bytes += utf8Bytes(JSON.stringify(found));
    // Sorted by `_mt`: the implausible stamps are a tail; the cursor walks only over the rest.
    const bound = ctx.serverClock.bound();
    const cut = found.findIndex((doc) => stampOf(doc) > bound);
    const [plausible, future] = cut < 0 ? [found, []] : [found.slice(0, cut), found.slice(cut)];
    // Without a step forward, future-stamped documents leave room in the batch: RxDB then stops paging.
    const delivered = plausible.length > 0 ? found : future.slice(0, Math.max(0, want - 1));
    for (const doc of delivered) {
      const key = docKey(doc._id as JsonValue);
      documents.push(notOlder(masterRowOf(name, doc, ctx.seqFor(name, key)), ctx.cached(name, key)));
    }
    if (future.length > 0) ctx.onFutureStamps(name, future);
    const last = plausible[plausible.length - 1];
    if (last) next[name] = { mt: typeof last._mt === 'string' ? last._mt : null, id: last._id as JsonValue, f };
    if (found.length >= want && plausible.length > 0) {
      full = true;
      break;
    }
  }
  return { documents, checkpoint: next, caughtUp: !full, bytes };
}
