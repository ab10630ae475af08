import { Query } from 'mingo/query';
import { DbError, DbErrorCode } from '../../core/db-error';
import { isPlainObject, type JsonObject, type JsonValue } from '../../core/json';
import { compareValues, equalValues, typeRank } from '../bson-order';
import { reach, type Reached } from './reach';
import { typeTest } from './bson-types';

/** A test of one value a path reached (`undefined`: the field is missing). */
type Test = (value: Reached) => boolean;

/**
 * How one operator looks at the values a path reaches: `test` applies to each value, and with
 * `elements` also to each element of a value that is an array (not to elements of nested arrays).
 * `negate` makes the operator the negation of the positive one over the whole document
 * (`$ne` is "no reached value equals", not "some reached value differs").
 */
interface Leaf {
  readonly test: Test;
  readonly elements: boolean;
  readonly negate?: boolean;
}

type Options = ConstructorParameters<typeof Query>[1];
type QueryOperator = (selector: string, value: unknown, options: Options) => (obj: unknown) => boolean;

function badValue(message: string): DbError {
  return new DbError(DbErrorCode.BadValue, message);
}

function equalsTest(arg: unknown): Test {
  if (arg === null) return (v) => v === null || v === undefined;
  const b = arg as JsonValue;
  return (v) => v !== undefined && equalValues(v, b);
}

/** `$gt` and friends: only values of the bound's canonical type compare (MongoDB's type bracketing). */
function rangeTest(arg: unknown, ok: (c: number) => boolean, orEqualNull: boolean): Test {
  // Against null, $gte/$lte are equality to null (missing included), $gt/$lt match nothing.
  if (arg === null) return orEqualNull ? equalsTest(null) : () => false;
  const b = arg as JsonValue;
  const rank = typeRank(b);
  return (v) => v !== undefined && typeRank(v) === rank && ok(compareValues(v, b));
}

function inTest(arg: unknown, name: string): Test {
  if (!Array.isArray(arg)) throw badValue(`${name} needs an array`);
  const tests = (arg as unknown[]).map((item) => {
    if (isPlainObject(item) && Object.keys(item).some((k) => k.startsWith('$'))) throw badValue(`cannot nest $ under ${name}`);
    return equalsTest(item);
  });
  return (v) => tests.some((t) => t(v));
}

function sizeTest(arg: unknown): Test {
  if (typeof arg !== 'number') throw badValue('$size needs a number');
  if (!Number.isInteger(arg)) throw badValue('$size must be a whole number');
  if (arg < 0) throw badValue('$size may not be negative');
  return (v) => Array.isArray(v) && v.length === arg;
}

/** MongoDB truncates the divisor, the remainder and the value to integers before `%`. */
function modTest(arg: unknown): Test {
  if (!Array.isArray(arg)) throw badValue('malformed mod, needs to be an array');
  if (arg.length < 2) throw badValue('malformed mod, not enough elements');
  if (arg.length > 2) throw badValue('malformed mod, too many elements');
  const [d, r] = arg as unknown[];
  if (typeof d !== 'number' || !Number.isFinite(d)) throw badValue('malformed mod, divisor not a number');
  if (typeof r !== 'number' || !Number.isFinite(r)) throw badValue('malformed mod, remainder not a number');
  const divisor = Math.trunc(d);
  const remainder = Math.trunc(r);
  // MongoDB computes in 64-bit integers: an argument outside that range is refused, and a value
  // outside it never matches.
  if (!inLongRange(divisor)) throw badValue('malformed mod, divisor value is invalid');
  if (!inLongRange(remainder)) throw badValue('malformed mod, remainder value is invalid');
  if (divisor === 0) throw badValue('divisor cannot be 0');
  return (v) => typeof v === 'number' && inLongRange(v) && Math.trunc(v) % divisor === remainder;
}

const LONG_LIMIT = 2 ** 63;

function inLongRange(n: number): boolean {
  return Number.isFinite(n) && n >= -LONG_LIMIT && n < LONG_LIMIT;
}

function regexTest(arg: unknown): Test {
  // mingo's normalize() has already built the RegExp from $regex and $options.
  if (!(arg instanceof RegExp)) throw badValue('$regex has to be a string');
  const re = new RegExp(arg.source, arg.flags.replace('g', ''));
  return (v) => typeof v === 'string' && re.test(v);
}

function elemMatchTest(arg: unknown, options: Options): Test {
  if (!isPlainObject(arg)) throw badValue('$elemMatch needs an Object');
  const first = Object.keys(arg)[0];
  const valueForm =
    first !== undefined && first.startsWith('$') && first !== '$and' && first !== '$or' && first !== '$nor' && first !== '$expr' && first !== '$where';
  if (valueForm) {
    // Each element is one value: its own conditions apply to it, never to the elements inside it.
    const checks = Object.entries(withRegExp(arg)).map(([op, sub]) => singleValueTest(op, sub, options));
    return (v) => Array.isArray(v) && v.some((e) => checks.every((c) => c(e)));
  }
  const query = new Query(arg, options);
  // An element that is itself an array is matched as a document whose fields are its indexes
  // (BSON stores it so), so a field name in the condition never walks into its elements.
  return (v) => Array.isArray(v) && v.some((e) => (Array.isArray(e) ? query.test(indexed(e)) : isPlainObject(e) && query.test(e)));
}

function indexed(list: readonly JsonValue[]): JsonObject {
  const out: JsonObject = {};
  list.forEach((item, i) => {
    out[String(i)] = item;
  });
  return out;
}

// Conditions as mingo's normalize() leaves them for the field operators: `$regex` (with its
// `$options`) as one RegExp.
function withRegExp(condition: Record<string, unknown>): Record<string, unknown> {
  if (!('$regex' in condition) || condition.$regex instanceof RegExp) return condition;
  const { $options, ...rest } = condition;
  if (typeof condition.$regex !== 'string') throw badValue('$regex has to be a string');
  return { ...rest, $regex: new RegExp(condition.$regex, typeof $options === 'string' ? $options : '') };
}

// An operator inside a value $elemMatch, applied to one array element as it is.
function singleValueTest(op: string, arg: unknown, options: Options): Test {
  if (op === '$not') {
    if (!isPlainObject(arg)) throw badValue('$not needs a document');
    const inner = Object.entries(withRegExp(arg)).map(([o, a]) => singleValueTest(o, a, options));
    return (v) => !inner.every((t) => t(v));
  }
  const leaf = leafFor(op, arg, options);
  return leaf.negate ? (v) => !leaf.test(v) : leaf.test;
}

function leafFor(op: string, arg: unknown, options: Options): Leaf {
  switch (op) {
    case '$eq':
      return { test: equalsTest(arg), elements: true };
    case '$ne':
      return { test: equalsTest(arg), elements: true, negate: true };
    case '$gt':
      return { test: rangeTest(arg, (c) => c > 0, false), elements: true };
    case '$gte':
      return { test: rangeTest(arg, (c) => c >= 0, true), elements: true };
    case '$lt':
      return { test: rangeTest(arg, (c) => c < 0, false), elements: true };
    case '$lte':
      return { test: rangeTest(arg, (c) => c <= 0, true), elements: true };
    case '$in':
      return { test: inTest(arg, '$in'), elements: true };
    case '$nin':
      return { test: inTest(arg, '$nin'), elements: true, negate: true };
    case '$exists': {
      // BSON truthiness: false, 0 and null mean "does not exist".
      const wanted = !(arg === false || arg === 0 || arg === null);
      return { test: (v) => v !== undefined, elements: false, negate: !wanted };
    }
    case '$type': {
      const test = typeTest(arg);
      return { test: (v) => v !== undefined && test(v), elements: true };
    }
    case '$size':
      return { test: sizeTest(arg), elements: false };
    case '$mod':
      return { test: modTest(arg), elements: true };
    case '$regex':
      return { test: regexTest(arg), elements: true };
    case '$elemMatch':
      return { test: elemMatchTest(arg, options), elements: false };
    default:
      throw new DbError(DbErrorCode.InvalidOperator, `unknown operator: ${op}`);
  }
}

/** Whether some value the path reaches (or, with `elements`, an element of it) passes the leaf's test. */
function anyReached(reached: readonly Reached[], { test, elements }: Leaf): boolean {
  for (const v of reached) {
    if (test(v)) return true;
    if (elements && Array.isArray(v)) for (const e of v) if (test(e)) return true;
  }
  return false;
}

function splitPath(selector: string): string[] {
  const parts = selector.split('.');
  // mingo refused this name at match time; refusing it here keeps the answer (BadValue) the same.
  if (parts.includes('__proto__')) throw badValue(`field path ${selector} uses the reserved name __proto__`);
  return parts;
}

/** Whether one reached value (or, with `elements`, one of its elements) passes the leaf's test. */
function passes(v: Reached, { test, elements }: Leaf): boolean {
  if (test(v)) return true;
  if (elements && Array.isArray(v)) for (const e of v) if (test(e)) return true;
  return false;
}

// A field of a JSON object as the matcher sees it: own fields only. Inherited names
// (constructor, toString, ...) are functions, which no JSON value is; `__proto__` is refused.
function field(value: JsonObject, name: string): Reached {
  const v = value[name];
  return typeof v === 'function' ? undefined : v;
}

function pathOperator(op: string): QueryOperator {
  return (selector, value, options) => {
    const leaf = leafFor(op, value, options);
    const parts = splitPath(selector);
    const first = parts[0] as string;
    // Most paths meet no array before their end: walk those directly, and hand a document to the
    // full walk (reach) only when an array is on the way.
    const matches = (doc: unknown): boolean => {
      let v: Reached = field(doc as JsonObject, first);
      for (let i = 1; i < parts.length; i++) {
        if (Array.isArray(v)) return anyReached(reach(doc as JsonObject, parts), leaf);
        v = isPlainObject(v) ? field(v, parts[i] as string) : undefined;
      }
      return passes(v, leaf);
    };
    return leaf.negate ? (doc) => !matches(doc) : matches;
  };
}

/** `$all`: every listed value is matched on its own (an equality, or a `$elemMatch`); an empty list matches nothing. */
const allOperator: QueryOperator = (selector, value, options) => {
  if (!Array.isArray(value)) throw badValue('$all needs an array');
  const parts = splitPath(selector);
  const leaves = (value as unknown[]).map((item) => {
    if (isPlainObject(item) && Object.keys(item)[0] === '$elemMatch') {
      if (Object.keys(item).length !== 1) throw badValue('$all/$elemMatch has to be consistent');
      return leafFor('$elemMatch', item.$elemMatch, options);
    }
    if (isPlainObject(item) && Object.keys(item).some((k) => k.startsWith('$'))) throw badValue('no $ expressions in $all');
    return leafFor('$eq', item, options);
  });
  if (leaves.length === 0) return () => false;
  return (doc) => {
    const reached = reach(doc as JsonObject, parts);
    return leaves.every((leaf) => anyReached(reached, leaf));
  };
};

/**
 * mpsync's field operators of MongoDB's query language, registered in place of mingo's so that
 * both evaluators walk paths, compare values and refuse arguments as MongoDB does: dotted paths
 * through arrays of subdocuments (a missing field inside an element counts as null), no
 * flattening of nested arrays, whole-array operands (`$in: [[0, 1]]`, `$gte: [1, 2]`), BSON type
 * order and field-order-sensitive document equality, `$mod` truncation, and `BadValue` for a
 * `$in` that is not an array, an unknown `$type`, a negative or fractional `$size`.
 */
export const MONGODB_QUERY_OPERATORS: Readonly<Record<string, QueryOperator>> = {
  ...Object.fromEntries(
    ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$type', '$size', '$mod', '$regex', '$elemMatch'].map((op) => [
      op,
      pathOperator(op),
    ]),
  ),
  $all: allOperator,
};
