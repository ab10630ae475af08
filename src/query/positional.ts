import { DbError, DbErrorCode } from '../core/db-error';
import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { compileFilter, type Predicate } from './filter';

/** A positional projection (`{ 'a.$': 1 }`): the array it keeps one element of, and how to find that element. */
export interface Positional {
  /** The array's path, e.g. `a` for `'a.$'`. */
  readonly path: string;
  /** The index of the first element that satisfies the filter's conditions on the array, if any. */
  readonly index: (doc: Doc) => number | undefined;
}

function badValue(message: string): DbError {
  return new DbError(DbErrorCode.BadValue, message);
}

/**
 * Splits the positional field out of a projection. MongoDB keeps, of the array at `path`, the
 * element the query matched: here, the first element that satisfies every condition the filter
 * puts on that array (its own path or a path below it, at the top level or inside `$and`).
 *
 * @param projection - the projection, e.g. `{ 'b.$': 1, c: 1 }`
 * @param filter - the query the documents matched
 * @returns the projection with `'b.$'` turned into `b`, and the positional part (undefined when none)
 * @throws `BadValue` for two positional fields, a positional exclusion, or a filter without a
 *   condition on the array
 */
export function splitPositional(projection: JsonObject, filter: JsonObject | undefined): { rest: JsonObject; positional?: Positional } {
  const keys = Object.keys(projection).filter((k) => k.endsWith('.$'));
  if (keys.length === 0) return { rest: projection };
  if (keys.length > 1) throw badValue('Cannot specify more than one positional projection per query');
  const key = keys[0] as string;
  const value = projection[key];
  if (value === 0 || value === false) throw badValue('positional projection cannot be used with exclusion');
  const path = key.slice(0, -2);
  if (path.includes('$')) throw badValue(`positional projection ${key} is not a valid path`);
  const conditions = conditionsOn(filter ?? {}, path);
  if (conditions.length === 0) throw badValue(`positional operator (${key}) requires a matching condition on ${path} in the query`);
  // Each element is tested as the only element of the array, so conditions on the array itself
  // ($elemMatch, equality with an element) and on fields below it (`b.name`) both apply.
  const tests: Predicate[] = conditions.map(([p, c]) => compileFilter({ [`x${p.slice(path.length)}`]: c }));
  const rest: JsonObject = {};
  for (const [k, v] of Object.entries(projection)) rest[k === key ? path : k] = v;
  return {
    rest,
    positional: {
      path,
      index: (doc) => {
        const list = valueAt(doc, path);
        if (!Array.isArray(list)) return undefined;
        const i = list.findIndex((item) => tests.every((t) => t({ _id: null, x: [item] })));
        return i < 0 ? undefined : i;
      },
    },
  };
}

function conditionsOn(filter: JsonObject, path: string): Array<[string, JsonValue]> {
  const out: Array<[string, JsonValue]> = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) out.push(...conditionsOn(clause, path));
    } else if (key === path || key.startsWith(`${path}.`)) {
      out.push([key, value]);
    }
  }
  return out;
}

function valueAt(doc: JsonObject, path: string): JsonValue | undefined {
  let value: JsonValue | undefined = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(value)) return undefined;
    value = (value)[part];
  }
  return value;
}

/**
 * Replaces the array at the positional path of a projected document with the one matched element.
 *
 * @throws `BadValue` when the document has no matching element (MongoDB: "positional operator '.$' element mismatch")
 */
export function applyPositional(projected: Doc, original: Doc, positional: Positional): Doc {
  const i = positional.index(original);
  if (i === undefined) throw badValue(`positional operator '.$' element mismatch for ${positional.path}`);
  const parts = positional.path.split('.');
  const out: JsonObject = { ...projected };
  let target = out;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    if (!isPlainObject(next)) return projected;
    target[part] = { ...(next) };
    target = target[part];
  }
  const last = parts[parts.length - 1] as string;
  const list = target[last];
  if (Array.isArray(list)) target[last] = [list[i] as JsonValue];
  return out as Doc;
}
