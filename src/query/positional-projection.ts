import { DbError, DbErrorCode } from '../core/db-error';
import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { matchedIndex } from './matched-index';

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
  const index = matchedIndex(filter ?? {});
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(projection)) rest[k === key ? path : k] = k === key ? 1 : v;
  return {
    rest,
    positional: {
      path,
      index,
    },
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
    value = value[parts[depth] as string];
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
  const inner = value[first];
  if (inner === undefined) return {};
  const projected = projectPath(inner, more);
  return projected === undefined ? {} : { [first]: projected };
}

function setAt(doc: Doc, parts: readonly string[], value: JsonValue): Doc {
  const out: JsonObject = { ...doc };
  let target = out;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    target[part] = isPlainObject(next) ? { ...next } : {};
    target = target[part];
  }
  target[parts[parts.length - 1] as string] = value;
  return out as Doc;
}
