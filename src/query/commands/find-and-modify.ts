import { DbError, DbErrorCode } from '../../core/db-error';
import { docKey } from '../../core/doc-key';
import type { Doc, JsonObject } from '../../core/json';
import { toStoredDocument } from '../document';
import { compileProjection, hasPositional, type Projector } from '../projection';
import { parseUpdate } from '../update';
import { modifyOne, replaceWrite, replacementFor, upsertWithReplacement, upsertWithUpdate } from './modify';
import { arrayFiltersOption, boolOption, objectArg, optionsOf, refuseUnsupported } from './options';
import { selectDocs } from './select';
import type { CollectionView, CommandEnv, CommandOutcome, Write } from './types';

// The answer of every findOneAnd* command: the chosen document (projected) or null.
function answer(doc: Doc | undefined, project: Projector | undefined, writes: Write[]): CommandOutcome {
  const shown = doc ? (project ? project([doc])[0] : doc) : undefined;
  return { answer: { affectedDocs: writes.length, result: shown ?? null }, writes };
}

// The projection, checked before anything is written. A positional field names the element the
// query matched, which the new document may no longer hold: MongoDB refuses it with the new document.
function projectionOf(options: JsonObject, filter: JsonObject | undefined, returnNew: boolean): Projector | undefined {
  if (returnNew && hasPositional(options.projection)) {
    throw new DbError(DbErrorCode.BadValue, 'a positional projection cannot be used with returnNewDocument: true');
  }
  return compileProjection(options.projection, filter);
}

/**
 * `findOneAndUpdate(filter, update, { sort, projection, upsert, returnNewDocument, arrayFilters })`.
 * Returns the document before the change unless `returnNewDocument` is true (the Mongo shell's
 * default); an upsert that inserted returns `null` unless `returnNewDocument` is true.
 */
export function findOneAndUpdate(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const filter = objectArg(params, 'filter', true);
  const returnNew = boolOption(options, 'returnNewDocument');
  const project = projectionOf(options, filter, returnNew);
  const update = parseUpdate(params.update);
  const [doc] = selectDocs(view, filter, { sort: options.sort, limit: 1 });
  if (!doc) {
    if (!boolOption(options, 'upsert')) return answer(undefined, project, []);
    const inserted = upsertWithUpdate(view, filter, update, env);
    return answer(returnNew ? inserted.doc : undefined, project, [inserted.write]);
  }
  const { after, write } = modifyOne(doc, update, env, filter, arrayFiltersOption(options));
  return answer(returnNew ? after : doc, project, write ? [write] : []);
}

/** `findOneAndReplace(filter, replacement, { sort, projection, upsert, returnNewDocument })`. */
export function findOneAndReplace(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const filter = objectArg(params, 'filter', true);
  const returnNew = boolOption(options, 'returnNewDocument');
  const project = projectionOf(options, filter, returnNew);
  const replacement = toStoredDocument(params.replacement, 'replacement');
  const [doc] = selectDocs(view, filter, { sort: options.sort, limit: 1 });
  if (!doc) {
    if (!boolOption(options, 'upsert')) return answer(undefined, project, []);
    const inserted = upsertWithReplacement(view, filter, replacement, env);
    return answer(returnNew ? inserted.doc : undefined, project, [inserted.write]);
  }
  const after = replacementFor(doc, replacement, 'replacement');
  const write = replaceWrite(doc, after);
  return answer(returnNew ? after : doc, project, write ? [write] : []);
}

/** `findOneAndDelete(filter, { sort, projection })` → the deleted document or null. */
export function findOneAndDelete(view: CollectionView, params: JsonObject): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const filter = objectArg(params, 'filter', true);
  const project = projectionOf(options, filter, false);
  const [doc] = selectDocs(view, filter, { sort: options.sort, limit: 1 });
  if (!doc) return answer(undefined, project, []);
  return answer(doc, project, [{ kind: 'delete', key: docKey(doc._id), before: doc }]);
}
