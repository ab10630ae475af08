import { DbError, DbErrorCode, invalidParameter } from '../../core/db-error';
import { docKey } from '../../core/doc-key';
import type { Doc, JsonObject, JsonValue } from '../../core/json';
import { toStoredDocument } from '../document';
import { optionsOf } from './options';
import type { CollectionView, CommandEnv, CommandOutcome, Write } from './types';

/** `insertOne(doc)` → `{ affectedDocs: 1, insertedId, result: { insertedId } }`. */
export function insertOne(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  optionsOf(params);
  const doc = prepareInsert(params.doc, 'doc', env);
  const key = docKey(doc._id);
  if (view.get(key)) throw duplicateKey(doc._id);
  return {
    answer: { affectedDocs: 1, insertedId: doc._id, result: { insertedId: doc._id } },
    writes: [{ kind: 'insert', key, doc }],
  };
}

/**
 * `insertMany(docs)` → `{ affectedDocs: n, insertedIds, result: { insertedIds } }`.
 * COMPAT: all or nothing. MongoDB's ordered insert keeps the documents before a duplicate;
 * here a duplicate anywhere in the batch rejects the whole batch, so a failed call never
 * leaves a partial write for a retry to trip over.
 */
export function insertMany(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  optionsOf(params);
  const input = params.docs;
  if (!Array.isArray(input) || input.length === 0) throw invalidParameter('docs must be a non-empty array of objects');
  const writes: Write[] = [];
  const keys = new Set<string>();
  const ids: JsonValue[] = [];
  input.forEach((raw, i) => {
    const doc = prepareInsert(raw, `docs[${i}]`, env);
    const key = docKey(doc._id);
    if (keys.has(key) || view.get(key)) throw duplicateKey(doc._id);
    keys.add(key);
    ids.push(doc._id);
    writes.push({ kind: 'insert', key, doc });
  });
  return { answer: { affectedDocs: ids.length, insertedIds: ids, result: { insertedIds: ids } }, writes };
}

/** Validates a document for insertion and gives it an `_id` (first field) when it has none. */
function prepareInsert(raw: unknown, what: string, env: CommandEnv): Doc {
  const doc = toStoredDocument(raw, what);
  if (doc._id !== undefined) return doc as Doc;
  return { _id: env.newId(), ...doc };
}

/** The error for a second document with an existing `_id`. */
export function duplicateKey(id: JsonValue): DbError {
  return new DbError(DbErrorCode.DuplicateKey, `E11000 duplicate key error: _id ${JSON.stringify(id)}`);
}
