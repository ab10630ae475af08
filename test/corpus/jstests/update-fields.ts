import type { JsonObject } from '../../../src/core/json';
import { updated } from '../helpers';
import type { CorpusCase } from '../types';
import { refuses, updates } from './update-helpers';

const W = (n: string) => `jstests/core/write/update/${n}.js`;

// One document, one update; `filter` selects it (the jstests often match with a positional condition).
const one = (source: string, name: string, before: JsonObject, update: JsonObject, after: JsonObject, filter: JsonObject = {}): CorpusCase =>
  updates(source, name, [before], filter, update, [after], { matched: 1, modified: JSON.stringify(before) === JSON.stringify(after) ? 0 : 1 });

const minMax: CorpusCase[] = [
  one(W('update_min_max_examples'), '$min with a smaller number', { _id: 1, a: 2 }, { $min: { a: 1 } }, { _id: 1, a: 1 }, { _id: 1 }),
  one(W('update_min_max_examples'), '$max with a smaller number changes nothing', { _id: 2, a: 2 }, { $max: { a: 1 } }, { _id: 2, a: 2 }, { _id: 2 }),
  one(
    W('update_min_max_examples'),
    '$max with a slightly bigger tiny number',
    { _id: 5, a: 1e-15 },
    { $max: { a: 0.000000000000001000000000000001 } },
    { _id: 5, a: 0.000000000000001000000000000001 },
    { _id: 5 },
  ),
  one(
    W('update_min_max_examples'),
    '$min with a slightly smaller tiny number',
    { _id: 6, a: 0.000000000000001000000000000001 },
    { $min: { a: 1e-15 } },
    { _id: 6, a: 1e-15 },
    { _id: 6 },
  ),
  one(
    W('update_min_max_examples'),
    '$max through the positional $',
    { _id: 7, y: [{ a: 2 }, { a: 6 }, { a: [9, 1, 1] }] },
    { $max: { 'y.$.a': 7 } },
    { _id: 7, y: [{ a: 2 }, { a: 7 }, { a: [9, 1, 1] }] },
    { _id: 7, 'y.a': 6 },
  ),
  one(
    W('update_min_max_examples'),
    '$min through the positional $',
    { _id: 8, y: [{ a: 2 }, { a: 6 }, { a: [9, 1, 1] }] },
    { $min: { 'y.$.a': 5 } },
    { _id: 8, y: [{ a: 2 }, { a: 5 }, { a: [9, 1, 1] }] },
    { _id: 8, 'y.a': 6 },
  ),
];

const mul: CorpusCase[] = [
  [10, 20],
  [-10, -20],
  [0, 0],
  [1.1, 2.2],
  [-0.1, -0.2],
].map(([by, result]) => one(W('update_mul_examples'), `$mul 2 by ${by}`, { _id: 1, a: 2 }, { $mul: { a: by as number } }, { _id: 1, a: result as number }));

const upsert = (
  name: string,
  filter: JsonObject,
  update: JsonObject,
  data: JsonObject[],
  after: JsonObject[],
  expect: Record<string, unknown>,
): CorpusCase => ({
  name: `update: ${name}`,
  source: W('update_setOnInsert'),
  data,
  op: 'updateOne',
  args: [filter, update, { upsert: true }],
  expect,
  after,
});
const setOnInsert: CorpusCase[] = [
  upsert('$setOnInsert with $inc on an insert', { _id: 5 }, { $inc: { x: 2 }, $setOnInsert: { a: 3 } }, [], [{ _id: 5, a: 3, x: 2 }], updated(0, 0, 5)),
  upsert('upsert with $set on a match', { _id: 5 }, { $set: { a: 4 } }, [{ _id: 5, a: 3, x: 2 }], [{ _id: 5, a: 4, x: 2 }], updated(1, 1)),
  upsert(
    '$setOnInsert ignored on a match',
    { _id: 5 },
    { $inc: { x: 2 }, $setOnInsert: { a: 3 } },
    [{ _id: 5, a: 4, x: 2 }],
    [{ _id: 5, a: 4, x: 4 }],
    updated(1, 1),
  ),
  upsert('$setOnInsert of a field inside the _id from the filter', { _id: 1 }, { $setOnInsert: { '_id.a': 'x' } }, [], [], { error: 'BadValue' }),
  upsert('$setOnInsert of another field inside a partial _id', { '_id.a': 4 }, { $setOnInsert: { '_id.b': 1 } }, [], [], { error: 'BadValue' }),
  upsert('$setOnInsert of a whole _id beside a partial _id in the filter', { '_id.a': 4 }, { $setOnInsert: { _id: { a: 4, b: 1 } } }, [], [], {
    error: 'BadValue',
  }),
];

const positional: CorpusCase[] = [
  one(
    W('update_arraymatch1'),
    '$set beside an array match',
    {
      _id: 1,
      a: [
        { x: 1, y: 1 },
        { x: 2, y: 2 },
        { x: 3, y: 3 },
      ],
    },
    { $set: { b: 5 } },
    {
      _id: 1,
      a: [
        { x: 1, y: 1 },
        { x: 2, y: 2 },
        { x: 3, y: 3 },
      ],
      b: 5,
    },
    { 'a.x': 2 },
  ),
  one(
    W('update_arraymatch1'),
    '$inc through the positional $',
    {
      _id: 1,
      a: [
        { x: 1, y: 1 },
        { x: 2, y: 2 },
        { x: 3, y: 3 },
      ],
    },
    { $inc: { 'a.$.y': 1 } },
    {
      _id: 1,
      a: [
        { x: 1, y: 1 },
        { x: 2, y: 3 },
        { x: 3, y: 3 },
      ],
    },
    { 'a.x': 2 },
  ),
  updates(
    W('update_arraymatch2'),
    '$inc x.$ on the one matching document',
    [{ _id: 1 }, { _id: 2, x: [1, 2, 3] }, { _id: 3, x: 99 }],
    { x: 2 },
    { $inc: { 'x.$': 1 } },
    [{ _id: 1 }, { _id: 2, x: [1, 3, 3] }, { _id: 3, x: 99 }],
    { matched: 1, modified: 1 },
  ),
  one(W('update_arraymatch2'), '$inc x.y.$', { _id: 4, x: { y: [8, 7, 6] } }, { $inc: { 'x.y.$': 1 } }, { _id: 4, x: { y: [8, 8, 6] } }, { 'x.y': 7 }),
  one(
    W('update_arraymatch2'),
    '$set y.$ from a match on x',
    { _id: 5, x: [90, 91, 92], y: ['a', 'b', 'c'] },
    { $set: { 'y.$': 'z' } },
    { _id: 5, x: [90, 91, 92], y: ['a', 'b', 'z'] },
    { x: 92 },
  ),
  one(
    W('update_arraymatch3'),
    '$inc comments.$.votes',
    {
      _id: 1,
      title: 'ABC',
      comments: [
        { by: 'joe', votes: 3 },
        { by: 'jane', votes: 7 },
      ],
    },
    { $inc: { 'comments.$.votes': 1 } },
    {
      _id: 1,
      title: 'ABC',
      comments: [
        { by: 'joe', votes: 4 },
        { by: 'jane', votes: 7 },
      ],
    },
    { 'comments.by': 'joe' },
  ),
  one(
    W('update_arraymatch4'),
    '$set arr.$ of a matched string',
    { _id: 1, arr: ['A1', 'B1', 'C1'] },
    { $set: { 'arr.$': 'A2' } },
    { _id: 1, arr: ['A2', 'B1', 'C1'] },
    { arr: 'A1' },
  ),
  one(
    W('update_arraymatch5'),
    '$set two fields through the positional $',
    { _id: 1, abc: { visible: true }, testarray: [{ foobar_id: 316, visible: true, xxx: 1 }] },
    { $set: { 'testarray.$.visible': true, 'testarray.$.xxx': 2 } },
    { _id: 1, abc: { visible: true }, testarray: [{ foobar_id: 316, visible: true, xxx: 2 }] },
    { 'testarray.foobar_id': 316 },
  ),
  one(
    W('update_arraymatch6'),
    '$set a.$.x to an array',
    {
      _id: 1,
      a: [
        { id: 1, x: [5, 6, 7] },
        { id: 2, x: [8, 9, 10] },
      ],
    },
    { $set: { 'a.$.x': [1, 1, 1] } },
    {
      _id: 1,
      a: [
        { id: 1, x: [1, 1, 1] },
        { id: 2, x: [8, 9, 10] },
      ],
    },
    { 'a.id': 1 },
  ),
  one(
    W('update_arraymatch7'),
    '$inc a.$.count',
    { _id: 1, a: [{ b: 'match', count: 0 }] },
    { $inc: { 'a.$.count': 1 } },
    { _id: 1, a: [{ b: 'match', count: 1 }] },
    { 'a.b': 'match' },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.$.name',
    { _id: 1, array: [{ name: 'old' }] },
    { $set: { 'array.$.name': 'new' } },
    { _id: 1, array: [{ name: 'new' }] },
    { 'array.name': 'old' },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.$ to a document',
    { _id: 1, array: [{ name: 'old' }] },
    { $set: { 'array.$': { name: 'new' } } },
    { _id: 1, array: [{ name: 'new' }] },
    { 'array.name': 'old' },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.0.name',
    { _id: 1, array: [{ name: 'old' }] },
    { $set: { 'array.0.name': 'new' } },
    { _id: 1, array: [{ name: 'new' }] },
    { 'array.name': 'old' },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.0 to a document',
    { _id: 1, array: [{ name: 'old' }] },
    { $set: { 'array.0': { name: 'new' } } },
    { _id: 1, array: [{ name: 'new' }] },
    { 'array.name': 'old' },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.12.name',
    { _id: 0, array: Array.from({ length: 20 }, () => ({ name: 'old' })) },
    { $set: { 'array.12.name': 'new' } },
    { _id: 0, array: Array.from({ length: 20 }, (_, i) => ({ name: i === 12 ? 'new' : 'old' })) },
    { _id: 0 },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.12 to a document',
    { _id: 0, array: Array.from({ length: 20 }, () => ({ name: 'old' })) },
    { $set: { 'array.12': { name: 'new' } } },
    { _id: 0, array: Array.from({ length: 20 }, (_, i) => ({ name: i === 12 ? 'new' : 'old' })) },
    { _id: 0 },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.$.123a.name',
    { _id: 1, array: [{ '123a': { name: 'old' } }] },
    { $set: { 'array.$.123a.name': 'new' } },
    { _id: 1, array: [{ '123a': { name: 'new' } }] },
    { 'array.123a.name': 'old' },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.$.123a',
    { _id: 1, array: [{ '123a': { name: 'old' } }] },
    { $set: { 'array.$.123a': { name: 'new' } } },
    { _id: 1, array: [{ '123a': { name: 'new' } }] },
    { 'array.123a.name': 'old' },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.0.123a.name',
    { _id: 1, array: [{ '123a': { name: 'old' } }] },
    { $set: { 'array.0.123a.name': 'new' } },
    { _id: 1, array: [{ '123a': { name: 'new' } }] },
    { 'array.123a.name': 'old' },
  ),
  one(
    W('update_arraymatch8'),
    '$set array.0.123a',
    { _id: 1, array: [{ '123a': { name: 'old' } }] },
    { $set: { 'array.0.123a': { name: 'new' } } },
    { _id: 1, array: [{ '123a': { name: 'new' } }] },
    { 'array.123a.name': 'old' },
  ),
  one(
    W('update_arraymatch8'),
    '$set a.0.0.b in an array of arrays',
    { _id: 1, a: [[{ b: 'old' }]] },
    { $set: { 'a.0.0.b': 'new' } },
    { _id: 1, a: [[{ b: 'new' }]] },
  ),
  one(
    W('update_arraymatch8'),
    '$set a.0.b.0.c',
    { _id: 1, a: [{ b: [{ c: 'old' }] }] },
    { $set: { 'a.0.b.0.c': 'new' } },
    { _id: 1, a: [{ b: [{ c: 'new' }] }] },
  ),
  one(W('update_arraymatch8'), '$set a whole subdocument', { _id: 1, a: { b: 'old' } }, { $set: { a: { b: 'new' } } }, { _id: 1, a: { b: 'new' } }),
  {
    name: 'find: a.0.b after $set a.0.0.b matches through the array of arrays',
    source: W('update_arraymatch8'),
    data: [{ _id: 1, a: [[{ b: 'new' }]] }],
    op: 'count',
    args: [{ 'a.0.b': 'new' }],
    expect: { affectedDocs: 1, result: 1 },
  },
];

const mulErrors: CorpusCase[] = [refuses(W('update_mul_examples'), '$mul of a string field', [{ _id: 1, a: 'x' }], {}, { $mul: { a: 2 } })];

/** Field update operator cases: $min, $max, $mul, $setOnInsert, positional $. */
export const fieldUpdateCases: CorpusCase[] = [...minMax, ...mul, ...mulErrors, ...setOnInsert, ...positional];
