import { Context, evalExpr } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import { DbError, DbErrorCode } from '../core/db-error';
import type { JsonValue } from '../core/json';
import { compareValues } from './bson-order';
import { limitedExpressions } from './limited-expressions';
import { MONGODB_QUERY_OPERATORS } from './match/operators';
import { $sort } from './sort-stage';

type Expr = Parameters<typeof evalExpr>[1];
type ExprOptions = Parameters<typeof evalExpr>[2];
type Operator = (obj: object, expr: Expr, options: ExprOptions) => unknown;

// The operands of $sum/$avg/$max/$min in an expression (not in $group): one operand that is an
// array means its elements; a list of operands means those values, arrays not traversed.
function operands(obj: object, expr: Expr, options: ExprOptions): unknown[] {
  if (Array.isArray(expr)) return expr.map((e) => evalExpr(obj, e as Expr, options));
  const value = evalExpr(obj, expr, options);
  return Array.isArray(value) ? value : [value];
}

const numbers = (values: unknown[]): number[] => values.filter((v): v is number => typeof v === 'number');
const present = (values: unknown[]): unknown[] => values.filter((v) => v !== null && v !== undefined);

// mingo looks expression operators up before accumulators, also inside $group, where the first
// argument is the group's documents (an array) instead of one document; hand those to the accumulator.
function dual(name: '$sum' | '$avg' | '$max' | '$min', fold: (values: unknown[]) => unknown): Operator {
  const accumulate = (accumulatorOperators as unknown as Record<string, Operator>)[name] as Operator;
  return (obj, expr, options) => (Array.isArray(obj) ? accumulate(obj, expr, options) : fold(operands(obj, expr, options)));
}

// Expression operators where mingo 7.2 differs from MongoDB: mingo refuses a missing or scalar
// operand of $sum/$avg/$max/$min (MongoDB answers 0 or null), and answers null for $size of a
// missing field (MongoDB refuses anything but an array).
const MONGODB_EXPRESSIONS: Record<string, Operator> = {
  $sum: dual('$sum', (values) => numbers(values).reduce((a, b) => a + b, 0)),
  $avg: dual('$avg', (values) => {
    const nums = numbers(values);
    return nums.length === 0 ? null : nums.reduce((a, b) => a + b, 0) / nums.length;
  }),
  $max: dual('$max', (values) =>
    present(values).reduce<unknown>((best, v) => (best === null || compareValues(v as JsonValue, best as JsonValue) > 0 ? v : best), null),
  ),
  $min: dual('$min', (values) =>
    present(values).reduce<unknown>((best, v) => (best === null || compareValues(v as JsonValue, best as JsonValue) < 0 ? v : best), null),
  ),
  $size: (obj, expr, options) => {
    const value = evalExpr(obj, expr, options);
    if (!Array.isArray(value))
      throw new DbError(DbErrorCode.BadValue, `The argument to $size must be an array, but was ${value === undefined ? 'missing' : typeof value}`);
    return value.length;
  },
};

// Pipeline stages where mingo differs from MongoDB: `$sort` orders as a sorted find does (mingo
// compares whole arrays and objects by sorted keys).
const MONGODB_STAGES = { $sort };

/**
 * The one mingo context of mpsync: every operator mingo has, with MongoDB's behaviour where mingo
 * differs. Built once; filters, projections, updates and pipelines all use it.
 */
const MINGO_CONTEXT = Context.init({
  accumulator: accumulatorOperators,
  expression: limitedExpressions({ ...expressionOperators, ...MONGODB_EXPRESSIONS }),
  pipeline: { ...pipelineOperators, ...MONGODB_STAGES },
  projection: projectionOperators,
  query: { ...queryOperators, ...MONGODB_QUERY_OPERATORS },
  window: windowOperators,
});

/** Options of every mingo call: `_id` as the id, scripts off (no `$where`/`$function` strings ever run). */
export const MINGO_OPTIONS = { idKey: '_id', scriptEnabled: false, context: MINGO_CONTEXT } as const;

/**
 * Options for operator updates (`$set`, `$inc`, `$push`, …): only query operators, which `$pull`
 * conditions and `arrayFilters` use. mingo's updater copies every operator of its context on each
 * call, so with the full context an update cost about 4 times as much (`npm run bench -- update`).
 * Pipeline updates, and updates whose filter or conditions hold `$expr`, keep the full context.
 */
export const UPDATE_OPTIONS = { ...MINGO_OPTIONS, context: Context.init({ query: queryOperators }) } as const;
