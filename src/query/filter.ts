import { Query } from 'mingo/query';
import { MINGO_OPTIONS } from './mingo-context';
import { DbError, DbErrorCode, invalidParameter } from '../core/db-error';
import { isPlainObject, type JsonObject } from '../core/json';
import { guard, toDbError } from './errors';
import { compileFastFilter } from './fast-filter';
import type { Predicate } from './predicate';
import { rewriteFilter } from './filter-rewrite';

export type { Predicate } from './predicate';

const matchAll: Predicate = () => true;

/**
 * Compiles a MongoDB filter (wire form) into a predicate. Unknown operators throw
 * `InvalidOperator`; a filter that is not an object throws `InvalidParameter`.
 *
 * @param filter - e.g. `{ done: false, 'tags': 'home', n: { $gte: 2 } }`; `undefined` matches all
 * @param what - the argument name used in error messages
 * @example
 * const isOpen = compileFilter({ status: 'open' });
 * isOpen({ _id: 'a', status: 'open' }); // true
 */
export function compileFilter(filter: unknown, what = 'query'): Predicate {
  if (filter === undefined || filter === null) return matchAll;
  if (!isPlainObject(filter)) throw invalidParameter(`${what} must be an object`);
  if (Object.keys(filter).length === 0) return matchAll;
  checkShape(filter as JsonObject);
  const rewritten = guard(() => rewriteFilter(filter as JsonObject));
  // Plain equality, range, $in and $exists conditions (most app filters) run as hand-compiled
  // code with mingo's exact answers, several times faster per document; the rest go to mingo.
  const fast = compileFastFilter(rewritten);
  if (fast) return fast;
  const query = guard(() => new Query(rewritten, MINGO_OPTIONS));
  // Compile errors surface on first use in some mingo operators; probe once so a bad
  // filter fails before anything is read or written.
  guard(() => query.test({}));
  return (doc) => {
    try {
      return query.test(doc);
    } catch (error) {
      throw toDbError(error);
    }
  };
}

// Operator arguments MongoDB refuses but mingo accepts (and then matches something): a logical
// operator without clauses, `$not` without an operator document, a malformed `$mod`, `$options`
// without `$regex` or with a flag MongoDB does not know, a `$regex` that is not a string or holds
// a null byte.
function checkShape(filter: JsonObject): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' || key === '$or' || key === '$nor') {
      if (!Array.isArray(value) || value.length === 0) throw badValue(`${key} must be a nonempty array`);
      for (const clause of value) if (isPlainObject(clause)) checkShape(clause);
    } else if (!key.startsWith('$') && isPlainObject(value)) {
      checkCondition(value);
    }
  }
}

function checkCondition(condition: JsonObject): void {
  for (const [op, arg] of Object.entries(condition)) {
    if (op === '$not') {
      if (!isPlainObject(arg) || Object.keys(arg).length === 0) throw badValue('$not needs a regex or a non-empty document');
      checkCondition(arg);
    } else if (op === '$mod') {
      if (!Array.isArray(arg) || arg.length !== 2 || !arg.every((n) => typeof n === 'number')) throw badValue('malformed $mod: it needs [divisor, remainder]');
      if (arg[0] === 0) throw badValue('$mod divisor cannot be 0');
    } else if (op === '$options') {
      if (!('$regex' in condition)) throw badValue('$options needs a $regex');
      if (typeof arg !== 'string' || /[^imsxu]/.test(arg)) throw badValue(`invalid flag in regex options: ${JSON.stringify(arg)}`);
    } else if (op === '$regex') {
      if (typeof arg !== 'string') throw badValue('$regex has to be a string');
      if (arg.includes('\u0000')) throw badValue('Regular expression cannot contain an embedded null byte');
    } else if (op === '$elemMatch' && isPlainObject(arg)) {
      checkShape(arg);
      checkCondition(arg);
    }
  }
}

function badValue(message: string): DbError {
  return new DbError(DbErrorCode.BadValue, message);
}
