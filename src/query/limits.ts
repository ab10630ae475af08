import { evalExpr } from 'mingo/core';
import type { Now } from '../core/clock';
import { DbError, DbErrorCode } from '../core/db-error';
import type { JsonObject, JsonValue } from '../core/json';

/**
 * The limits every database command is held to, on the emulator and offline alike, so one
 * request can neither exhaust memory nor hold the process. Each is listed in `docs/emulator.md`.
 */
export const LIMITS = {
  /** Levels of nesting of a stored document (MongoDB's limit for user documents). */
  documentDepth: 100,
  /** Levels of nesting of any request argument (a filter, an update, a pipeline). */
  requestDepth: 200,
  /** Elements an update may add to an array to reach an index (MongoDB refuses more). */
  arrayPadding: 1_500_000,
  /** Elements of one array an expression computes (`$range`, `$concatArrays`, ...). */
  arrayElements: 1_000_000,
  /** Characters of one string an expression computes (`$concat`, ...). */
  stringLength: 16 * 1024 * 1024,
  /** Array elements all expressions of one command may compute together. */
  elementsPerCommand: 20_000_000,
} as const;

/** What a command may spend: a deadline on a clock. Absent: no time limit. */
export interface WorkBudget {
  /** The clock the deadline is measured on (elapsed time, e.g. `performance.now`). */
  readonly now: Now;
  /** Milliseconds the command may run. */
  readonly ms: number;
}

// One command is evaluated at a time (evaluation is synchronous), so one module-level meter suffices.
interface Meter {
  readonly budget: WorkBudget | undefined;
  readonly deadline: number;
  elements: number;
  ticks: number;
}
let meter: Meter | undefined;

// Checking the clock on every step would cost more than the steps; a cheap counter decides when.
const TICKS_PER_CHECK = 256;

/**
 * Runs one command's evaluation under the limits: work counted by {@link tick} and
 * {@link allocate} is checked against `budget` and {@link LIMITS}. Nested calls (a `$lookup` that
 * runs a filter) share the outer meter.
 *
 * @throws `ExceededTimeLimit` when the budget runs out, `ExceededMemoryLimit` when computed values
 *   grow past the limits; nothing was applied then
 */
export function withinBudget<T>(budget: WorkBudget | undefined, fn: () => T): T {
  if (meter) return fn();
  meter = { budget, deadline: budget ? budget.now() + budget.ms : Infinity, elements: 0, ticks: 0 };
  try {
    return fn();
  } finally {
    meter = undefined;
  }
}

/**
 * Counts `weight` steps of evaluation (a document visited, an expression evaluated) and throws
 * `ExceededTimeLimit` once the command's time budget is spent.
 */
export function tick(weight = 1): void {
  const m = meter;
  if (!m?.budget) return;
  m.ticks += weight;
  if (m.ticks < TICKS_PER_CHECK) return;
  m.ticks = 0;
  if (m.budget.now() > m.deadline) {
    throw new DbError(DbErrorCode.ExceededTimeLimit, `the command ran longer than ${m.budget.ms} ms and was stopped; nothing was applied`);
  }
}

/**
 * Counts `elements` computed array elements against the per-array and per-command limits.
 *
 * @throws `ExceededMemoryLimit`
 */
export function allocate(elements: number, what: string): void {
  if (elements > LIMITS.arrayElements) {
    throw new DbError(DbErrorCode.ExceededMemoryLimit, `${what} would produce ${elements} elements; at most ${LIMITS.arrayElements} are allowed`);
  }
  const m = meter;
  if (!m) return;
  m.elements += elements;
  if (m.elements > LIMITS.elementsPerCommand) {
    throw new DbError(DbErrorCode.ExceededMemoryLimit, `the command computed more than ${LIMITS.elementsPerCommand} array elements`);
  }
  tick(Math.ceil(elements / 64));
}

/**
 * Throws `BadValue` when `value` nests deeper than `limit` levels (`{ a: 1 }` is one level,
 * `{ a: { b: 1 } }` two). Iterative, so a value nested thousands of levels deep is refused
 * without exhausting the stack.
 */
export function checkDepth(value: JsonValue | undefined, limit: number, what: string): void {
  if (value === null || typeof value !== 'object') return;
  const stack: Array<[JsonValue, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [JsonValue, number];
    if (depth > limit) {
      throw new DbError(DbErrorCode.BadValue, `${what} is nested more than ${limit} levels deep`);
    }
    const children = Array.isArray(item) ? item : Object.values(item as JsonObject);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
}

// Update operators that create the path they name, padding an array with nulls up to an index.
const PADDING_OPS = ['$set', '$setOnInsert', '$inc', '$mul', '$min', '$max', '$currentDate', '$push', '$addToSet', '$bit'];

/**
 * Refuses, before anything runs, an operator update that would pad an array of `doc` by more than
 * {@link LIMITS.arrayPadding} elements to reach an index (`$set: { 'a.100000000': 1 }` on an
 * array `a`), as MongoDB does. An index into an object or a missing field is an ordinary field name.
 *
 * @throws `BadValue`
 */
export function checkArrayPadding(doc: JsonObject, ops: Readonly<Record<string, JsonObject>>): void {
  for (const op of PADDING_OPS) {
    const fields = ops[op];
    if (!fields) continue;
    for (const path of Object.keys(fields)) {
      if (!/\.\d{7,}(\.|$)/.test(path)) continue;
      let value: JsonValue | undefined = doc;
      for (const segment of path.split('.')) {
        if (Array.isArray(value) && /^\d+$/.test(segment)) {
          const pad = Number(segment) + 1 - value.length;
          if (pad > LIMITS.arrayPadding) {
            throw new DbError(DbErrorCode.BadValue, `can't backfill more than ${LIMITS.arrayPadding} elements (${op} ${path})`);
          }
          value = value[Number(segment)];
        } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, segment)) {
          value = value[segment];
        } else {
          break;
        }
      }
    }
  }
}

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
        throw new DbError(DbErrorCode.ExceededMemoryLimit, `${name} would produce a string of ${result.length} characters; at most ${LIMITS.stringLength} are allowed`);
      }
      return result;
    };
  }
  return out;
}
