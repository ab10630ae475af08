import { DbError, DbErrorCode } from '../core/db-error';
import { isPlainObject, type JsonObject, type JsonValue } from '../core/json';

/**
 * The document an operator-style upsert starts from: the equality conditions of its filter, as
 * MongoDB extracts them. Equalities come from `field: value`, `$eq`, `$in` with one element, each
 * element of `$all`, the clauses of `$and`, and an `$or` whose clauses are all the same one; other
 * operators, `$nor` and `$not` contribute nothing. Dotted paths build subdocuments
 * (`{ 'b.c': 2 }` → `{ b: { c: 2 } }`).
 *
 * @throws `BadValue` when one path is required to hold two different values (`$and: [{ x: 1 },
 *   { x: 2 }]`), when a path and a path inside it are both required (`{ x: 1, 'x.y': 1 }`), or when
 *   `_id` would be an array
 * @example
 * upsertSeed({ listId: 'inbox', n: { $gt: 1 }, $or: [{ tag: 'a' }] }); // { listId: 'inbox', tag: 'a' }
 */
export function upsertSeed(filter: JsonObject | undefined): JsonObject {
  const seed: JsonObject = {};
  for (const [path, value] of equalities(filter)) setPath(seed, path, value);
  if (seed._id !== undefined) checkId(seed._id);
  return seed;
}

/**
 * The `_id` a replacement-style upsert takes from its filter, or undefined. MongoDB takes only the
 * whole `_id` from the filter of a replacement; other fields come from the replacement alone.
 *
 * @throws `BadValue` for conflicting `_id` conditions, conditions on fields inside `_id`, or an array `_id`
 */
export function upsertIdOf(filter: JsonObject | undefined): JsonValue | undefined {
  const onId = [...equalities(filter, (path) => path === '_id' || path.startsWith('_id.'))];
  if (onId.length === 0) return undefined;
  const [path, value] = onId[0] as [string, JsonValue];
  if (onId.length > 1 || path !== '_id') {
    throw new DbError(DbErrorCode.BadValue, `the filter of a replacement upsert must give the whole _id, not '${path}'`);
  }
  checkId(value);
  return value;
}

/**
 * The value a filter condition requires by equality (`'x'`, `{ $eq: 'x' }`), or `undefined` when
 * the condition uses other operators.
 */
export function equalityValue(value: JsonValue): JsonValue | undefined {
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.some((k) => k.startsWith('$'))) return value;
  if (keys.length === 1 && keys[0] === '$eq') return value.$eq;
  return undefined;
}

// The filter's equalities, one per path (repeats of one value merged), checked for conflicts.
function equalities(filter: JsonObject | undefined, keep: (path: string) => boolean = () => true): Map<string, JsonValue> {
  const found = new Map<string, JsonValue>();
  if (!filter) return found;
  collect(filter, (path, value) => {
    if (!keep(path)) return;
    const before = found.get(path);
    if (before !== undefined || found.has(path)) {
      if (!sameValue(before as JsonValue, value)) throw matchedTwice(path);
      return;
    }
    found.set(path, value);
  });
  const paths = [...found.keys()].sort();
  for (let i = 1; i < paths.length; i++) {
    const prev = paths[i - 1] as string;
    for (let j = i; j < paths.length && (paths[j] as string).startsWith(prev); j++) {
      if ((paths[j] as string).startsWith(`${prev}.`)) {
        throw new DbError(DbErrorCode.BadValue, `cannot infer query fields to set, both paths '${prev}' and '${paths[j]}' are matched`);
      }
    }
  }
  return found;
}

function collect(filter: JsonObject, add: (path: string, value: JsonValue) => void): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) collect(part, add);
      continue;
    }
    if (key === '$or' && Array.isArray(value) && value.length > 0) {
      // An $or of one clause (or of copies of one clause) requires that clause.
      const first = value[0] as JsonValue;
      if (isPlainObject(first) && value.every((part) => sameValue(part, first))) collect(first, add);
      continue;
    }
    if (key.startsWith('$')) continue;
    if (!isPlainObject(value) || !Object.keys(value).some((k) => k.startsWith('$'))) {
      add(key, value);
      continue;
    }
    for (const [op, arg] of Object.entries(value)) {
      if (op === '$eq') add(key, arg);
      else if (op === '$in' && Array.isArray(arg) && arg.length === 1) add(key, arg[0] as JsonValue);
      else if (op === '$all' && Array.isArray(arg)) for (const element of arg) add(key, element);
    }
  }
}

function sameValue(a: JsonValue, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function matchedTwice(path: string): DbError {
  return new DbError(DbErrorCode.BadValue, `cannot infer query fields to set, path '${path}' is matched twice`);
}

function checkId(id: JsonValue): void {
  if (Array.isArray(id)) throw new DbError(DbErrorCode.BadValue, 'The _id field cannot be an array');
}

function setPath(target: JsonObject, path: string, value: JsonValue): void {
  const parts = path.split('.');
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const next = node[part];
    if (!isPlainObject(next)) node[part] = {};
    node = node[part] as JsonObject;
  }
  node[parts[parts.length - 1] as string] = value;
}
