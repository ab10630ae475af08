import { DbError, DbErrorCode } from '../core/db-error';
import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { compileFilter } from './filter';

/**
 * Replaces the positional `$` in the paths of an update with the index MongoDB gives it: the
 * position, in the first array a condition of the filter runs through, of the element that made
 * the document match (`{ 'a.x': 2 }` matching the second element of `a` makes `'a.$.y'` `'a.1.y'`,
 * and so does `{ x: 92 }` for `'y.$'` when `x` matches at index 1). Conditions are taken in filter
 * order, at the top level and inside `$and`. Other operators and paths are returned as they are.
 *
 * @throws `BadValue` when a path uses `$` and no condition of the filter matched through an array
 */
export function resolvePositional(doc: Doc, ops: Readonly<Record<string, JsonObject>>, filter: JsonObject | undefined): Readonly<Record<string, JsonObject>> {
  if (!Object.values(ops).some((arg) => Object.keys(arg).some(isPositional))) return ops;
  const index = matchedIndex(doc, filter ?? {});
  const out: Record<string, JsonObject> = {};
  for (const [op, arg] of Object.entries(ops)) {
    out[op] = Object.fromEntries(Object.entries(arg).map(([path, value]) => {
      if (!isPositional(path)) return [path, value];
      if (index === undefined) throw new DbError(DbErrorCode.BadValue, 'The positional operator did not find the match needed from the query.');
      return [path.split('.').map((part) => (part === '$' ? String(index) : part)).join('.'), value];
    }));
  }
  return out;
}

const POSITIONAL = /(^|\.)\$(\.|$)/;

function isPositional(path: string): boolean {
  return POSITIONAL.test(path);
}

function matchedIndex(doc: Doc, filter: JsonObject): number | undefined {
  for (const [path, condition] of conditions(filter)) {
    const index = firstArrayMatch(doc, path, condition);
    if (index !== undefined) return index;
  }
  return undefined;
}

// The field conditions of a filter, in order, with those of `$and` clauses in their place.
function conditions(filter: JsonObject): Array<[string, JsonValue]> {
  const out: Array<[string, JsonValue]> = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) out.push(...conditions(clause));
    } else if (!key.startsWith('$')) out.push([key, value]);
  }
  return out;
}

// The index of the first element of the first array on `path` for which the condition holds with
// that array reduced to the element alone; undefined when the path meets no array.
function firstArrayMatch(doc: Doc, path: string, condition: JsonValue): number | undefined {
  const parts = path.split('.');
  let node: JsonValue | undefined = doc;
  for (let i = 0; i < parts.length; i++) {
    if (!isPlainObject(node)) return undefined;
    const value: JsonValue | undefined = node[parts[i] as string];
    if (Array.isArray(value)) {
      const test = compileFilter({ [path]: condition }, 'filter');
      const prefix = parts.slice(0, i + 1);
      for (let k = 0; k < value.length; k++) {
        if (test(withValue(doc, prefix, [value[k] as JsonValue]))) return k;
      }
      return undefined;
    }
    node = value;
  }
  return undefined;
}

// A copy of `doc` with the value at `parts` (which runs through documents) replaced.
function withValue(doc: Doc, parts: readonly string[], value: JsonValue): Doc {
  const root: JsonObject = { ...doc };
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = { ...(node[parts[i] as string] as JsonObject) };
    node[parts[i] as string] = next;
    node = next;
  }
  node[parts[parts.length - 1] as string] = value;
  return root as Doc;
}
