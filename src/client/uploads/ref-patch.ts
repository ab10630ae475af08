import type { JsonObject, JsonValue } from '../../core/json';
import type { LocalEngine } from '../../local/local-engine';
import { commandParams } from '../../sdk/commands';
import { pendingRefsIn, resolvedRef, type UploadAnswer } from './pending-ref';

/** A document that held a pending reference, found by {@link patchRefs}. */
export interface PatchedDoc {
  readonly collection: string;
  readonly docId: JsonValue;
}

/**
 * Replaces every field (at any depth, in every synced collection) that holds one of upload `id`'s
 * pending references by the real answer's field — or by `null` when the upload did not happen — as
 * ordinary local writes (`$set` on the exact paths), so the change syncs through the write queue
 * like any other and merges with concurrent edits of other fields. Each write also requires the
 * field to still hold the reference, so an edit the app made meanwhile is not overwritten.
 * Resolves once every write is committed, with the documents it changed.
 */
export async function patchRefs(engine: LocalEngine, collections: readonly string[], id: string, answer: UploadAnswer | null): Promise<PatchedDoc[]> {
  const patched: PatchedDoc[] = [];
  for (const coll of collections) {
    for (const row of engine.rows(coll)) {
      if (row._deleted) continue;
      const places = pendingRefsIn(row.doc).filter((p) => p.id === id);
      if (places.length === 0) continue;
      const filter: JsonObject = { _id: row.doc._id };
      const set: JsonObject = {};
      for (const place of places) {
        filter[place.path] = place.value;
        set[place.path] = resolvedRef(place.value, answer);
      }
      await engine.execute(coll, 'updateOne', commandParams('updateOne', [filter, { $set: set }]));
      patched.push({ collection: coll, docId: row.doc._id });
    }
  }
  return patched;
}
