import { DbError, DbErrorCode } from '../../core/db-error';
import { docKey } from '../../core/doc-key';
import type { Doc, JsonObject, JsonValue } from '../../core/json';
import { toStoredDocument } from '../document';
import { applyUpdate, type ParsedUpdate } from '../update';
import { upsertIdOf, upsertSeed } from '../upsert';
import { duplicateKey } from './insert';
import type { CollectionView, CommandEnv, Write } from './types';

/** The effect of an update on one matched document. */
export interface Modified {
  readonly before: Doc;
  readonly after: Doc;
  readonly write?: Write;
}

/** Applies `update` to a matched document; `write` is absent when nothing changed. */
export function modifyOne(doc: Doc, update: ParsedUpdate, env: CommandEnv, filter: JsonObject | undefined, arrayFilters: JsonObject[] | undefined): Modified {
  const { doc: after, changed } = applyUpdate(doc, update, { now: env.now, ...(filter ? { filter } : {}), ...(arrayFilters ? { arrayFilters } : {}) });
  if (!changed) return { before: doc, after: doc };
  return { before: doc, after, write: { kind: 'replace', key: docKey(doc._id), doc: after, before: doc } };
}

/**
 * The document an upsert inserts when nothing matched: the filter's equality fields, then the
 * update (with `$setOnInsert`), then a fresh `_id` if still none (as the first field).
 */
export function upsertWithUpdate(
  view: CollectionView,
  filter: JsonObject | undefined,
  update: ParsedUpdate,
  env: CommandEnv,
  arrayFilters?: JsonObject[],
): { doc: Doc; write: Write } {
  const seed = upsertSeed(filter);
  // An upsert may name the new `_id` in $setOnInsert or $set; start from it so the update keeps it.
  const named = update.kind === 'operators' ? (update.ops.$setOnInsert?._id ?? update.ops.$set?._id) : undefined;
  const { doc } = applyUpdate({ ...seed, _id: seed._id ?? named ?? PENDING_ID }, update, {
    now: env.now,
    inserting: true,
    ...(arrayFilters ? { arrayFilters } : {}),
  });
  return insertWrite(view, doc._id === PENDING_ID ? withoutPending(doc, env) : doc);
}

/** The document an upsert by replacement inserts: the replacement, with the filter's `_id` if it has none. */
export function upsertWithReplacement(
  view: CollectionView,
  filter: JsonObject | undefined,
  replacement: JsonObject,
  env: CommandEnv,
): { doc: Doc; write: Write } {
  const seedId: JsonValue | undefined = upsertIdOf(filter);
  const id = replacement._id ?? seedId ?? env.newId();
  const { _id: _ignored, ...rest } = replacement;
  return insertWrite(view, { _id: id, ...rest });
}

/** Validates a replacement document and keeps the matched document's `_id`. */
export function replacementFor(doc: Doc, raw: unknown, what: string): Doc {
  const replacement = toStoredDocument(raw, what);
  if (replacement._id !== undefined && docKey(replacement._id) !== docKey(doc._id)) {
    throw new DbError(DbErrorCode.BadValue, "After applying the update, the (immutable) field '_id' was found to have been altered");
  }
  const { _id: _ignored, ...rest } = replacement;
  return { _id: doc._id, ...rest };
}

/** A replace write for `after`, or none when it equals `before`. */
export function replaceWrite(before: Doc, after: Doc): Write | undefined {
  return JSON.stringify(before) === JSON.stringify(after) ? undefined : { kind: 'replace', key: docKey(before._id), doc: after, before };
}

// A stand-in `_id` while the update runs, so applyUpdate's immutable-_id check holds; replaced
// by a fresh id afterwards. No real id can equal it: it is not valid JSON text of a string id.
const PENDING_ID = '\u0000mpsync-pending-id';

function withoutPending(doc: Doc, env: CommandEnv): Doc {
  const { _id: _ignored, ...rest } = doc;
  return { _id: env.newId(), ...rest };
}

function insertWrite(view: CollectionView, doc: Doc): { doc: Doc; write: Write } {
  const key = docKey(doc._id);
  if (view.get(key)) throw duplicateKey(doc._id);
  return { doc, write: { kind: 'insert', key, doc } };
}
