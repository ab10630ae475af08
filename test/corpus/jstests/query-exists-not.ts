import type { CorpusCase } from '../types';
import { casesFrom } from './query-helpers';

const EXISTS = 'jstests/core/query/exists/exists.js';
const exists = casesFrom(EXISTS, 'exists', [
  { _id: 1 },
  { _id: 2, a: 1 },
  { _id: 3, a: { b: 1 } },
  { _id: 4, a: { b: { c: 1 } } },
  { _id: 5, a: { b: { c: { d: null } } } },
]);
const existsArray = casesFrom(EXISTS, 'exists through an array', [{ _id: 1, r: [{ s: 1 }] }]);

const EXISTS9 = 'jstests/core/query/exists/exists9.js';
const emptyObject = casesFrom(EXISTS9, 'exists9 empty subdocument', [{ _id: 1, a: {} }]);
const emptyArray = casesFrom(EXISTS9, 'exists9 empty array', [{ _id: 1 }, { _id: 2, a: [] }]);
const indexInEmptyArray = casesFrom(EXISTS9, 'exists9 index of an empty array', [
  { _id: 1, a: { 0: 1 } },
  { _id: 2, a: [] },
]);

const EXISTSA = 'jstests/core/query/exists/existsa.js';
const existsa = casesFrom(EXISTSA, 'existsa', [{ _id: 1 }, { _id: 2, a: 1 }, { _id: 3, a: { x: 1 }, b: 1 }]);
const existsaElem = casesFrom(EXISTSA, 'existsa $elemMatch', [
  { _id: 1, a: [{}] },
  { _id: 2, a: [{ b: 1 }] },
  { _id: 3, a: [{ b: [1] }] },
]);

const NOT2 = 'jstests/core/query/not/not2.js';
const letters = casesFrom(NOT2, 'not2 strings', [
  { _id: 1, i: 'a' },
  { _id: 2, i: 'b' },
]);
const one = casesFrom(NOT2, 'not2 number', [{ _id: 1, i: 1 }]);
const pair = casesFrom(NOT2, 'not2 array', [{ _id: 1, i: ['a', 'b'] }]);
const subdocs = casesFrom(NOT2, 'not2 subdocuments', [
  { _id: 1, i: [{ j: 'a' }] },
  { _id: 2, i: [{ j: 'b' }] },
]);

/** `$exists` (true, false, through arrays, empty arrays) and `$not` around every operator. */
export const existsNotCases: CorpusCase[] = [
  exists.count({}, 5),
  exists.count({ a: null }, 1),
  exists.count({ 'a.b': null }, 2),
  exists.count({ 'a.b.c': null }, 3),
  exists.count({ 'a.b.c.d': null }, 5),
  exists.count({ a: { $ne: null } }, 4),
  exists.count({ 'a.b': { $ne: null } }, 3),
  exists.count({ 'a.b.c': { $ne: null } }, 2),
  exists.count({ 'a.b.c.d': { $ne: null } }, 0),
  exists.count({ a: { $exists: true } }, 4),
  exists.count({ 'a.b': { $exists: true } }, 3),
  exists.count({ 'a.b.c': { $exists: true } }, 2),
  exists.count({ 'a.b.c.d': { $exists: true } }, 1),
  exists.count({ a: { $exists: false } }, 1),
  exists.count({ 'a.b': { $exists: false } }, 2),
  exists.count({ 'a.b.c': { $exists: false } }, 3),
  exists.count({ 'a.b.c.d': { $exists: false } }, 4),
  existsArray.find({ 'r.s': { $exists: true } }, [1]),
  existsArray.find({ 'r.s': { $exists: false } }, []),
  existsArray.find({ 'r.t': { $exists: true } }, []),
  existsArray.find({ 'r.t': { $exists: false } }, [1]),

  emptyObject.count({ 'a.b': { $exists: false } }, 1),
  emptyObject.count({ 'a.b': { $exists: true } }, 0),
  emptyArray.count({ a: { $exists: true } }, 1),
  emptyArray.count({ a: { $exists: false } }, 1),
  indexInEmptyArray.find({ 'a.0': { $exists: true } }, [1]),
  indexInEmptyArray.find({ 'a.0': { $exists: false } }, [2]),

  existsa.count({ a: { $exists: false } }, 1),
  existsa.count({ a: { $not: { $exists: true } } }, 1),
  existsa.count({ $and: [{ a: { $exists: false } }] }, 1),
  existsa.count({ $or: [{ a: { $exists: false } }] }, 1),
  existsa.count({ $nor: [{ a: { $exists: true } }] }, 1),
  existsa.count({ 'a.x': { $exists: false } }, 2),
  existsa.count({ b: { $exists: false } }, 2),
  existsa.count({ b: { $exists: false }, a: { $ne: 6 } }, 2),
  existsa.count({ b: { $not: { $exists: true } } }, 2),
  existsa.count({ a: { $exists: true } }, 2),
  existsa.count({ a: { $exists: true }, $and: [{ a: { $ne: null } }] }, 2),
  existsa.count({ $nor: [{ a: { $exists: false } }] }, 2),
  existsa.count({ $nor: [{ 'a.x': { $exists: false } }] }, 1),
  existsa.count({ a: { $not: { $exists: false } } }, 2),
  existsa.count({ $nor: [{ b: { $exists: false } }] }, 1),
  existsa.count({ $or: [{ a: { $exists: true } }] }, 2),
  existsaElem.count({ a: { $elemMatch: { b: { $exists: false } } } }, 1),
  existsaElem.count({ a: { $elemMatch: { b: { $exists: true } } } }, 2),
  existsaElem.count({ 'a.b': { $elemMatch: { $not: { $exists: false } } } }, 1),
  existsaElem.count({ 'a.b': { $elemMatch: { $gt: 0, $not: { $exists: false } } } }, 1),

  letters.fails('find', { i: { $not: { $not: 'a' } } }, 'BadValue'),
  letters.find({ i: { $not: { $not: { $gt: 'a' } } } }, [2]),
  letters.fails('find', { i: { $not: 'a' } }, 'BadValue'),
  letters.fails('find', { i: { $not: { $ref: 'foo' } } }, 'InvalidOperator'),
  letters.fails('find', { i: { $not: {} } }, 'BadValue'),
  letters.find({ i: { $gt: 'a' } }, [2]),
  letters.find({ i: { $not: { $gt: 'a' } } }, [1]),
  letters.find({ i: { $not: { $ne: 'a' } } }, [1]),
  letters.find({ i: { $not: { $gte: 'b' } } }, [1]),
  letters.find({ i: { $exists: true } }, [1, 2]),
  letters.find({ i: { $not: { $exists: true } } }, []),
  letters.find({ j: { $not: { $exists: false } } }, []),
  letters.find({ j: { $not: { $exists: true } } }, [1, 2]),
  letters.find({ i: { $not: { $in: ['a'] } } }, [2]),
  letters.find({ i: { $not: { $in: ['a', 'b'] } } }, []),
  letters.find({ i: { $not: { $in: ['g'] } } }, [1, 2]),
  letters.find({ i: { $not: { $nin: ['a'] } } }, [1]),
  letters.find({ i: { $not: { $regex: 'a' } } }, [2]),
  letters.find({ i: { $not: { $regex: 'A', $options: 'i' } } }, [2]),
  letters.find({ i: { $not: { $regex: '[ab]' } } }, []),
  letters.find({ i: { $not: { $regex: '^foo' } } }, [1, 2]),
  letters.fails('find', { i: { $not: { $options: 'a' } } }, 'BadValue'),
  letters.find({ i: { $type: 2 } }, [1, 2]),
  letters.find({ i: { $not: { $type: 1 } } }, [1, 2]),
  letters.find({ i: { $not: { $type: 2 } } }, []),
  one.find({ i: { $not: { $mod: [5, 1] } } }, []),
  one.find({ i: { $mod: [5, 2] } }, []),
  one.find({ i: { $not: { $mod: [5, 2] } } }, [1]),
  pair.find({ i: { $not: { $size: 2 } } }, []),
  pair.find({ i: { $not: { $size: 3 } } }, [1]),
  pair.find({ i: { $not: { $gt: 'a' } } }, []),
  pair.find({ i: { $not: { $gt: 'c' } } }, [1]),
  pair.find({ i: { $not: { $all: ['a', 'b'] } } }, []),
  pair.find({ i: { $not: { $all: ['c'] } } }, [1]),
  subdocs.find({ i: { $not: { $elemMatch: { j: 'a' } } } }, [2]),
  subdocs.find({ i: { $not: { $elemMatch: { j: 'f' } } } }, [1, 2]),
];
