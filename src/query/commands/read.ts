import { invalidParameter } from '../../core/db-error';
import type { Doc, JsonObject } from '../../core/json';
import { runPipeline } from '../aggregate';
import { distinctValues } from '../distinct';
import { compileProjection } from '../projection';
import { intOption, objectArg, optionsOf, refuseUnsupported } from './options';
import { selectDocs } from './select';
import type { CollectionView, CommandEnv, CommandOutcome } from './types';

const NO_WRITES = [] as const;

/** `find(query?, { sort, skip, limit, projection })` → `{ affectedDocs: n, result: docs }`. */
export function find(view: CollectionView, params: JsonObject): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const query = objectArg(params, 'query', false);
  const project = compileProjection(options.projection, query);
  const docs = selectDocs(view, query, {
    sort: options.sort,
    skip: intOption(options, 'skip'),
    limit: intOption(options, 'limit'),
  });
  const result = project ? project(docs) : docs;
  return { answer: { affectedDocs: result.length, result }, writes: NO_WRITES };
}

/** `findOne(query?, { sort, skip, projection })` → `{ affectedDocs: 0|1, result: doc|null }`. */
export function findOne(view: CollectionView, params: JsonObject): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const query = objectArg(params, 'query', false);
  const project = compileProjection(options.projection, query);
  const docs = selectDocs(view, query, {
    sort: options.sort,
    skip: intOption(options, 'skip'),
    limit: 1,
  });
  const first: Doc | undefined = (project ? project(docs) : docs)[0];
  return { answer: { affectedDocs: first ? 1 : 0, result: first ?? null }, writes: NO_WRITES };
}

/** `count(query, { skip, limit })` → `{ affectedDocs: n, result: n }`. */
export function count(view: CollectionView, params: JsonObject): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const n = selectDocs(view, objectArg(params, 'query', true), {
    skip: intOption(options, 'skip'),
    limit: intOption(options, 'limit'),
  }).length;
  return { answer: { affectedDocs: n, result: n }, writes: NO_WRITES };
}

/** `distinct(key, query)` → `{ affectedDocs: n, result: values }` in MongoDB sort order. */
export function distinct(view: CollectionView, params: JsonObject): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const key = params.key;
  if (typeof key !== 'string' || key === '' || key.startsWith('$')) throw invalidParameter('key must be a field path string');
  const values = distinctValues(selectDocs(view, objectArg(params, 'query', false)), key);
  return { answer: { affectedDocs: values.length, result: values }, writes: NO_WRITES };
}

/** `aggregate(pipeline)` → `{ affectedDocs: n, result: docs }`. */
export function aggregate(view: CollectionView, params: JsonObject, env: CommandEnv): CommandOutcome {
  const options = optionsOf(params);
  refuseUnsupported(options);
  const result = runPipeline(view.scan(), params.pipeline, env.resolveCollection, env.now);
  return { answer: { affectedDocs: result.length, result }, writes: NO_WRITES };
}
