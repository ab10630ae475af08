import { DbError, DbErrorCode } from '../core/db-error';
import { isPlainObject, type JsonObject, type JsonValue } from '../core/json';

/**
 * Checks an operator update before any document is read, as MongoDB parses it: every path is a
 * non-empty dotted path without empty parts and with at most one positional `$`, no two paths of the update are the same or one inside
 * the other (`$set: { b: 1 }, $rename: { a: 'b' }`), `$rename` names two different static paths,
 * neither inside the other, and `$pop` takes 1 or -1.
 *
 * @throws `BadValue` for the first rule an update breaks
 * @example
 * validateOperators({ $set: { a: 1 }, $inc: { 'a.b': 1 } }); // throws: conflict at 'a'
 */
export function validateOperators(ops: Readonly<Record<string, JsonObject>>): void {
  const paths: string[] = [];
  for (const [op, arg] of Object.entries(ops)) {
    for (const [path, value] of Object.entries(arg)) {
      checkPath(path);
      paths.push(path);
      if (op === '$rename') paths.push(checkRename(path, value));
      else if (op === '$pop') checkPop(path, value);
      else if (op === '$push') checkPush(path, value);
      else if (op === '$addToSet') checkAddToSet(path, value);
    }
  }
  checkConflicts(paths);
}

function bad(message: string): DbError {
  return new DbError(DbErrorCode.BadValue, message);
}

function checkPath(path: string): void {
  if (path === '') throw bad('An empty update path is not valid.');
  const parts = path.split('.');
  if (parts.includes('')) throw bad(`The update path '${path}' contains an empty field name, which is not allowed.`);
  if (parts.filter((part) => part === '$').length > 1) throw bad(`Too many positional (i.e. '$') elements found in path '${path}'`);
}

function checkRename(from: string, to: JsonValue): string {
  if (typeof to !== 'string') throw bad(`The 'to' field for $rename must be a string: ${from}: ${JSON.stringify(to)}`);
  checkPath(to);
  // Positional and array-filter parts name no one field: $rename cannot take them.
  if (from.split('.').some((part) => part.startsWith('$'))) throw bad(`The source field for $rename may not be dynamic: ${from}`);
  if (to.split('.').some((part) => part.startsWith('$'))) throw bad(`The destination field for $rename may not be dynamic: ${to}`);
  if (from === to) throw bad(`The source and target field for $rename must differ: ${from}: "${to}"`);
  if (isInside(from, to) || isInside(to, from)) throw bad(`The source and target field for $rename must not be on the same path: ${from}: "${to}"`);
  return to;
}

function checkPop(path: string, value: JsonValue): void {
  if (value !== 1 && value !== -1) throw bad(`$pop expects 1 or -1, found: ${JSON.stringify(value)} for '${path}'`);
}

const PUSH_MODIFIERS = new Set(['$each', '$slice', '$sort', '$position']);

// A $push argument with `$each` is a modifier document; without it, a value to push as it is.
function checkPush(path: string, value: JsonValue): void {
  if (!isPlainObject(value) || !('$each' in value)) return;
  for (const key of Object.keys(value)) if (!PUSH_MODIFIERS.has(key)) throw bad(`Unrecognized clause in $push: ${key}`);
  if (!Array.isArray(value.$each)) throw bad(`The argument to $each in $push must be an array but it was of type: ${typeName(value.$each)}`);
  for (const key of ['$slice', '$position'] as const) {
    const n = value[key];
    if (n !== undefined && !(typeof n === 'number' && Number.isInteger(n)))
      throw bad(`The value for ${key} must be an integer value but was given type: ${typeName(n)} for '${path}'`);
  }
  if (value.$sort !== undefined) checkPushSort(value.$sort);
}

function checkPushSort(sort: JsonValue): void {
  if (sort === 1 || sort === -1) return;
  if (!isPlainObject(sort)) throw bad('The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
  const entries = Object.entries(sort);
  if (entries.length === 0) throw bad('The $sort pattern is empty when it should be a set of fields.');
  for (const [field, dir] of entries) {
    if (field === '' || field.split('.').includes('') || field.startsWith('$')) throw bad(`The $sort field is a dotted field but has an empty part: ${field}`);
    if (dir !== 1 && dir !== -1) throw bad('The $sort element value must be either 1 or -1');
  }
}

function checkAddToSet(path: string, value: JsonValue): void {
  if (isPlainObject(value) && '$each' in value && !Array.isArray(value.$each)) {
    throw bad(`The argument to $each in $addToSet must be an array but it was of type ${typeName(value.$each)} for '${path}'`);
  }
}

function typeName(value: JsonValue | undefined): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

// `inner` lies inside `outer` ('a.b' inside 'a').
function isInside(inner: string, outer: string): boolean {
  return inner.startsWith(`${outer}.`);
}

// Two paths conflict when one is the other or lies inside it, or when at the first part where they
// part ways one takes array elements by filter (`$[]`, `$[id]`) and the other a field, an index
// or `$` (MongoDB: 'a.$[i]' and 'a.b' conflict at 'a').
function checkConflicts(paths: string[]): void {
  const split = paths.map((p) => p.split('.'));
  for (let x = 0; x < split.length; x++) {
    for (let y = x + 1; y < split.length; y++) {
      const a = split[x] as string[];
      const b = split[y] as string[];
      let d = 0;
      while (d < a.length && d < b.length && a[d] === b[d]) d++;
      if (d === a.length || d === b.length) continue;
      if (isArrayPart(a[d] as string) !== isArrayPart(b[d] as string)) {
        throw bad(`Updating the path '${(isArrayPart(a[d] as string) ? b : a).join('.')}' would create a conflict at '${a.slice(0, d).join('.')}'`);
      }
    }
  }
  checkNested(paths);
}

function isArrayPart(part: string): boolean {
  return part.startsWith('$[') && part.endsWith(']');
}

function checkNested(paths: string[]): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as string;
    for (let j = i; j < sorted.length && (sorted[j] as string).startsWith(prev); j++) {
      const path = sorted[j] as string;
      if (path === prev || isInside(path, prev)) throw bad(`Updating the path '${path}' would create a conflict at '${prev}'`);
    }
  }
}
