import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { refuses, updates } from './update-helpers';

const W = (n: string) => `jstests/core/write/update/${n}.js`;

const one = (source: string, name: string, before: JsonObject, update: JsonObject, after: JsonObject, filter: JsonObject = {}): CorpusCase =>
  updates(source, name, [before], filter, update, [after], { matched: 1, modified: JSON.stringify(before) === JSON.stringify(after) ? 0 : 1 });

const twelve = Array.from({ length: 12 }, (_, i) => i);
const actual: JsonObject = { key1: 'val1', key2: 'val2', '001': 'val3', '002': 'val4', '0020000000000000000000': 'val5' };
const profile = (more: JsonObject = {}, top: JsonObject = {}): JsonObject => ({ _id: 1, actual: { ...actual, ...more }, 'profile-id': 'test', ...top });

const numericPaths: CorpusCase[] = [
  one(
    W('updatea'),
    '$set a.0.x in an array of documents',
    {
      _id: 1,
      a: [
        { x: 1, y: 2 },
        { x: 10, y: 11 },
      ],
    },
    { $set: { 'a.0.x': 3 } },
    {
      _id: 1,
      a: [
        { x: 3, y: 2 },
        { x: 10, y: 11 },
      ],
    },
  ),
  one(
    W('updatea'),
    '$set a.1.z adds a field to an element',
    {
      _id: 1,
      a: [
        { x: 3, y: 2 },
        { x: 10, y: 11 },
      ],
    },
    { $set: { 'a.1.z': 17 } },
    {
      _id: 1,
      a: [
        { x: 3, y: 2 },
        { x: 10, y: 11, z: 17 },
      ],
    },
  ),
  one(
    W('updatea'),
    '$unset a.1.y removes a field of an element',
    {
      _id: 1,
      a: [
        { x: 3, y: 2 },
        { x: 10, y: 11, z: 17 },
      ],
    },
    { $unset: { 'a.1.y': 1 } },
    {
      _id: 1,
      a: [
        { x: 3, y: 2 },
        { x: 10, z: 17 },
      ],
    },
  ),
  one(
    W('updatea'),
    '$inc and $push inside one element',
    { _id: 1, comments: [{ name: 'blah', rate_up: 0, rate_ups: [] }] },
    { $inc: { 'comments.0.rate_up': 1 }, $push: { 'comments.0.rate_ups': 99 } },
    { _id: 1, comments: [{ name: 'blah', rate_up: 1, rate_ups: [99] }] },
  ),
  one(W('updatea'), '$inc a.0', { _id: 1, a: twelve }, { $inc: { 'a.0': 1 } }, { _id: 1, a: twelve.map((n, i) => (i === 0 ? n + 1 : n)) }),
  one(W('updatea'), '$inc a.10', { _id: 1, a: twelve }, { $inc: { 'a.10': 1 } }, { _id: 1, a: twelve.map((n, i) => (i === 10 ? n + 1 : n)) }),
  one(W('updatea'), '$inc a.c000 beside a.c00', { _id: 1, a: { c00: 1 }, c: 2 }, { $inc: { 'a.c000': 1 } }, { _id: 1, a: { c00: 1, c000: 1 }, c: 2 }, { c: 2 }),
  one(
    W('updatee'),
    '$set a field named by a huge number',
    profile(),
    { $set: { 'actual.0030000000000000000000': 'val6' } },
    profile({ '0030000000000000000000': 'val6' }),
    { 'profile-id': 'test' },
  ),
  one(W('updatee'), '$set 02 beside 002', profile(), { $set: { 'actual.02': 'v4' } }, profile({ '02': 'v4' }), { 'profile-id': 'test' }),
  one(
    W('updatee'),
    '$set under a field named by a huge number',
    profile(),
    { $set: { 'actual.2139043290148390248219423941.b': 4 } },
    profile({ '2139043290148390248219423941': { b: 4 } }),
    { _id: 1 },
  ),
  one(
    W('updatee'),
    '$set a top-level field named by a huge number',
    profile(),
    { $set: { '7213647182934612837492342341': 1 } },
    profile({}, { '7213647182934612837492342341': 1 }),
    { _id: 1 },
  ),
  one(W('updatee'), '$set 000', profile(), { $set: { 'actual.000': 'val000' } }, profile({ '000': 'val000' }), { _id: 1 }),
  one(W('updatee'), '$set 00 beside 000', profile({ '000': 'val000' }), { $set: { 'actual.00': 'val00' } }, profile({ '000': 'val000', '00': 'val00' }), {
    _id: 1,
  }),
  one(
    W('updatee'),
    '$set 000 to its own value',
    profile({ '000': 'val000', '00': 'val00' }),
    { $set: { 'actual.000': 'val000' } },
    profile({ '000': 'val000', '00': 'val00' }),
    { _id: 1 },
  ),
  one(W('updatee'), '$set 01 beside 000', profile({ '000': 'val000' }), { $set: { 'actual.01': 'val01' } }, profile({ '000': 'val000', '01': 'val01' }), {
    _id: 1,
  }),
  ...['0..', '0..0', '.0', '..0', '0.0..0'].map((path) =>
    refuses(W('updatee'), `$set of the path ${JSON.stringify(path)}`, [profile()], { _id: 1 }, { $set: { [path]: 'val01' } }),
  ),
  one(
    W('updatek'),
    '$set two fields under the field "1"',
    { _id: 0, '1': {}, '01': {} },
    { $set: { '1.b': 1, '1.c': 2 } },
    { _id: 0, '1': { b: 1, c: 2 }, '01': {} },
  ),
  one(
    W('updatek'),
    '$set under "1" and under "01"',
    { _id: 0, '1': {}, '01': {} },
    { $set: { '1.b': 1, '01.c': 2 } },
    { _id: 0, '1': { b: 1 }, '01': { c: 2 } },
  ),
  {
    name: 'update: upsert from a dotted filter with $inc',
    source: W('updateb'),
    data: [],
    op: 'findOneAndUpdate',
    args: [{ 'x.y': 2 }, { $inc: { a: 7 } }, { upsert: true, returnNewDocument: true, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: { a: 7, x: { y: 2 } } },
  },
];

const positional: CorpusCase[] = [
  {
    name: 'update fails: upsert with a positional path and no array match',
    source: W('updatel'),
    data: [],
    op: 'updateOne',
    args: [{}, { $set: { 'a.$.b': 1 } }, { upsert: true }],
    expect: { error: 'BadValue' },
    after: [],
  },
  refuses(W('updatel'), 'a positional path without an array match', [{ _id: 0 }], {}, { $set: { 'a.$.b': 1 } }),
  refuses(W('updatel'), 'a positional path with a filter on _id only', [{ _id: 0 }], { _id: 0 }, { $set: { 'a.$.b': 1 } }),
  refuses(W('updatel'), 'two positional $ in one path', [{ _id: 0, a: [{ b: { c: 1 } }] }], { 'a.b.c': 1 }, { $set: { 'a.$.b.$.c': 2 } }),
  one(
    W('updatel'),
    'positional $ from a $regex match',
    { _id: 1, arr: [{ a: 'z', b: 1 }] },
    { $set: { 'arr.$.b': 2 } },
    { _id: 1, arr: [{ a: 'z', b: 2 }] },
    { 'arr.a': { $regex: '^z$' } },
  ),
  one(
    W('updatel'),
    'positional $ from a $regex match on the third element',
    {
      _id: 1,
      arr: [
        { a: 'z', b: 1 },
        { a: 'abc', b: 2 },
        { a: 'lmn', b: 3 },
      ],
    },
    { $inc: { 'arr.$.b': 2 } },
    {
      _id: 1,
      arr: [
        { a: 'z', b: 1 },
        { a: 'abc', b: 2 },
        { a: 'lmn', b: 5 },
      ],
    },
    { 'arr.a': { $regex: 'l' } },
  ),
];

const SET7 = 'jstests/core/set7.js';
const eleven = Array.from({ length: 11 }, (_, i) => i);
const arrayIndexes: CorpusCase[] = [
  one(SET7, '$set a.0 of an array', { _id: 1, a: [0, 1, 2, 3] }, { $set: { 'a.0': 2 } }, { _id: 1, a: [2, 1, 2, 3] }),
  one(SET7, '$set a.4 appends', { _id: 1, a: [2, 1, 2, 3] }, { $set: { 'a.4': 5 } }, { _id: 1, a: [2, 1, 2, 3, 5] }),
  one(SET7, '$set a.9 pads with null', { _id: 1, a: [2, 1, 2, 3, 5] }, { $set: { 'a.9': 9 } }, { _id: 1, a: [2, 1, 2, 3, 5, null, null, null, null, 9] }),
  one(
    SET7,
    '$set a.9 and a.7 pad around both',
    { _id: 1, a: [0, 1, 2, 3] },
    { $set: { 'a.9': 9, 'a.7': 7 } },
    { _id: 1, a: [0, 1, 2, 3, null, null, null, 7, null, 9] },
  ),
  one(SET7, '$set a.11 after ten elements', { _id: 1, a: eleven }, { $set: { 'a.11': 11 } }, { _id: 1, a: [...eleven, 11] }),
  one(SET7, '$set a.0 on a missing field makes a document', { _id: 1 }, { $set: { 'a.0': 4 } }, { _id: 1, a: { '0': 4 } }),
  {
    name: 'update: upsert from a filter on a.0 makes a document',
    source: SET7,
    data: [],
    op: 'findOneAndUpdate',
    args: [{ 'a.0': 4 }, { $set: { b: 1 } }, { upsert: true, returnNewDocument: true, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: { a: { '0': 4 }, b: 1 } },
  },
  refuses(SET7, '$set a.f on an array', [{ _id: 1, a: [] }], {}, { $set: { 'a.f': 1 } }),
  one(SET7, '$set a.11 and a.2 together', { _id: 1, a: eleven }, { $set: { 'a.11': 11, 'a.2': -2 } }, { _id: 1, a: [0, 1, -2, ...eleven.slice(3), 11] }),
  one(SET7, '$set two fields of a missing element', { _id: 1, a: [] }, { $set: { 'a.2.b': 1, 'a.2.c': 1 } }, { _id: 1, a: [null, null, { b: 1, c: 1 }] }),
  {
    name: 'update: upsert from a whole-array filter with $set a.11',
    source: SET7,
    data: [],
    op: 'findOneAndUpdate',
    args: [{ a: eleven }, { $set: { 'a.11': 11 } }, { upsert: true, returnNewDocument: true, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: { a: [...eleven, 11] } },
  },
];

const PUSH = 'jstests/core/push.js';
const INC = 'jstests/core/inc1.js';
const pushPop: CorpusCase[] = [
  one(PUSH, '$push 2 onto [1]', { _id: 2, a: [1] }, { $push: { a: 2 } }, { _id: 2, a: [1, 2] }, { _id: 2 }),
  one(PUSH, '$push 3 onto [1, 2]', { _id: 2, a: [1, 2] }, { $push: { a: 3 } }, { _id: 2, a: [1, 2, 3] }, { _id: 2 }),
  one(PUSH, '$pop 1 of [1, 2, 3]', { _id: 2, a: [1, 2, 3] }, { $pop: { a: 1 } }, { _id: 2, a: [1, 2] }, { _id: 2 }),
  one(PUSH, '$pop -1 of [1, 2]', { _id: 2, a: [1, 2] }, { $pop: { a: -1 } }, { _id: 2, a: [2] }, { _id: 2 }),
  one(PUSH, '$pop -1 of [2, 3, 4, 5]', { _id: 2, a: [2, 3, 4, 5] }, { $pop: { a: -1 } }, { _id: 2, a: [3, 4, 5] }, { _id: 2 }),
  one(PUSH, '$pop -1 of the last element', { _id: 2, a: [5] }, { $pop: { a: -1 } }, { _id: 2, a: [] }, { _id: 2 }),
  one(PUSH, '$pop -1 of an empty array', { _id: 2, a: [] }, { $pop: { a: -1 } }, { _id: 2, a: [] }, { _id: 2 }),
  one(PUSH, '$pop 1 of an empty array', { _id: 2, a: [] }, { $pop: { a: 1 } }, { _id: 2, a: [] }, { _id: 2 }),
  one(PUSH, '$pop -1 of a missing field', { _id: 2, a: [] }, { $pop: { b: -1 } }, { _id: 2, a: [] }, { _id: 2 }),
  one(PUSH, '$pop 1 of a missing field', { _id: 2, a: [] }, { $pop: { b: 1 } }, { _id: 2, a: [] }, { _id: 2 }),
  one(INC, '$inc by 1', { _id: 1, x: 1 }, { $inc: { x: 1 } }, { _id: 1, x: 2 }, { _id: 1 }),
  updates(INC, '$inc of a missing _id matches nothing', [{ _id: 1, x: 3 }], { _id: 2 }, { $inc: { x: 1 } }, [{ _id: 1, x: 3 }], { matched: 0 }),
  one(INC, '$inc by 2', { _id: 1, x: 3 }, { $inc: { x: 2 } }, { _id: 1, x: 5 }, { _id: 1 }),
  one(INC, '$inc by -1', { _id: 1, x: 5 }, { $inc: { x: -1 } }, { _id: 1, x: 4 }, { _id: 1 }),
];

/** Update cases on numeric, numeric-looking and positional paths. */
export const pathUpdateCases: CorpusCase[] = [...numericPaths, ...positional, ...arrayIndexes, ...pushPop];
