import { DbError, DbErrorCode } from '../../core/db-error';
import type { JsonValue } from '../../core/json';

/** MongoDB's `$type` aliases and numeric codes, and what each means for a JSON wire value. */
type TypeTest = (value: JsonValue) => boolean;

const isNumber: TypeTest = (v) => typeof v === 'number';
// The SDK's JSON numbers reach MongoDB through the Node driver, which stores an integer in the
// 32-bit range as an int and every other number as a double; no JSON value becomes a long or a decimal.
const isInt: TypeTest = (v) => typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;
const isDouble: TypeTest = (v) => typeof v === 'number' && !isInt(v);
const never: TypeTest = () => false;
const isString: TypeTest = (v) => typeof v === 'string';
const isObject: TypeTest = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isArray: TypeTest = (v) => Array.isArray(v);
const isBool: TypeTest = (v) => typeof v === 'boolean';
const isNull: TypeTest = (v) => v === null;

const BY_ALIAS: ReadonlyMap<string, TypeTest> = new Map([
  ['double', isDouble],
  ['string', isString],
  ['object', isObject],
  ['array', isArray],
  ['binData', never],
  ['undefined', never],
  ['objectId', never],
  ['bool', isBool],
  ['date', never],
  ['null', isNull],
  ['regex', never],
  ['dbPointer', never],
  ['javascript', never],
  ['symbol', never],
  ['javascriptWithScope', never],
  ['int', isInt],
  ['timestamp', never],
  ['long', never],
  ['decimal', never],
  ['minKey', never],
  ['maxKey', never],
  ['number', isNumber],
]);

const BY_CODE: ReadonlyMap<number, TypeTest> = new Map([
  [1, isDouble],
  [2, isString],
  [3, isObject],
  [4, isArray],
  [5, never],
  [6, never],
  [7, never],
  [8, isBool],
  [9, never],
  [10, isNull],
  [11, never],
  [12, never],
  [13, never],
  [14, never],
  [15, never],
  [16, isInt],
  [17, never],
  [18, never],
  [19, never],
  [-1, never],
  [127, never],
]);

function one(spec: unknown): TypeTest {
  if (typeof spec === 'string') {
    const test = BY_ALIAS.get(spec);
    if (!test) throw new DbError(DbErrorCode.BadValue, `Unknown type name alias: ${spec}`);
    return test;
  }
  if (typeof spec === 'number') {
    const test = Number.isInteger(spec) ? BY_CODE.get(spec) : undefined;
    if (!test) throw new DbError(DbErrorCode.BadValue, `Invalid numerical type code: ${spec}`);
    return test;
  }
  throw new DbError(DbErrorCode.BadValue, 'type must be represented as a number or a string');
}

/**
 * The test behind `$type: spec` (one alias or code, or an array of them), with MongoDB's errors
 * for an unknown alias, an invalid code or an empty list.
 *
 * @throws `BadValue`
 * @example
 * typeTest('number')(3); // true
 */
export function typeTest(spec: unknown): TypeTest {
  if (!Array.isArray(spec)) return one(spec);
  if (spec.length === 0) throw new DbError(DbErrorCode.BadValue, '$type must match at least one type');
  const tests = (spec as unknown[]).map(one);
  return (v) => tests.some((t) => t(v));
}
