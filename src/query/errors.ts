import { DbError, DbErrorCode } from '../core/db-error';

// mingo reports unknown operators with these phrases (7.2.x); everything else it throws is a
// value the operator refused, which MongoDB calls BadValue.
const UNKNOWN_OPERATOR =
  /unknown (query |top level |update |pipeline |expression |projection |accumulator )?operator|unregistered .*operator|is not registered|not (a )?(valid|supported)|invalid (query|pipeline) operator/i;

/**
 * Turns anything thrown while evaluating a query, update or pipeline into a {@link DbError}.
 *
 * @param error - what was thrown
 * @returns a `DbError` with a documented code
 */
export function toDbError(error: unknown): DbError {
  if (error instanceof DbError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (UNKNOWN_OPERATOR.test(message)) return new DbError(DbErrorCode.InvalidOperator, message);
  return new DbError(DbErrorCode.BadValue, message);
}

/**
 * Runs `fn` and rethrows any failure as a {@link DbError}.
 *
 * @example fragment
 * const predicate = guard(() => new Query(filter));
 */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw toDbError(error);
  }
}
