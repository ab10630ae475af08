import { Query } from 'mingo/query';
import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../core/json';
import { toDbError } from './errors';
import { MINGO_OPTIONS } from './mingo-context';
import type { Predicate } from './predicate';

/** A field's value as mingo resolves it; `undefined` is a missing field. */
type Value = JsonValue | undefined;
/** One operator of one field, applied to the field's value. */
type Check = (value: Value) => boolean;
/** A literal the fast path compares with `===`. */
type Scalar = string | number | boolean | null;
/** The operand of `$gt` and friends; a value is compared only when it has the bound's type. */
type Bound = number | string;

// Marks a dotted path that met an array before its last segment: mingo then resolves the path
// through every element (and unwraps and flattens in ways of its own), so that document goes to mingo.
const THROUGH_ARRAY = Symbol('through array');

// Names Object.prototype has (constructor, toString, __proto__, ...): the matcher reads them only as
// own properties, and refuses `__proto__`. Such paths are left to mingo; for every other name
// `obj[name]` on a JSON object is exactly its own property or undefined, as the matcher reads it.
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * Compiles the common simple filters into plain JavaScript predicates that give exactly the answers
 * of mingo with mpsync's field operators (`src/query/match`, MongoDB's semantics; the differential
 * test in test/query/fast-filter.test.ts holds them to it), several times
 * faster per document. Returns `undefined` when any part of the filter is outside the subset; the
 * caller then uses mingo.
 *
 * The subset: any number of field conditions and `$and` clauses (nested too). A field is a name
 * without `.`, or a dotted path of non-numeric names (a document where the path meets an array
 * before its end is answered by mingo, the others here), never `$...` or an Object.prototype name.
 * A condition is a scalar literal (string, number, boolean, null; not NaN), or an operator document
 * of `$eq`/`$ne` (scalar), `$gt`/`$gte`/`$lt`/`$lte` (number or string), `$in`/`$nin` (array of
 * scalars) and `$exists` (boolean).
 *
 * The filter must already be rewritten (`rewriteFilter`) and shape-checked, as
 * `compileFilter` does; this function never throws.
 *
 * @param filter - a MongoDB filter in wire form
 * @returns the predicate, or `undefined` when mingo must evaluate the filter
 * @example
 * const open = compileFastFilter({ done: false, n: { $gte: 2 } });
 * open?.({ _id: 'a', done: false, n: 3 }); // true
 * compileFastFilter({ $or: [{ done: true }] }); // undefined: mingo evaluates it
 */
export function compileFastFilter(filter: JsonObject): Predicate | undefined {
  const tests: Predicate[] = [];
  return collect(filter, tests) ? allOf(tests) : undefined;
}

// Adds the tests of `filter` to `out`; false when some part is outside the subset. mingo ANDs the
// predicates of all fields and of every `$and` clause, so one flat list gives the same answer.
function collect(filter: JsonObject, out: Predicate[]): boolean {
  for (const key of Object.keys(filter)) {
    const value = filter[key];
    if (key === '$and') {
      // MongoDB refuses an empty $and (checkShape throws first); mingo would match everything.
      if (!Array.isArray(value) || value.length === 0) return false;
      for (const clause of value) if (!isPlainObject(clause) || !collect(clause, out)) return false;
    } else {
      const test = fieldTest(key, value);
      if (!test) return false;
      out.push(test);
    }
  }
  return true;
}

function fieldTest(path: string, condition: unknown): Predicate | undefined {
  if (path.startsWith('$')) return undefined;
  const segments = path.split('.');
  if (!segments.every((s) => validSegment(s, segments.length > 1))) return undefined;
  const checks = conditionChecks(condition);
  if (!checks) return undefined;
  const check = allOf(checks);
  const first = segments[0] as string;
  if (segments.length === 1) return (doc) => check(doc[first]);
  let slow: Query | undefined;
  return (doc) => {
    const value = resolvePath(doc, segments);
    if (value !== THROUGH_ARRAY) return check(value);
    // Built on first need only: most collections never put an array on a dotted path.
    slow ??= new Query({ [path]: condition }, MINGO_OPTIONS);
    try {
      return slow.test(doc);
    } catch (error) {
      throw toDbError(error);
    }
  };
}

// In a dotted path, mingo takes an empty or all-digit segment as an array index.
function validSegment(segment: string, dotted: boolean): boolean {
  if (PROTOTYPE_NAMES.has(segment)) return false;
  return !dotted || (segment !== '' && !/^[0-9]+$/.test(segment));
}

// The matcher's reading of a path through plain subdocuments: a scalar or null on the way means missing.
function resolvePath(doc: Doc, segments: readonly string[]): Value | typeof THROUGH_ARRAY {
  let value: Value = doc[segments[0] as string];
  for (let i = 1; i < segments.length; i++) {
    if (Array.isArray(value)) return THROUGH_ARRAY;
    if (value === null || typeof value !== 'object') return undefined;
    value = value[segments[i] as string];
  }
  return value;
}

function conditionChecks(condition: unknown): Check[] | undefined {
  if (isScalar(condition)) return [equals(condition)];
  // An object without operators is a literal subdocument; mingo compares those itself.
  if (!isPlainObject(condition)) return undefined;
  const ops = Object.keys(condition);
  if (ops.length === 0) return undefined;
  const checks: Check[] = [];
  for (const op of ops) {
    const check = OPERATORS.get(op)?.(condition[op]);
    if (!check) return undefined;
    checks.push(check);
  }
  return checks;
}

// NaN is left to mingo: it never arrives over the JSON wire, and the comparisons of the matcher
// rank it equal to every number.
function isScalar(value: unknown): value is Scalar {
  const type = typeof value;
  return value === null || type === 'string' || type === 'boolean' || (type === 'number' && !Number.isNaN(value));
}

type MakeCheck = (arg: unknown) => Check | undefined;

// A Map, not an object literal: an operator named like an Object.prototype member must miss.
const OPERATORS: ReadonlyMap<string, MakeCheck> = new Map<string, MakeCheck>([
  ['$eq', (arg) => (isScalar(arg) ? equals(arg) : undefined)],
  ['$ne', (arg) => (isScalar(arg) ? not(equals(arg)) : undefined)],
  ['$in', (arg) => (isScalarList(arg) ? within(arg) : undefined)],
  ['$nin', (arg) => (isScalarList(arg) ? not(within(arg)) : undefined)],
  // mingo orders with `a < b ? -1 : a > b ? 1 : 0`; `!(x < b)` is its `>= 0` exactly.
  ['$gt', (arg) => range(arg, (type, b) => (x) => typeof x === type && (x as Bound) > b)],
  ['$gte', (arg) => range(arg, (type, b) => (x) => typeof x === type && !((x as Bound) < b))],
  ['$lt', (arg) => range(arg, (type, b) => (x) => typeof x === type && (x as Bound) < b)],
  ['$lte', (arg) => range(arg, (type, b) => (x) => typeof x === type && !((x as Bound) > b))],
  ['$exists', (arg) => (typeof arg !== 'boolean' ? undefined : arg ? (v) => v !== undefined : (v) => v === undefined)],
]);

/**
 * `$eq` with a scalar (MongoDB's, as registered in the mingo context): the value itself, or (null)
 * a missing field, or an element of an array field — never an element of an array nested in it.
 */
function equals(b: Scalar): Check {
  if (b === null) return (v) => v === null || v === undefined || (Array.isArray(v) && v.includes(null));
  return (v) => v === b || (Array.isArray(v) && v.includes(b));
}

// A `for...of` loop, not `every`: `every` skips the holes of a sparse array, which are undefined.
function isScalarList(arg: unknown): arg is Scalar[] {
  if (!Array.isArray(arg)) return false;
  for (const item of arg as unknown[]) if (!isScalar(item)) return false;
  return true;
}

/**
 * `$in` with scalars: a missing or null field matches when the list holds null; an array field
 * when one of its elements (not elements of nested arrays) is in the list. `Set` equality
 * (SameValueZero) makes `-0` and `0` the same value, as MongoDB does.
 */
function within(list: readonly Scalar[]): Check {
  const values = new Set<Value>(list);
  const hasNull = values.has(null);
  const one = (x: Value): boolean => values.has(x);
  return (v) => (v === null || v === undefined ? hasNull : Array.isArray(v) ? v.some(one) : values.has(v));
}

/**
 * `$gt`, `$gte`, `$lt`, `$lte` with a number or string: only values of the bound's type are compared (numbers with
 * numbers, strings with strings by UTF-16 code units); an array field matches when one of its own
 * elements does, and the array as a whole never does.
 */
function range(bound: unknown, make: (type: string, b: Bound) => Check): Check | undefined {
  if (typeof bound !== 'string' && !(typeof bound === 'number' && !Number.isNaN(bound))) return undefined;
  // One closure per operator, with the comparison inline: this is the hot loop of a range query.
  const one = make(typeof bound, bound);
  return (v) => (Array.isArray(v) ? v.some(one) : one(v));
}

function not(check: Check): Check {
  return (v) => !check(v);
}

function allOf<T>(tests: Array<(x: T) => boolean>): (x: T) => boolean {
  if (tests.length === 1) return tests[0] as (x: T) => boolean;
  if (tests.length === 2) {
    const [a, b] = tests as [(x: T) => boolean, (x: T) => boolean];
    return (x) => a(x) && b(x);
  }
  return (x) => {
    for (const test of tests) if (!test(x)) return false;
    return true;
  };
}
