import type { Now } from '../core/clock';
import { DbError, DbErrorCode } from '../core/db-error';
import { LIMITS } from './limits';

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
 * @example fragment
 * withinBudget({ now: () => performance.now(), ms: 5000 }, () => runPipeline(docs, pipeline));
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
 *
 * @example fragment
 * for (const doc of docs) { tick(); visit(doc); }
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
 * @example fragment
 * allocate(end - start, '$range'); // before building the array
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
