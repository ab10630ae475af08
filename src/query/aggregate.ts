import { Aggregator } from 'mingo';
import { DbError, DbErrorCode, invalidParameter } from '../core/db-error';
import { cloneJson, isPlainObject, type Doc, type JsonObject } from '../core/json';
import { guard } from './errors';
import { compileFilter, MINGO_OPTIONS } from './filter';

/** Returns the documents of another collection, for `$lookup`, `$graphLookup` and `$unionWith`. */
export type CollectionResolver = (name: string) => Doc[];

// Stages that write to a collection. The client SDK offers aggregate as a read, so they are refused.
const WRITE_STAGES = new Set(['$out', '$merge']);

/**
 * Runs an aggregation pipeline with every stage mingo supports but `$out` and `$merge`.
 * Stored documents are never modified: the pipeline works on copies.
 *
 * @param resolve - looks up other collections for `$lookup`-style stages
 * @throws `InvalidParameter` for a malformed pipeline, `InvalidOperator` for an unknown or
 *   refused stage or expression
 * @example
 * runPipeline(docs, [{ $match: { done: false } }, { $group: { _id: '$listId', n: { $sum: 1 } } }]);
 */
export function runPipeline(docs: Iterable<Doc>, pipeline: unknown, resolve?: CollectionResolver): JsonObject[] {
  if (!Array.isArray(pipeline)) throw invalidParameter('pipeline must be an array');
  for (const stage of pipeline) {
    const keys = isPlainObject(stage) ? Object.keys(stage) : [];
    if (keys.length !== 1) throw invalidParameter('each pipeline stage must be an object with exactly one stage operator');
    if (WRITE_STAGES.has(keys[0] as string)) {
      throw new DbError(DbErrorCode.InvalidOperator, `${keys[0]} is not supported: aggregate is read-only here`);
    }
  }
  let input: Iterable<Doc> = docs;
  let stages = pipeline as JsonObject[];
  // A leading $match runs first on the stored documents, so only its matches are copied.
  const first = stages[0];
  if (first && '$match' in first) {
    const predicate = compileFilter(first.$match, '$match');
    input = filterIterable(docs, predicate);
    stages = stages.slice(1);
  }
  const copies = Array.from(input, (d) => cloneJson(d));
  if (stages.length === 0) return copies;
  const options = resolve ? { ...MINGO_OPTIONS, collectionResolver: (name: string) => resolve(name).map((d) => cloneJson(d)) } : MINGO_OPTIONS;
  const aggregator = guard(() => new Aggregator(stages, options));
  const out = guard(() => aggregator.run(copies));
  // Bring computed values ($toDate, $$NOW) to wire form, as the answer would travel.
  return JSON.parse(JSON.stringify(out)) as JsonObject[];
}

function* filterIterable(docs: Iterable<Doc>, predicate: (d: Doc) => boolean): Iterable<Doc> {
  for (const d of docs) if (predicate(d)) yield d;
}
