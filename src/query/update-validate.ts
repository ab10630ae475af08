import { DbError, DbErrorCode } from '../core/db-error';
import type { JsonObject, JsonValue } from '../core/json';

/**
 * Checks an operator update before any document is read, as MongoDB parses it: every path is a
 * non-empty dotted path without empty parts, no two paths of the update are the same or one inside
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
    }
  }
  checkConflicts(paths);
}

function bad(message: string): DbError {
  return new DbError(DbErrorCode.BadValue, message);
}

function checkPath(path: string): void {
  if (path === '') throw bad('An empty update path is not valid.');
  if (path.split('.').includes('')) throw bad(`The update path '${path}' contains an empty field name, which is not allowed.`);
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

// `inner` lies inside `outer` ('a.b' inside 'a').
function isInside(inner: string, outer: string): boolean {
  return inner.startsWith(`${outer}.`);
}

function checkConflicts(paths: string[]): void {
  const sorted = [...paths].sort();
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as string;
    for (let j = i; j < sorted.length && (sorted[j] as string).startsWith(prev); j++) {
      const path = sorted[j] as string;
      if (path === prev || isInside(path, prev)) throw bad(`Updating the path '${path}' would create a conflict at '${prev}'`);
    }
  }
}
