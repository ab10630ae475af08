import { isEqual } from 'mingo/util';
import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { compareValues } from './bson-order';
import { compileFilter, type Predicate } from './filter';

/**
 * Applies MongoDB's rules for `$push`, `$pull` and `$addToSet` where mingo's differ, by rewriting
 * the operators of one update for one document:
 *
 * - `$addToSet` with `$each` adds a value repeated inside the list once.
 * - `$push` of a document without `$each` pushes that document, even when a field is named like a
 *   modifier; with `$each` and `$sort`, on a plain path, the new array is computed here (insert at
 *   `$position`, then `$sort`, then `$slice`; `$sort` by fields compares the fields' values whole,
 *   a missing field or a non-document element as null) and set.
 * - `$pull` on a plain path with a condition that starts with a field name or a logical operator
 *   and names an operator (`{ $or: [...] }`) is a query on elements that are documents (mingo
 *   would test each element as a value). Other conditions stay with mingo, which treats them as
 *   MongoDB does.
 *
 * Paths with a positional part (`$`, `$[]`, `$[id]`) stay with mingo. Returns new operators;
 * `ops` is not changed.
 */
export function rewriteArrayOperators(doc: Doc, ops: Readonly<Record<string, JsonObject>>): Record<string, JsonObject> {
  const out: Record<string, JsonObject> = { ...ops };
  const sets: JsonObject = {};
  if (ops.$addToSet) out.$addToSet = mapValues(ops.$addToSet, (arg) => (isEach(arg) ? { ...arg, $each: unique(arg.$each as JsonValue[]) } : arg));
  if (ops.$push) {
    const rest: JsonObject = {};
    for (const [path, arg] of Object.entries(ops.$push)) {
      const spec = isEach(arg) ? arg : isPlainObject(arg) && Object.keys(arg).some((k) => k.startsWith('$')) ? { $each: [arg] } : arg;
      // Only `$sort` needs computing here; mingo inserts, slices and pushes as MongoDB does.
      const current = isEach(spec) && spec.$sort !== undefined && isPlainPath(path) ? plainValue(doc, path) : BLOCKED;
      if (current === BLOCKED || (current !== undefined && !Array.isArray(current))) rest[path] = spec;
      else sets[path] = pushed(current ?? [], spec as JsonObject);
    }
    replace(out, '$push', rest);
  }
  if (ops.$pull) {
    const rest: JsonObject = {};
    for (const [path, condition] of Object.entries(ops.$pull)) {
      const current = isDocumentQuery(condition) && isPlainPath(path) ? plainValue(doc, path) : BLOCKED;
      if (current === BLOCKED || (current !== undefined && !Array.isArray(current))) rest[path] = condition;
      else if (current !== undefined) {
        const matches = pullMatcher(condition);
        const kept = current.filter((element) => !matches(element));
        if (kept.length !== current.length) sets[path] = kept;
      }
    }
    replace(out, '$pull', rest);
  }
  if (Object.keys(sets).length > 0) out.$set = { ...(out.$set ?? {}), ...sets };
  return out;
}

// A $pull condition that is a query on element documents and names an operator, which mingo
// would apply to each element as a value instead (`{ $or: [...] }`, `{ x: 1, $and: [...] }`).
function isDocumentQuery(condition: JsonValue): boolean {
  if (!isPlainObject(condition)) return false;
  const keys = Object.keys(condition);
  return keys.length > 0 && !VALUE_OPERATORS.has(keys[0] as string) && keys.some((k) => k.startsWith('$'));
}

function isEach(arg: JsonValue | undefined): arg is JsonObject {
  return isPlainObject(arg) && '$each' in arg;
}

function mapValues(obj: JsonObject, fn: (value: JsonValue) => JsonValue): JsonObject {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fn(v)]));
}

function replace(out: Record<string, JsonObject>, op: string, rest: JsonObject): void {
  if (Object.keys(rest).length > 0) out[op] = rest;
  else delete out[op];
}

// Equality as $addToSet tests it (mingo's, so a value added once is found again the same way).
function unique(values: readonly JsonValue[]): JsonValue[] {
  const out: JsonValue[] = [];
  for (const value of values) if (!out.some((seen) => isEqual(seen, value))) out.push(value);
  return out;
}

const BLOCKED = Symbol('path through an array or a scalar');

function isPlainPath(path: string): boolean {
  return !path.split('.').some((part) => part.startsWith('$'));
}

// The value at a path that runs through documents, or through arrays by index (the positional
// parts were replaced by indexes already); BLOCKED when a scalar, or an array met with a field
// name, is on the way (mingo then applies the operator and the caller's checks raise MongoDB's errors).
function plainValue(doc: Doc, path: string): JsonValue | undefined | typeof BLOCKED {
  const parts = path.split('.');
  let node: JsonValue | undefined = doc;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (node === undefined) return undefined;
    if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else if (isPlainObject(node)) node = node[part];
    else return BLOCKED;
  }
  return node;
}

function pushed(current: readonly JsonValue[], spec: JsonObject): JsonValue[] {
  const each = spec.$each as JsonValue[];
  const position = spec.$position as number | undefined;
  let at = position === undefined ? current.length : position < 0 ? Math.max(0, current.length + position) : Math.min(position, current.length);
  if (!Number.isFinite(at)) at = current.length;
  let next = [...current.slice(0, at), ...each, ...current.slice(at)];
  if (spec.$sort !== undefined) next = sortElements(next, spec.$sort);
  const slice = spec.$slice as number | undefined;
  if (slice !== undefined) next = slice >= 0 ? next.slice(0, slice) : next.slice(Math.max(0, next.length + slice));
  return next;
}

function sortElements(values: JsonValue[], sort: JsonValue): JsonValue[] {
  if (typeof sort === 'number')
    return values
      .map((v, i) => [v, i] as const)
      .sort((x, y) => sort * compareValues(x[0], y[0]) || x[1] - y[1])
      .map(([v]) => v);
  const pattern = Object.entries(sort as JsonObject) as Array<[string, number]>;
  const keyed = values.map((value, index) => ({ value, index, keys: pattern.map(([path]) => fieldOf(value, path)) }));
  keyed.sort((x, y) => {
    for (let i = 0; i < pattern.length; i++) {
      const c = compareValues(x.keys[i], y.keys[i]) * (pattern[i] as [string, number])[1];
      if (c !== 0) return c;
    }
    return x.index - y.index;
  });
  return keyed.map((k) => k.value);
}

// A field of an element as $push $sort reads it: through documents only, missing (or a
// non-document element) as null.
function fieldOf(value: JsonValue, path: string): JsonValue {
  let node: JsonValue | undefined = value;
  for (const part of path.split('.')) {
    if (!isPlainObject(node)) return null;
    node = node[part];
  }
  return node === undefined ? null : node;
}

// Operators that test a value (MongoDB's path-accepting keywords); a $pull condition that starts
// with one of them applies to each element itself.
const VALUE_OPERATORS = new Set([
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$exists',
  '$type',
  '$size',
  '$all',
  '$elemMatch',
  '$regex',
  '$options',
  '$mod',
  '$not',
  '$bitsAllSet',
  '$bitsAllClear',
  '$bitsAnySet',
  '$bitsAnyClear',
]);

function pullMatcher(condition: JsonValue): (element: JsonValue) => boolean {
  if (!isPlainObject(condition)) return (element) => isEqual(element, condition);
  const first = Object.keys(condition)[0];
  if (first !== undefined && VALUE_OPERATORS.has(first)) {
    const test: Predicate = compileFilter({ v: condition }, '$pull');
    return (element) => test({ v: element } as unknown as Doc);
  }
  const test: Predicate = compileFilter(condition, '$pull');
  return (element) => isPlainObject(element) && test(element as Doc);
}
