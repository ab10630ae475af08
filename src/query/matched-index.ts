import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { compileFilter, type Predicate } from './filter';

/**
 * The array index a filter records for a document, as MongoDB records it while matching, for the
 * positional `$` of projections and updates: each condition on a path through an array records the
 * offset, in the first array on that path, of the first element with which the condition holds
 * (the element alone in place of the array); when several conditions record one, the last does
 * (`$and` clauses in order). `$in` and a `$or` of equalities on one path record like one
 * condition; other `$or`, `$nor` and `$not` record nothing. Undefined when nothing was recorded.
 *
 * @example
 * matchedIndex({ 'a.x': 2 })({ _id: 1, a: [{ x: 1 }, { x: 2 }] }); // 1
 */
export function matchedIndex(filter: JsonObject): (doc: Doc) => number | undefined {
  const recorders = recordersOf(filter);
  return (doc) => {
    let index: number | undefined;
    for (const record of recorders) index = record(doc) ?? index;
    return index;
  };
}

/** A condition that may record an array index for a document. */
type Recorder = (doc: Doc) => number | undefined;

function recordersOf(filter: JsonObject): Recorder[] {
  const out: Recorder[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) out.push(...recordersOf(clause));
    } else if (key === '$or' && Array.isArray(value)) {
      const same = sameFieldEqualities(value);
      if (same) out.push(recorder(same.path, { $in: same.values }));
    } else if (!key.startsWith('$') && !(isPlainObject(value) && '$not' in value)) {
      out.push(recorder(key, value));
    }
  }
  return out;
}

// `$or: [{ a: 2 }, { a: 3 }]` is `a: { $in: [2, 3] }` to MongoDB, which records an index for it.
function sameFieldEqualities(clauses: readonly JsonValue[]): { path: string; values: JsonValue[] } | undefined {
  let path: string | undefined;
  const values: JsonValue[] = [];
  for (const clause of clauses) {
    if (!isPlainObject(clause) || Object.keys(clause).length !== 1) return undefined;
    const [key, value] = Object.entries(clause)[0] as [string, JsonValue];
    if (key.startsWith('$') || (path !== undefined && key !== path) || (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))))
      return undefined;
    path = key;
    values.push(value);
  }
  return path === undefined ? undefined : { path, values };
}

// The first array on the condition's path; the recorded index is the first of its elements with
// which the condition holds (the element alone in place of the array).
function recorder(path: string, condition: JsonValue): Recorder {
  const parts = path.split('.');
  const tests = new Map<number, Predicate>();
  const testFor = (depth: number): Predicate => {
    let test = tests.get(depth);
    if (!test) {
      test = compileFilter({ [['x', ...parts.slice(depth + 1)].join('.')]: condition });
      tests.set(depth, test);
    }
    return test;
  };
  return (doc) => {
    let value: JsonValue | undefined = doc;
    for (let depth = 0; depth < parts.length; depth++) {
      if (!isPlainObject(value)) return undefined;
      value = value[parts[depth] as string];
      if (Array.isArray(value)) {
        const test = testFor(depth);
        const i = value.findIndex((item) => test({ _id: null, x: [item] }));
        return i < 0 ? undefined : i;
      }
    }
    return undefined;
  };
}
