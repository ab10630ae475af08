import { Aggregator } from 'mingo/aggregator';
import { DbError, DbErrorCode, invalidParameter } from '../core/db-error';
import { cloneJson, isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { guard } from './errors';
import { compileFilter } from './filter';
import { MINGO_OPTIONS } from './mingo-context';
import { compareValues } from './bson-order';
import { idFirst } from './projection';
import { pinNow } from './pinned-now';

/** Returns the documents of another collection, for `$lookup`, `$graphLookup` and `$unionWith`. */
export type CollectionResolver = (name: string) => Doc[];

// Stages that write to a collection. The client SDK offers aggregate as a read, so they are refused.
const WRITE_STAGES = new Set(['$out', '$merge']);

/**
 * Runs an aggregation pipeline with every stage mingo supports but `$out` and `$merge`.
 * Stored documents are never modified: the pipeline works on copies.
 *
 * @param resolve - looks up other collections for `$lookup`-style stages
 * @param now - the clock `$$NOW` reads; default the wall clock
 * @throws `InvalidParameter` for a malformed pipeline, `InvalidOperator` for an unknown or
 *   refused stage or expression
 * @example fragment
 * runPipeline(docs, [{ $match: { done: false } }, { $group: { _id: '$listId', n: { $sum: 1 } } }]);
 */
export function runPipeline(docs: Iterable<Doc>, pipeline: unknown, resolve?: CollectionResolver, now?: () => number): JsonObject[] {
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
  stages = normalizeStages(now ? pinNow(stages, now()) : stages) as JsonObject[];
  const options = resolve ? { ...MINGO_OPTIONS, collectionResolver: (name: string) => resolve(name).map((d) => cloneJson(d)) } : MINGO_OPTIONS;
  const aggregator = guard(() => new Aggregator(stages, options));
  const out = guard(() => aggregator.run(copies));
  // Bring computed values ($toDate, $$NOW) to wire form, as the answer would travel.
  const text = JSON.stringify(out);
  if (text.includes(OUT_OF_RANGE_IN_JSON)) {
    throw new DbError(DbErrorCode.BadValue, "$bucket could not place a document: its 'groupBy' value is outside the boundaries and there is no 'default'");
  }
  return (JSON.parse(text) as JsonObject[]).map(idFirst);
}

// Where mingo and MongoDB differ on a stage, the stage is rewritten into the equivalent MongoDB
// documents for it, here and in nested pipelines: `$count` outputs nothing for no input (mingo
// outputs a zero count), `$limit` must be a positive integer (mingo accepts 0), and `$group` is
// checked and its key adjusted (see groupStage).
function normalizeStages(stages: readonly JsonValue[]): JsonValue[] {
  const out: JsonValue[] = [];
  for (const stage of stages) {
    if (isPlainObject(stage)) out.push(...normalizeStage(stage));
    else out.push(stage);
  }
  return out;
}

function normalizeStage(stage: JsonObject): JsonObject[] {
  const [name] = Object.keys(stage);
  const arg = name === undefined ? undefined : stage[name];
  switch (name) {
    case '$limit':
      if (typeof arg !== 'number' || !Number.isInteger(arg) || arg <= 0) throw new DbError(DbErrorCode.BadValue, 'the $limit must be a positive integer');
      return [stage];
    case '$count':
      if (typeof arg !== 'string' || arg === '' || arg.startsWith('$') || arg.includes('.') || arg.includes('\u0000')) {
        throw new DbError(DbErrorCode.BadValue, '$count needs a field name that neither starts with $ nor contains .');
      }
      if (arg === '_id') throw new DbError(DbErrorCode.BadValue, "the count field cannot be '_id'");
      return [{ $group: { _id: null, [arg]: { $sum: 1 } } }, { $project: { _id: 0 } }];
    case '$group':
      return [groupStage(arg)];
    case '$bucket':
      return bucketStages(arg);
    case '$facet':
      if (!isPlainObject(arg)) return [stage];
      return [{ $facet: Object.fromEntries(Object.entries(arg).map(([key, sub]) => [key, Array.isArray(sub) ? normalizeStages(sub) : sub])) }];
    case '$lookup':
    case '$unionWith':
      if (!isPlainObject(arg) || !Array.isArray(arg.pipeline)) return [stage];
      return [{ [name]: { ...arg, pipeline: normalizeStages(arg.pipeline) } }];
    default:
      return [stage];
  }
}

// $group as MongoDB parses it: an `_id`, output fields without dots and not empty. A field path
// inside an array literal of the key is null when missing (mingo leaves it undefined, so
// `['$x', '$y']` would make a different group for each field that is missing).
function groupStage(arg: JsonValue | undefined): JsonObject {
  if (!isPlainObject(arg)) throw new DbError(DbErrorCode.BadValue, "a group's fields must be specified in an object");
  if (!('_id' in arg)) throw new DbError(DbErrorCode.BadValue, 'a group specification must include an _id');
  for (const field of Object.keys(arg)) {
    if (field === '') throw new DbError(DbErrorCode.BadValue, 'the group output field name must not be empty');
    if (field.includes('.')) throw new DbError(DbErrorCode.BadValue, `the group aggregate field name '${field}' cannot contain '.'`);
  }
  return { $group: { ...arg, _id: nullInArrays(arg._id, false) } };
}

function nullInArrays(expr: JsonValue, inArray: boolean): JsonValue {
  if (Array.isArray(expr)) return expr.map((e) => nullInArrays(e, true));
  if (typeof expr === 'string') return inArray && expr.startsWith('$') && !expr.startsWith('$$') ? { $ifNull: [expr, null] } : expr;
  // An operator's arguments are not literals; only documents of plain fields are walked.
  if (!isPlainObject(expr) || Object.keys(expr).some((k) => k.startsWith('$'))) return expr;
  return Object.fromEntries(Object.entries(expr).map(([k, v]) => [k, nullInArrays(v, false)]));
}

// A group key no document can have: a $bucket without `default` that meets a value outside its
// boundaries groups it here, and the pipeline then fails as MongoDB's does.
const OUT_OF_RANGE = '\u0000mpsync:$bucket-out-of-range';
// The marker as it appears inside JSON text (its control character escaped).
const OUT_OF_RANGE_IN_JSON = JSON.stringify(OUT_OF_RANGE).slice(1, -1);

// $bucket as $group over a $switch of the boundaries: mingo's own $bucket puts a value equal to
// an inner boundary in the lower bucket and outputs empty buckets; MongoDB does neither.
function bucketStages(arg: JsonValue | undefined): JsonObject[] {
  if (!isPlainObject(arg)) throw new DbError(DbErrorCode.BadValue, '$bucket needs an object');
  const { groupBy, boundaries, output } = arg;
  if (groupBy === undefined) throw new DbError(DbErrorCode.BadValue, "$bucket requires 'groupBy'");
  if (!Array.isArray(boundaries) || boundaries.length < 2) throw new DbError(DbErrorCode.BadValue, "$bucket requires 'boundaries' with at least 2 values");
  for (let i = 1; i < boundaries.length; i++) {
    if (compareValues(boundaries[i - 1], boundaries[i]) >= 0)
      throw new DbError(DbErrorCode.BadValue, "the 'boundaries' of $bucket must be sorted in ascending order");
  }
  if (output !== undefined && !isPlainObject(output)) throw new DbError(DbErrorCode.BadValue, "the 'output' of $bucket must be an object");
  const branches = boundaries.slice(0, -1).map((low, i) => ({
    case: { $and: [{ $gte: [groupBy, low] }, { $lt: [groupBy, boundaries[i + 1] as JsonValue] }] },
    then: low,
  }));
  const fallback = 'default' in arg ? arg.default : OUT_OF_RANGE;
  return [{ $group: { _id: { $switch: { branches, default: fallback } }, ...(output ?? { count: { $sum: 1 } }) } }, { $sort: { _id: 1 } }];
}

function* filterIterable(docs: Iterable<Doc>, predicate: (d: Doc) => boolean): Iterable<Doc> {
  for (const d of docs) if (predicate(d)) yield d;
}
