import type { JsonObject, JsonValue } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { casesFrom } from './query-helpers';

const numbered = (docs: readonly JsonObject[]): JsonObject[] => docs.map((d, i) => ({ _id: i + 1, ...d }));

// Decimal, NaN and Infinity have no JSON form: those documents and arguments are left out.
const MOD = 'jstests/core/query/mod/mod.js';
const large = casesFrom(MOD, 'mod beyond int', [
  { _id: 1, a: 4000000000 },
  { _id: 2, a: 15000000000 },
  { _id: 3, a: -4000000000 },
  { _id: 4, a: -15000000000 },
  { _id: 5, a: 4000000000.12345 },
  { _id: 6, a: 15000000000.12345 },
  { _id: 7, a: -4000000000.12345 },
  { _id: 8, a: -15000000000.12345 },
]);
const truncated = casesFrom(MOD, 'mod truncation', [
  { _id: 1, a: 4.2 },
  { _id: 2, a: 4.5 },
  { _id: 3, a: 4.7 },
]);
const basicModDocs: JsonObject[] = [
  { _id: 1, str: 'abc123', a: 0 },
  { _id: 2, str: 'xyz123', a: 5 },
  { _id: 3, str: 'ijk123', a: 12 },
  { _id: 4, s: 'array', a: [0, 7] },
  { _id: 5, s: 'array', a: [1, 7] },
  { _id: 6, s: 'array', a: [-5] },
];
const basicMod = casesFrom(MOD, 'mod', basicModDocs);
const nestedMod = casesFrom(MOD, 'mod nested', [
  ...basicModDocs,
  { _id: 7, arr: [1, [2, 3], [[4]]] },
  { _id: 8, arr: [{ b: [1, 2, 3] }, { b: [5] }] },
  { _id: 9, arr: [{ b: [-1] }, { b: [5] }] },
  { _id: 10, arr: 'string' },
]);
const MOD_SPECIAL = 'jstests/core/query/mod/mod_special_values.js';
const special = casesFrom(MOD_SPECIAL, 'mod special values', [
  { _id: 1, attribute: 14.5 },
  { _id: 2, attribute: 14.50001 },
  { _id: 3, attribute: 15.01 },
  { _id: 7, attribute: 24 },
  { _id: 8, attribute: 34 },
]);
const tooLarge = casesFrom(MOD_SPECIAL, 'mod special values, dividend too large', [{ _id: 1, attribute: -1e19 }]);

const TYPE_ARRAY = 'jstests/core/query/type/type_array.js';
const typeArray = casesFrom(TYPE_ARRAY, 'type_array', [
  { _id: 1, a: [1, 2, 3] },
  { _id: 2, a: [1, 'foo', 3] },
  { _id: 3, a: [] },
  { _id: 4, a: [[]] },
  { _id: 5, a: [[[]]] },
  { _id: 6, a: 1 },
  { _id: 7, a: 'foo' },
]);
const typeArrayErrors = casesFrom(TYPE_ARRAY, 'type_array errors', [{ _id: 3, a: 'str' }, { _id: 4, a: [] }, { _id: 6 }]);
const TYPE_MISSING = 'jstests/core/query/type/type_operator_on_missing_values.js';
const typeMissing = casesFrom(TYPE_MISSING, 'type on a missing field', [{ _id: 0 }, { _id: 1, b: 123 }]);
const BSON_TYPES = [
  'double',
  'string',
  'object',
  'array',
  'binData',
  'undefined',
  'objectId',
  'bool',
  'date',
  'null',
  'regex',
  'dbPointer',
  'javascript',
  'symbol',
  'javascriptWithScope',
  'int',
  'timestamp',
  'long',
  'decimal',
  'minKey',
  'maxKey',
];

const IN = 'jstests/core/query/in/in.js';
const in1 = casesFrom(IN, 'in', [
  { _id: 1, a: 1 },
  { _id: 2, a: 2 },
]);
// The regular expressions of this test cannot travel through the SDK; its other queries are kept.
const MIXED = 'jstests/core/query/in/in_with_mixed_values.js';
const mixed = casesFrom(
  MIXED,
  'in with mixed values',
  numbered([
    { x: 1 },
    { x: 2 },
    { x: 3 },
    { x: 'ab' },
    { x: 'ac' },
    { x: 'ad' },
    { x: [1] },
    { x: [1, 2] },
    { x: [1, 'ab'] },
    { x: ['ac', 2] },
    { x: { y: 1 } },
    { x: { y: 'ab' } },
    { x: { y: [99, { z: 1 }] } },
    { x: 1, y: { z: 1 } },
    { x: 1, y: { z: 2 } },
    { x: 1, y: { z: 3 } },
    { x: 2, y: { z: 'ab' } },
    { x: 2, y: { z: 'ac' } },
    { x: 2, y: { z: 'ad' } },
  ]),
);

const ALL = 'jstests/core/query/all/all.js';
const allBase: JsonObject[] = numbered([{ a: [1, 2, 3] }, { a: [1, 2, 4] }, { a: [1, 8, 5] }, { a: [1, 8, 6] }, { a: [1, 9, 7] }, { a: [] }, {}]);
const all0 = casesFrom(ALL, 'all', allBase);
const all1 = casesFrom(ALL, 'all +[2,2]', [...allBase, { _id: 8, a: [2, 2] }]);
const all2 = casesFrom(ALL, 'all +[[2]]', [...allBase, { _id: 8, a: [2, 2] }, { _id: 9, a: [[2]] }]);
const all3Docs = [...allBase, { _id: 8, a: [2, 2] }, { _id: 9, a: [[2]] }, { _id: 10, a: [{ b: [10, 11] }, 11] }];
const all3 = casesFrom(ALL, 'all +subdocument', all3Docs);
const all4 = casesFrom(ALL, 'all +a.b', [...all3Docs, { _id: 11, a: { b: [20, 30] } }]);
const ALL2 = 'jstests/core/query/all/all2.js';
const all2Sub = casesFrom(ALL2, 'all2 subdocuments', numbered([{ a: [{ x: 1 }, { x: 2 }] }, { a: [{ x: 2 }, { x: 3 }] }, { a: [{ x: 3 }, { x: 4 }] }]));
const all2Num = casesFrom(ALL2, 'all2 numbers', numbered([{ a: [1, 2] }, { a: [2, 3] }, { a: [3, 4] }]));
const all2Names = casesFrom(ALL2, 'all2 names', [{ _id: 1, name: ['harry', 'jack', 'tom'] }]);
const ALL3 = 'jstests/core/query/all/all3.js';
const all3Missing = casesFrom(ALL3, 'all3 missing', [{ _id: 1 }]);
const all3One = casesFrom(ALL3, 'all3 number', [{ _id: 1, foo: 1 }]);
const all3Pair = casesFrom(ALL3, 'all3 array', [{ _id: 1, foo: [0, 1] }]);
const all3Empty = casesFrom(ALL3, 'all3 empty array', [{ _id: 1, foo: [] }]);

const inAndAll = (c: ReturnType<typeof casesFrom>, path: string, counts: ReadonlyArray<readonly [string, JsonValue[], number]>): CorpusCase[] =>
  counts.map(([op, list, n]) => c.count({ [path]: { [op]: list } }, n));

/** `$mod`, `$type`, `$in`, `$all`: arguments, arrays, nested arrays and dotted paths, errors. */
export const operatorCases: CorpusCase[] = [
  large.find({ a: { $mod: [4000000000, 0] } }, [1, 3, 5, 7]),
  large.find({ a: { $mod: [-4000000000, 0] } }, [1, 3, 5, 7]),
  large.find({ a: { $mod: [10000000000, 5000000000] } }, [2, 6]),
  large.find({ a: { $mod: [10000000000, -5000000000] } }, [4, 8]),
  large.find({ a: { $mod: [-10000000000, 5000000000] } }, [2, 6]),
  large.find({ a: { $mod: [-10000000000, -5000000000] } }, [4, 8]),
  truncated.find({ a: { $mod: [4, 0] } }, [1, 2, 3]),
  basicMod.count({ a: { $mod: [-10, -5] } }, 1),
  basicMod.count({ a: { $mod: [4, -1] } }, 1),
  basicMod.count({ a: { $mod: [5, 0] } }, 4),
  basicMod.count({ a: { $mod: [12, 0] } }, 3),
  basicMod.count({ a: { $mod: [12, 1] } }, 1),
  nestedMod.count({ arr: { $mod: [1, 0] } }, 1),
  nestedMod.count({ arr: { $mod: [4, 0] } }, 0),
  nestedMod.count({ 'arr.b': { $mod: [3, 0] } }, 1),
  nestedMod.count({ 'arr.b': { $mod: [5, 0] } }, 2),
  nestedMod.count({ 'arr.b.c': { $mod: [5, 0] } }, 0),
  nestedMod.count({ a: { $mod: [1, 0] } }, 6),
  nestedMod.count({ a: { $mod: [5, 2.1] } }, 3),
  nestedMod.count({ a: { $mod: [5.001, 2.1] } }, 3),
  nestedMod.count({ a: { $mod: [7, 1] } }, 1),
  nestedMod.count({ str: { $mod: [10, 1] } }, 0),
  nestedMod.count({ s: { $mod: [10, 1] } }, 0),
  nestedMod.count({ noField: { $mod: [10, 1] } }, 0),
  basicMod.fails('find', { a: { $mod: [0, 1] } }, 'BadValue'),
  basicMod.fails('find', { a: { $mod: [0, 0] } }, 'BadValue'),
  basicMod.fails('find', { a: { $mod: [0.001, 1.001] } }, 'BadValue', ' (the divisor truncates to 0)'),
  basicMod.fails('find', { a: { $mod: [1, 0, 0] } }, 'BadValue'),
  basicMod.fails('find', { a: { $mod: [0.1] } }, 'BadValue'),
  basicMod.fails('find', { a: { $mod: [10, 1, 1] } }, 'BadValue'),
  basicMod.fails('find', { a: { $mod: [10] } }, 'BadValue'),
  basicMod.fails('find', { a: { $mod: ['a', 0] } }, 'BadValue'),
  basicMod.fails('find', { a: { $mod: ['a', 'b'] } }, 'BadValue'),
  special.fails('find', { attribute: { $mod: [1e19, 1] } }, 'BadValue'),
  special.fails('find', { attribute: { $mod: [1, 1e19] } }, 'BadValue'),
  tooLarge.find({ attribute: { $mod: [1, 0] } }, []),
  special.find({ attribute: { $mod: [10, 4] } }, [1, 2, 7, 8]),

  typeArray.find({ a: { $type: 'number' } }, [1, 2, 6]),
  typeArray.find({ a: { $type: 'string' } }, [2, 7]),
  typeArray.find({ a: { $type: 'array' } }, [1, 2, 3, 4, 5]),
  typeArray.find({ 'a.0': { $type: 'array' } }, [4, 5]),
  typeArray.find({ 'a.0.0': { $type: 'array' } }, [5]),
  typeArrayErrors.fails('find', { a: { $type: ['string', null] } }, 'BadValue'),
  typeArrayErrors.fails('find', { a: { $type: [{}, 'string'] } }, 'BadValue'),
  typeArrayErrors.find({ a: { $type: ['string', 'array'] } }, [3, 4]),
  typeArrayErrors.find({ a: { $type: ['array', 2, 'array', 2] } }, [3, 4]),
  ...BSON_TYPES.flatMap((type) => [typeMissing.find({ a: { $type: type } }, []), typeMissing.find({ a: { $not: { $type: type } } }, [0, 1])]),

  in1.fails('find', { a: { $in: { x: 1 } } }, 'BadValue'),
  in1.fails('find', { a: { $in: 1 } }, 'BadValue'),
  in1.count({ a: { $in: [1] } }, 1),
  in1.count({ a: { $in: [2] } }, 1),
  in1.count({ a: { $in: [1, 2] } }, 2),
  in1.count({ a: { $in: [] } }, 0),
  in1.count({ a: { $gt: 1, $in: [2] } }, 1),
  mixed.count({ 'x.y': { $in: [1, 2] } }, 1),
  mixed.count({ x: { $in: [{ y: 1 }] } }, 1),
  mixed.count({ x: { $in: [{ z: 1 }] } }, 0),
  mixed.count({ x: { $in: [{ y: 99 }] } }, 0),
  mixed.count({ 'x.y': { $in: [{ z: 10 }, { z: 1 }] } }, 1),
  mixed.count({ 'x.y': { $in: [{ z: 10 }, { z: 11 }] } }, 0),
  mixed.count({ 'y.z': { $in: ['ab', 'ac', 'ad', 1, 2, 3] } }, 6),
  mixed.count({ 'y.z': { $in: ['ac', 'ad', 1, 2, 3] } }, 5),
  mixed.count({ 'y.z': { $in: ['ad', 1, 2, 3] } }, 4),
  mixed.count({ 'y.z': { $in: ['foo', 999] } }, 0),

  all0.count({ a: { $all: [1] } }, 5),
  all0.count({ a: { $all: [1, 2] } }, 2),
  all0.count({ a: { $all: [1, 8] } }, 2),
  all0.count({ a: { $all: [1, 3] } }, 1),
  all0.count({ a: { $all: [2] } }, 2),
  all0.count({ a: { $all: [2, 3] } }, 1),
  all0.count({ a: { $all: [2, 1] } }, 2),
  all1.count({ a: { $all: [2, 2] } }, 3),
  all2.count({ a: { $all: [2] } }, 3),
  all3.count({ 'a.b': { $all: [10] } }, 1),
  all3.count({ 'a.b': { $all: [20] } }, 0),
  all3.count({ a: { $all: [11] } }, 1),
  all4.count({ 'a.b': { $all: [20] } }, 1),
  all4.count({ 'a.b': { $all: [20, 30] } }, 1),
  all4.count({ a: { $all: [1] } }, 5),
  all4.count({ a: { $all: [19] } }, 0),
  all4.count({ a: { $all: [] } }, 0),
  ...inAndAll(all2Sub, 'a.x', [
    ['$in', [1], 1],
    ['$in', [2], 2],
    ['$in', [1, 2], 2],
    ['$in', [2, 3], 3],
    ['$in', [1, 3], 3],
    ['$all', [1, 2], 1],
    ['$all', [2, 3], 1],
    ['$all', [1, 3], 0],
  ]),
  ...inAndAll(all2Num, 'a', [
    ['$in', [1], 1],
    ['$in', [2], 2],
    ['$in', [1, 2], 2],
    ['$in', [2, 3], 3],
    ['$in', [1, 3], 3],
    ['$all', [1, 2], 1],
    ['$all', [2, 3], 1],
    ['$all', [1, 3], 0],
  ]),
  all2Names.count({ name: { $all: ['harry', 'john'] } }, 0),
  all3Missing.count({ foo: { $in: [null] } }, 1),
  all3Missing.count({ foo: { $all: [null] } }, 1),
  all3Missing.count({ foo: { $not: { $all: [null] } } }, 0),
  all3Missing.count({ foo: { $not: { $in: [null] } } }, 0),
  all3One.count({ foo: { $in: [null] } }, 0),
  all3One.count({ foo: { $all: [null] } }, 0),
  all3One.count({ foo: { $not: { $in: [null] } } }, 1),
  all3One.count({ foo: { $not: { $all: [null] } } }, 1),
  all3Pair.count({ foo: { $in: [[0, 1]] } }, 1),
  all3Pair.count({ foo: { $all: [[0, 1]] } }, 1),
  all3Empty.count({ foo: { $in: [[]] } }, 1),
  all3Empty.count({ foo: { $all: [[]] } }, 1),
];
