import { DbError, DbErrorCode } from '../core/db-error';
import { hasOwn, isPlainObject, type JsonObject, type JsonValue } from '../core/json';

/** The paths of a projection as a tree: `true` ends a path, an object continues it. */
interface PathTree {
  [field: string]: true | PathTree;
}

function badValue(message: string): DbError {
  return new DbError(DbErrorCode.BadValue, message);
}

/**
 * A projection whose values are all `1`/`0` (or booleans), applied as MongoDB does: an inclusion
 * keeps the listed paths through subdocuments and arrays (array elements that cannot hold the path
 * are dropped, nested arrays keep their shape), an exclusion removes them and keeps everything
 * else (scalars in arrays included). Numeric path segments are field names, never array indexes.
 * Fields keep their stored order; `_id` is kept unless excluded.
 *
 * @returns the projector, or `undefined` when the projection holds operators or computed values
 * @throws `BadValue` for mixed inclusion and exclusion, or two paths where one is a prefix of the other
 * @example
 * compileFieldProjection({ 'a.b': 1 })?.({ _id: 1, a: [{ b: 1, c: 2 }, 3] }); // { _id: 1, a: [{ b: 1 }] }
 */
export function compileFieldProjection(projection: JsonObject): ((doc: JsonObject) => JsonObject) | undefined {
  let include: boolean | undefined;
  let keepId = true;
  const tree: PathTree = {};
  for (const [path, value] of Object.entries(projection)) {
    if (typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    const on = value !== 0 && value !== false;
    if (path === '_id') {
      keepId = on;
      if (on) addPath(tree, ['_id']);
      continue;
    }
    if (include !== undefined && include !== on) {
      throw badValue(`Cannot do ${include ? 'exclusion' : 'inclusion'} on field ${path} in ${include ? 'inclusion' : 'exclusion'} projection`);
    }
    include = on;
    addPath(tree, path.split('.'));
  }
  if (include === undefined) {
    // Only _id: {_id: 0} excludes it, {_id: 1} keeps only it.
    return keepId ? (doc) => (hasOwn(doc, '_id') ? { _id: doc._id as JsonValue } : {}) : (doc) => withoutId(doc);
  }
  if (include) {
    if (!keepId) delete tree._id;
    else tree._id = true;
    return (doc) => includeIn(doc, tree);
  }
  if (!keepId) tree._id = true;
  else delete tree._id;
  return (doc) => excludeFrom(doc, tree);
}

function addPath(tree: PathTree, parts: readonly string[]): void {
  let node = tree;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const existing = hasOwn(node, part) ? node[part] : undefined;
    if (existing === true || (last && existing !== undefined)) throw badValue(`Path collision at ${parts.slice(0, i + 1).join('.')}`);
    if (last) node[part] = true;
    else node = node[part] = existing ?? {};
  });
}

function withoutId(doc: JsonObject): JsonObject {
  const { _id: _dropped, ...rest } = doc;
  return rest;
}

function includeIn(doc: JsonObject, tree: PathTree): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(doc)) {
    if (!hasOwn(tree, key)) continue;
    const node = tree[key] as true | PathTree;
    const value = doc[key] as JsonValue;
    if (node === true) out[key] = value;
    else if (isPlainObject(value)) out[key] = includeIn(value, node);
    else if (Array.isArray(value)) out[key] = includeInArray(value, node);
  }
  return out;
}

function includeInArray(list: readonly JsonValue[], tree: PathTree): JsonValue[] {
  const out: JsonValue[] = [];
  for (const item of list) {
    if (Array.isArray(item)) out.push(includeInArray(item, tree));
    else if (isPlainObject(item)) out.push(includeIn(item, tree));
  }
  return out;
}

function excludeFrom(doc: JsonObject, tree: PathTree): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(doc)) {
    const node = hasOwn(tree, key) ? tree[key] : undefined;
    const value = doc[key] as JsonValue;
    if (node === true) continue;
    out[key] = node === undefined ? value : excludeValue(value, node);
  }
  return out;
}

function excludeValue(value: JsonValue, tree: PathTree): JsonValue {
  if (Array.isArray(value)) return value.map((item) => excludeValue(item, tree));
  return isPlainObject(value) ? excludeFrom(value, tree) : value;
}
