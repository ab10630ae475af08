import { docKey } from '../../core/doc-key';
import type { JsonObject, JsonValue } from '../../core/json';
import { toStoredDocument } from '../document';
import { validateArrayFilters } from '../array-filters';
import { parseUpdate } from '../update';
import { modifyOne, replaceWrite, replacementFor, upsertWithReplacement, upsertWithUpdate } from './modify';
import { arrayFiltersOption, boolOption, objectArg, optionsOf, refuseUnsupported } from './options';
import { selectDocs } from './select';
import type { CollectionView, CommandEnv, CommandOutcome, Write } from './types';

/** The `result` of updateOne, updateMany and replaceOne. */
function updateResult(matched: number, modified: number, upsertedId: JsonValue, writes: Write[]): CommandOutcome {
  return {
    answer: {
      affectedDocs: modified + (upsertedId === null ? 0 : 1),
      result: { matchedCount: matched, modifiedCount: modified, upsertedId },
    },
    writes,
  };
}

function updateCommand(view: CollectionView, params: JsonObject, env: CommandEnv, many: boolean): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const filter = objectArg(params, 'filter', true);
  const update = parseUpdate(params.update);
  const upsert = boolOption(options, 'upsert');
  const arrayFilters = arrayFiltersOption(options);
  if (update.kind === 'operators') validateArrayFilters(update.ops, arrayFilters);
  const matched = selectDocs(view, filter, many ? {} : { sort: options.sort, limit: 1 });
  if (matched.length === 0 && upsert) {
    const { doc, write } = upsertWithUpdate(view, filter, update, env, arrayFilters);
    return updateResult(0, 0, doc._id, [write]);
  }
  const writes: Write[] = [];
  for (const doc of matched) {
    const { write } = modifyOne(doc, update, env, filter, arrayFilters);
    if (write) writes.push(write);
  }
  return updateResult(matched.length, writes.length, null, writes);
}

/** `updateOne(filter, update, { upsert, sort, arrayFilters })`; result `{ matchedCount, modifiedCount, upsertedId }`. */
export function updateOne(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  return updateCommand(view, params, env, false);
}

/** `updateMany(filter, update, { upsert, arrayFilters })`; all matches change together or none do. */
export function updateMany(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  return updateCommand(view, params, env, true);
}

/** `replaceOne(filter, doc, { upsert })`; result `{ matchedCount, modifiedCount, upsertedId }`. */
export function replaceOne(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const filter = objectArg(params, 'filter', true);
  const replacement = toStoredDocument(params.doc, 'doc');
  const [doc] = selectDocs(view, filter, { sort: options.sort, limit: 1 });
  if (!doc) {
    if (!boolOption(options, 'upsert')) return updateResult(0, 0, null, []);
    const inserted = upsertWithReplacement(view, filter, replacement, env);
    return updateResult(0, 0, inserted.doc._id, [inserted.write]);
  }
  const write = replaceWrite(doc, replacementFor(doc, replacement, 'doc'));
  return updateResult(1, write ? 1 : 0, null, write ? [write] : []);
}

function deleteCommand(view: CollectionView, params: JsonObject, many: boolean): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const filter = objectArg(params, 'filter', true);
  const matched = selectDocs(view, filter, many ? {} : { sort: options.sort, limit: 1 });
  const writes: Write[] = matched.map((doc) => ({ kind: 'delete', key: docKey(doc._id), before: doc }));
  return { answer: { affectedDocs: writes.length, result: { deletedCount: writes.length } }, writes };
}

/** `deleteOne(filter)`; result `{ deletedCount }`. */
export function deleteOne(view: CollectionView, params: JsonObject): CommandOutcome {
  return deleteCommand(view, params, false);
}

/** `deleteMany(filter)`; result `{ deletedCount }`. */
export function deleteMany(view: CollectionView, params: JsonObject): CommandOutcome {
  return deleteCommand(view, params, true);
}
