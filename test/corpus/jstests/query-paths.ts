import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { casesFrom } from './query-helpers';

const MATCH1 = 'jstests/core/query/array/array_match1.js';
const top = casesFrom(MATCH1, 'array_match1 top-level', [
  { _id: 1, a: [5, 5] },
  { _id: 2, a: [6, 6] },
  { _id: 3, a: [5, 5] },
]);
const dotted = casesFrom(MATCH1, 'array_match1 dotted', [
  { _id: 1, a: { b: [5, 5] } },
  { _id: 2, a: { b: [6, 6] } },
  { _id: 3, a: { b: [5, 5] } },
]);

const MATCH2 = 'jstests/core/query/array/array_match2.js';
const numericKey = casesFrom(MATCH2, 'array_match2 last segment', [{ _id: 1, a: [{ 1: 4 }, 5] }]);
const numericMid = casesFrom(MATCH2, 'array_match2 middle segment', [{ _id: 1, a: [{ 1: { foo: 4 } }, { foo: 5 }] }]);
const numericExists = casesFrom(MATCH2, 'array_match2 $exists', [{ _id: 1, a: [{ 1: { foo: 4 } }, {}] }]);
const MATCH3 = 'jstests/core/query/array/array_match3.js';
const match3 = casesFrom(MATCH3, 'array_match3', [
  { _id: 1, a: { 0: 5 } },
  { _id: 2, a: [5] },
]);

// The test's regular expressions travel as $regex strings (the SDK sends a RegExp as {}).
const ARRAY4 = 'jstests/core/query/array/array4.js';
const array4a = casesFrom(ARRAY4, 'array4 index 0', [
  { _id: 0, a: ['1', '2', '3'] },
  { _id: 1, a: ['2', '1'] },
]);
const array4b = casesFrom(ARRAY4, 'array4 index 0 of an object', [
  { _id: 2, a: { 0: '1' } },
  { _id: 3, a: ['2', '1'] },
]);
const array4c = casesFrom(ARRAY4, 'array4 index 12', [
  { _id: 4, a: ['0', '1', '2', '3', '4', '5', '6', '1', '1', '1', '2', '3', '2', '1'] },
  { _id: 5, a: ['2', '1'] },
]);

const FIND1 = 'jstests/core/query/array/arrayfind1.js';
const find1Base: JsonObject[] = [
  { _id: 1, a: [{ x: 1 }] },
  { _id: 2, a: [{ x: 1, y: 2, z: 1 }] },
  { _id: 3, a: [{ x: 1, y: 1, z: 3 }] },
];
const find1 = casesFrom(FIND1, 'arrayfind1', find1Base);
const find1More = casesFrom(FIND1, 'arrayfind1 more', [...find1Base, { _id: 4, a: [{ x: 2 }] }, { _id: 5, a: [{ x: 3 }] }, { _id: 6, a: [{ x: 4 }] }]);

const FIND5 = 'jstests/core/query/array/arrayfind5.js';
const find5Missing = casesFrom(FIND5, 'arrayfind5 element without the field', [{ _id: 1, a: [{}, { b: 1 }] }]);
const find5Scalar = casesFrom(FIND5, 'arrayfind5 scalar element', [{ _id: 1, a: [5, { b: 1 }] }]);
const FIND6 = 'jstests/core/query/array/arrayfind6.js';
const find6 = casesFrom(FIND6, 'arrayfind6', [{ _id: 1, a: [{ b: 1, c: 2 }] }]);
const FIND9 = 'jstests/core/query/array/arrayfind9.js';
const find9 = (what: string, a: JsonObject['a']) => casesFrom(FIND9, `arrayfind9 ${what}`, [{ _id: 1, a }]);
const FINDA = 'jstests/core/query/array/arrayfinda.js';
const finda = casesFrom(FINDA, 'arrayfinda', [
  { _id: 1, a: [{ b: 1 }] },
  { _id: 2, a: { b: 1 } },
]);

const AND = 'jstests/core/query/and/and.js';
const and = casesFrom(AND, 'and', [
  { _id: 1, a: [1, 2] },
  { _id: 2, a: 'foo' },
]);

const REGEX_ERROR = 'jstests/core/query/regex/regex_error.js';
const regexError = casesFrom(REGEX_ERROR, 'regex_error', [{ _id: 1, a: 'abc' }]);

/** Dotted paths with numeric segments, arrays of arrays, `$and`, invalid regular expressions. */
export const pathCases: CorpusCase[] = [
  top.count({ a: [5, 5] }, 2),
  top.count({ a: [6, 6] }, 1),
  dotted.count({ 'a.b': [5, 5] }, 2),
  dotted.count({ 'a.b': [6, 6] }, 1),
  numericKey.count({ 'a.1': 4 }, 1),
  numericKey.count({ 'a.1': 5 }, 1),
  numericMid.count({ 'a.1.foo': 4 }, 1),
  numericMid.count({ 'a.1.foo': 5 }, 1),
  numericExists.count({ 'a.1': { $exists: true } }, 1),
  numericExists.count({ 'a.1.foo': { $exists: true } }, 1),
  match3.count({ 'a.0': 5 }, 2),
  array4a.find({ 'a.0': { $regex: '1' } }, [0]),
  array4b.find({ 'a.0': { $regex: '1' } }, [2]),
  array4c.find({ 'a.12': { $regex: '2' } }, [4]),

  find1.count({}, 3),
  find1.count({ 'a.y': 2 }, 1),
  find1.count({ a: { x: 1 } }, 1),
  find1.count({ a: { $elemMatch: { x: 1 } } }, 3),
  find1More.count({ a: { $elemMatch: { x: 2 } } }, 1),
  find1More.count({ a: { $elemMatch: { x: { $gt: 2 } } } }, 2),
  find1More.count({ 'a.x': 1 }, 3),
  find1More.count({ 'a.x': { $gt: 1 } }, 3),
  find1More.count({ a: { $ne: 2, $elemMatch: { x: { $gt: 2 } } } }, 2),
  find5Missing.count({ 'a.b': 1 }, 1),
  find5Missing.count({ a: { $elemMatch: { b: 1 } } }, 1),
  find5Missing.count({ 'a.b': null }, 1),
  find5Missing.count({ a: { $elemMatch: { b: null } } }, 1),
  find5Scalar.count({ 'a.b': 1 }, 1),
  find5Scalar.count({ a: { $elemMatch: { b: 1 } } }, 1),
  find5Scalar.count({ 'a.b': null }, 1),
  find5Scalar.count({ a: { $elemMatch: { b: null } } }, 0),
  find6.count({ a: { $elemMatch: { b: 1, c: 2 } } }, 1),
  find6.count({ a: { $not: { $elemMatch: { b: 1, c: 2 } } } }, 0),
  find6.count({ a: { $not: { $elemMatch: { b: 1, c: 3 } } } }, 1),
  find6.count({ a: { $not: { $elemMatch: { b: { $ne: 1 }, c: 3 } } } }, 1),
  find6.count({ a: { $not: { $elemMatch: { b: { $ne: 2 }, c: 3 } } } }, 1),
  find9('[1]', [1]).count({ a: { $elemMatch: { $not: { $ne: 1 } } } }, 1),
  find9('[{}]', [{}]).count({ a: { $elemMatch: { $gte: {} } } }, 1),
  find9('[[]]', [[]]).count({ a: { $elemMatch: { $in: [[]] } } }, 1),
  find9('[["x"]]', [['x']]).count({ a: { $elemMatch: { 0: 'x' } } }, 1),
  find9('[{b: [0, 2]}]', [{ b: [0, 2] }]).count({ a: { $elemMatch: { b: { $gte: 1, $lte: 1 } } } }, 1),
  finda.find({ a: { $elemMatch: { b: { $gte: 1 } } } }, [1]),
  finda.find({ a: { $elemMatch: { b: 1 } } }, [1]),

  and.fails('find', { $and: 4 }, 'BadValue'),
  and.fails('find', { $and: [] }, 'BadValue'),
  and.fails('find', { $and: [4] }, 'BadValue'),
  and.count({ $and: [{ a: 1 }] }, 1),
  and.count({ $and: [{ a: 1 }, { a: 2 }] }, 1),
  and.count({ $and: [{ a: 1 }, { a: 3 }] }, 0),
  and.count({ $and: [{ a: 1 }, { a: 2 }, { a: 3 }] }, 0),
  and.count({ $and: [{ a: 'foo' }] }, 1),
  and.count({ $and: [{ a: 'foo' }, { a: 'g' }] }, 0),
  and.count({ a: 2, $and: [{ a: 1 }] }, 1),
  and.count({ a: 0, $and: [{ a: 1 }] }, 0),
  and.count({ a: 2, $and: [{ a: 0 }] }, 0),
  and.count({ a: 1, $and: [{ a: 1 }] }, 1),
  and.count({ a: 2, $and: [{ $and: [{ a: 1 }] }] }, 1),
  and.count({ a: 0, $and: [{ $and: [{ a: 1 }] }] }, 0),
  and.count({ a: 2, $and: [{ $and: [{ a: 0 }] }] }, 0),
  and.count({ a: 1, $and: [{ $and: [{ a: 1 }] }] }, 1),
  and.count({ $and: [{ a: 2 }, { $and: [{ a: 1 }] }] }, 1),
  and.count({ $and: [{ a: 0 }, { $and: [{ a: 1 }] }] }, 0),
  and.count({ $and: [{ a: 2 }, { $and: [{ a: 0 }] }] }, 0),
  and.count({ $and: [{ a: 1 }, { $and: [{ a: 1 }] }] }, 1),
  and.count({ $and: [{ a: { $regex: 'foo' } }] }, 1),
  and.count({ $and: [{ a: { $regex: 'foo' } }, { a: { $regex: '^f' } }, { a: { $regex: 'o' } }] }, 1),
  and.count({ $and: [{ a: { $regex: 'foo' } }, { a: { $regex: '^g' } }] }, 0),
  and.count({ $and: [{ a: { $regex: '^f' } }, { a: 'foo' }] }, 1),
  and.count({ $and: [{ a: { $regex: '^F' } }, { a: 'foo' }] }, 0),
  and.count({ $and: [{ a: { $regex: '^F', $options: 'i' } }, { a: 'foo' }] }, 1),
  and.count({ $and: [{ a: { $gt: 0 } }] }, 1),
  and.find({ a: 1, $and: [{ a: 2 }] }, [1]),
  and.find({ $and: [{ a: 1 }, { a: 2 }] }, [1]),

  regexError.fails('find', { a: { $regex: '[)' } }, 'BadValue'),
  regexError.fails('find', { a: { $regex: 'ab\u0000c' } }, 'BadValue', ' (a null byte in the pattern)'),
  regexError.fails('find', { a: { $regex: 'ab', $options: '\u0000i' } }, 'BadValue', ' (a null byte in the options)'),
];
