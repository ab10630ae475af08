import { evalExpr } from 'mingo/core';
import { DbError, DbErrorCode } from '../core/db-error';
import { LIMITS } from './limits';
import { allocate, tick } from './work-budget';

type Expr = Parameters<typeof evalExpr>[1];
type ExprOptions = Parameters<typeof evalExpr>[2];
type Operator = (obj: object, expr: Expr, options: ExprOptions) => unknown;

// Arguments already evaluated, passed back to mingo's operator as literals (an array value such
// as ['$x'] would otherwise be read as field paths again).
const literal = (value: unknown): Expr => ({ $literal: value });

// Operators whose result size is known from their arguments: checked before anything is built.
const PRECHECKED: Record<string, (args: unknown[]) => number | undefined> = {
  $range: ([start, end, step = 1]) =>
    typeof start === 'number' && typeof end === 'number' && typeof step === 'number' && step !== 0 ? Math.max(0, Math.ceil((end - start) / step)) : undefined,
  $concatArrays: (args) => args.reduce<number>((n, a) => n + (Array.isArray(a) ? a.length : 0), 0),
};

/**
 * Wraps every expression operator so that evaluation counts against the command's budget and no
 * computed array or string grows past {@link LIMITS}; `$arrayToObject` refuses the key `__proto__`.
 *
 * @param operators - expression operators by name, as mingo's context takes them
 * @example fragment
 * Context.init({ expression: limitedExpressions(expressionOperators) });
 * // { $range: [0, 1e9] } now throws ExceededMemoryLimit instead of exhausting the heap
 */
export function limitedExpressions(operators: Readonly<Record<string, unknown>>): Record<string, Operator> {
  const out: Record<string, Operator> = {};
  for (const [name, value] of Object.entries(operators)) {
    if (typeof value !== 'function') continue;
    const op = value as Operator;
    const size = PRECHECKED[name];
    out[name] = (obj, expr, options) => {
      tick();
      // A pair named __proto__ would replace the new object's prototype instead of making a field.
      if (name === '$arrayToObject' && JSON.stringify(evalExpr(obj, expr, options) ?? null).includes('"__proto__"')) {
        throw new DbError(DbErrorCode.BadValue, '$arrayToObject: the field name "__proto__" is not allowed');
      }
      let result: unknown;
      if (size && Array.isArray(expr) && !Array.isArray(obj)) {
        const args = evalExpr(obj, expr, options) as unknown[];
        const n = size(args);
        if (n !== undefined) allocate(n, name);
        result = op(obj, args.map(literal), options);
      } else {
        result = op(obj, expr, options);
      }
      if (Array.isArray(result) && !size) allocate(result.length, name);
      else if (typeof result === 'string' && result.length > LIMITS.stringLength) {
        throw new DbError(
          DbErrorCode.ExceededMemoryLimit,
          `${name} would produce a string of ${result.length} characters; at most ${LIMITS.stringLength} are allowed`,
        );
      }
      return result;
    };
  }
  return out;
}
