import { docKey } from '../../core/doc-key';
import type { Doc, JsonObject } from '../../core/json';
import { toStoredDocument } from '../document';
import { compileProjection } from '../projection';
import { parseUpdate } from '../update';
import { modifyOne, replaceWrite, replacementFor, upsertWithReplacement, upsertWithUpdate } from './modify';
import { arrayFiltersOption, boolOption, objectArg, optionsOf, refuseUnsupported } from './options';
import { selectDocs } from './select';
import type { CollectionView, CommandEnv, CommandOutcome, Write } from './types';

// The answer of every findOneAnd* command: the chosen document (projected) or null.
function answer(doc: Doc | undefined, options: JsonObject, writes: Write[]): CommandOutcome {
  const project = compileProjection(options.projection);
  const shown = doc ? (project ? project([doc])[0] : doc) : undefined;
  return { answer: { affectedDocs: writes.length, result: shown ?? null }, writes };
}

/**
 * `findOneAndUpdate(filter, update, { sort, projection, upsert, returnNewDocument, arrayFilters })`.
 * Returns the document before the change unless `returnNewDocument` is true (the Mongo shell's
 * default); an upsert that inserted returns `null` unless `returnNewDocument` is true.
 */
export function findOneAndUpdate(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  compileProjection(options.projection);
  const filter = objectArg(params, 'filter', true);
  const update = parseUpdate(params.update);
  const returnNew = boolOption(options, 'returnNewDocument');
  const [doc] = selectDocs(view, filter, { sort: options.sort, limit: 1 });
  if (!doc) {
    if (!boolOption(options, 'upsert')) return answer(undefined, options, []);
    const inserted = upsertWithUpdate(view, filter, update, env);
    return answer(returnNew ? inserted.doc : undefined, options, [inserted.write]);
  }
  const { after, write } = modifyOne(doc, update, env, filter, arrayFiltersOption(options));
  return answer(returnNew ? after : doc, options, write ? [write] : []);
}

/** `findOneAndReplace(filter, replacement, { sort, projection, upsert, returnNewDocument })`. */
export function findOneAndReplace(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  compileProjection(options.projection);
  const filter = objectArg(params, 'filter', true);
  const replacement = toStoredDocument(params.replacement, 'replacement');
  const returnNew = boolOption(options, 'returnNewDocument');
  const [doc] = selectDocs(view, filter, { sort: options.sort, limit: 1 });
  if (!doc) {
    if (!boolOption(options, 'upsert')) return answer(undefined, options, []);
    const inserted = upsertWithReplacement(view, filter, replacement, env);
    return answer(returnNew ? inserted.doc : undefined, options, [inserted.write]);
  }
  const after = replacementFor(doc, replacement, 'replacement');
  const write = replaceWrite(doc, after);
  return answer(returnNew ? after : doc, options, write ? [write] : []);
}

/** `findOneAndDelete(filter, { sort, projection })` → the deleted document or null. */
export function findOneAndDelete(view: CollectionView, params: JsonObject): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  compileProjection(options.projection);
  const [doc] = selectDocs(view, objectArg(params, 'filter', true), { sort: options.sort, limit: 1 });
  if (!doc) return answer(undefined, options, []);
  return answer(doc, options, [{ kind: 'delete', key: docKey(doc._id), before: doc }]);
}
