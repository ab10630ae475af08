import { DbError, DbErrorCode } from '../core/db-error';
import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { compileFilter, type Predicate } from './filter';

/** A positional projection (`{ 'a.$': 1 }`): the path it projects and how the query picks the element. */
export interface Positional {
  /** The projected path, e.g. `a.b` for `'a.b.$'`. */
  readonly path: string;
  /** The array index the query matched at, as MongoDB records it; undefined when none was recorded. */
  readonly index: (doc: Doc) => number | undefined;
}

function badValue(message: string): DbError {
  return new DbError(DbErrorCode.BadValue, message);
}

/**
 * Splits the positional field out of a projection. MongoDB records, while matching, the array
 * index at which a condition matched (the offset in the first array on that condition's path);
 * when several conditions record one, the last does (`$and` clauses in order). `$in` and a `$or`
 * of equalities on one path record the first matching element; other `$or`, `$nor` and `$not`
 * record nothing. The projection then keeps that element of the first array on its own path.
 *
 * @param projection - the projection, e.g. `{ 'b.$': 1, c: 1 }`
 * @param filter - the query the documents matched
 * @returns the projection with `'b.$'` turned into an inclusion of `b`, and the positional part
 * @throws `BadValue` for two positional fields, a positional exclusion or `$slice`, an empty path
 */
export function splitPositional(projection: JsonObject, filter: JsonObject | undefined): { rest: JsonObject; positional?: Positional } {
  const keys = Object.keys(projection).filter((k) => k.endsWith('.$'));
  if (keys.length === 0) return { rest: projection };
  if (keys.length > 1) throw badValue('Cannot specify more than one positional projection per query');
  const key = keys[0] as string;
  const value = projection[key];
  if (isPlainObject(value)) throw badValue(`positional projection ${key} cannot be combined with an operator`);
  if (value === 0 || value === false || Object.entries(projection).some(([k, v]) => k !== '_id' && (v === 0 || v === false))) {
    throw badValue('positional projection cannot be used with an exclusion projection');
  }
  const path = key.slice(0, -2);
  if (path === '' || path.split('.').some((p) => p === '' || p.startsWith('$'))) throw badValue(`positional projection ${key} is not a valid path`);
  const recorders = recordersOf(filter ?? {});
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(projection)) rest[k === key ? path : k] = k === key ? 1 : v;
  return {
    rest,
    positional: {
      path,
      index: (doc) => {
        let index: number | undefined;
        for (const record of recorders) index = record(doc) ?? index;
        return index;
      },
    },
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
    if (key.startsWith('$') || (path !== undefined && key !== path) || (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$')))) return undefined;
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
      value = (value)[parts[depth] as string];
      if (Array.isArray(value)) {
        const test = testFor(depth);
        const i = value.findIndex((item) => test({ _id: null, x: [item] }));
        return i < 0 ? undefined : i;
      }
    }
    return undefined;
  };
}

/**
 * Puts the matched element into a projected document: the first array on the positional path
 * becomes a one-element array holding that element, projected to the rest of the path. A path
 * that meets no array stays a plain inclusion.
 *
 * @throws `BadValue` when the path meets an array but the query recorded no index, or an index
 *   past the array's end (MongoDB: "positional operator '.$' element mismatch")
 */
export function applyPositional(projected: Doc, original: Doc, positional: Positional): Doc {
  const parts = positional.path.split('.');
  let value: JsonValue | undefined = original;
  for (let depth = 0; depth < parts.length; depth++) {
    if (!isPlainObject(value)) return projected;
    value = (value)[parts[depth] as string];
    if (!Array.isArray(value)) continue;
    const index = positional.index(original);
    if (index === undefined || index >= value.length) {
      throw badValue(`Executor error during find command: positional operator '${positional.path}.$' element mismatch`);
    }
    const element = projectPath(value[index] as JsonValue, parts.slice(depth + 1));
    return setAt(projected, parts.slice(0, depth + 1), element === undefined ? [] : [element]);
  }
  return projected;
}

// An inclusion of `rest` inside one value: subdocuments keep only the path, arrays are projected
// element by element (scalars in them dropped), a scalar survives only at the end of the path.
function projectPath(value: JsonValue, rest: readonly string[]): JsonValue | undefined {
  if (rest.length === 0) return value;
  if (Array.isArray(value)) {
    const out: JsonValue[] = [];
    for (const item of value) {
      if (item === null || typeof item !== 'object') continue;
      const projected = projectPath(item, rest);
      if (projected !== undefined) out.push(projected);
    }
    return out;
  }
  if (!isPlainObject(value)) return undefined;
  const [first, ...more] = rest as [string, ...string[]];
  const inner = (value)[first];
  if (inner === undefined) return {};
  const projected = projectPath(inner, more);
  return projected === undefined ? {} : { [first]: projected };
}

function setAt(doc: Doc, parts: readonly string[], value: JsonValue): Doc {
  const out: JsonObject = { ...doc };
  let target = out;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    target[part] = isPlainObject(next) ? { ...(next) } : {};
    target = target[part];
  }
  target[parts[parts.length - 1] as string] = value;
  return out as Doc;
}
