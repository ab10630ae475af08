import { Query } from 'mingo';
import { invalidParameter } from '../core/db-error';
import { isPlainObject, type Doc, type JsonObject } from '../core/json';
import { guard, toDbError } from './errors';

/** A compiled MongoDB filter. */
export type Predicate = (doc: Doc) => boolean;

// Scripts ($where, $function, $accumulator) are off: the wire carries no functions, and a
// string of code must never run inside the emulator or an app.
export const MINGO_OPTIONS = { idKey: '_id', scriptEnabled: false } as const;

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
  const query = guard(() => new Query(filter as JsonObject, MINGO_OPTIONS));
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
