import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { refuses, updates } from './update-helpers';

const W = (n: string) => `jstests/core/write/update/${n}.js`;
const C = (n: string) => `jstests/core/${n}.js`;

// Each step of a jstest that updates one document again and again is a case of its own, starting
// from the state the step before left.
const step = (source: string, name: string, before: JsonObject, update: JsonObject, after: JsonObject, filter: JsonObject = {}): CorpusCase =>
  updates(source, name, [before], filter, update, [after], { matched: 1, modified: JSON.stringify(before) === JSON.stringify(after) ? 0 : 1 });

// mpsync stores no field name that starts with `$`, at any depth (docs/emulator.md, known differences).
const dollarField = (c: CorpusCase, before: JsonObject): CorpusCase => ({
  ...c,
  compat: { note: 'field names starting with $ are refused at every depth', expect: { error: 'BadValue' }, after: [before] },
});

const addToSet: CorpusCase[] = [
  step(W('update_addToSet'), '$addToSet adds a new value', { _id: 1, a: [2, 1] }, { $addToSet: { a: 3 } }, { _id: 1, a: [2, 1, 3] }),
  step(W('update_addToSet'), '$addToSet of a present value changes nothing', { _id: 1, a: [2, 1, 3] }, { $addToSet: { a: 3 } }, { _id: 1, a: [2, 1, 3] }),
  step(
    W('update_addToSet'),
    '$addToSet $each adds the absent values',
    { _id: 1, a: [2, 1, 3] },
    { $addToSet: { a: { $each: [3, 5, 6] } } },
    { _id: 1, a: [2, 1, 3, 5, 6] },
  ),
  step(
    W('update_addToSet'),
    '$addToSet $each of present values changes nothing',
    { _id: 1, a: [3, 5, 6] },
    { $addToSet: { a: { $each: [3, 5, 6] } } },
    { _id: 1, a: [3, 5, 6] },
  ),
  {
    name: 'update: upsert with $addToSet $each makes the array',
    source: W('update_addToSet'),
    data: [],
    op: 'updateOne',
    args: [{ _id: 1 }, { $addToSet: { a: { $each: [3, 5, 6] } } }, { upsert: true }],
    expect: { affectedDocs: 1, result: { matchedCount: 0, modifiedCount: 0, upsertedId: 1 } },
    after: [{ _id: 1, a: [3, 5, 6] }],
  },
  {
    name: 'update: upsert with $addToSet of one value',
    source: W('update_addToSet'),
    data: [],
    op: 'updateOne',
    args: [{ _id: 2 }, { $addToSet: { a: 3 } }, { upsert: true }],
    expect: { affectedDocs: 1, result: { matchedCount: 0, modifiedCount: 0, upsertedId: 2 } },
    after: [{ _id: 2, a: [3] }],
  },
  {
    name: 'update: upsert with $addToSet $each keeps each value once',
    source: W('update_addToSet'),
    data: [],
    op: 'updateOne',
    args: [{ _id: 1 }, { $addToSet: { a: { $each: [1, 2, 1, 2] } } }, { upsert: true }],
    expect: { affectedDocs: 1, result: { matchedCount: 0, modifiedCount: 0, upsertedId: 1 } },
    after: [{ _id: 1, a: [1, 2] }],
  },
  {
    name: 'update: upsert with $addToSet $each of distinct values',
    source: W('update_addToSet'),
    data: [],
    op: 'updateOne',
    args: [{ _id: 1 }, { $addToSet: { a: { $each: [1, 2] } } }, { upsert: true }],
    expect: { affectedDocs: 1, result: { matchedCount: 0, modifiedCount: 0, upsertedId: 1 } },
    after: [{ _id: 1, a: [1, 2] }],
  },
  step(
    W('update_addToSet'),
    '$addToSet $each with repeats on a missing field',
    { _id: 1 },
    { $addToSet: { a: { $each: [1, 2, 2, 1] } } },
    { _id: 1, a: [1, 2] },
    { _id: 1 },
  ),
  step(
    W('update_addToSet'),
    '$addToSet $each with repeats adds each new value once',
    { _id: 1, a: [1, 2] },
    { $addToSet: { a: { $each: [3, 2, 2, 3, 3] } } },
    { _id: 1, a: [1, 2, 3] },
    { _id: 1 },
  ),
  dollarField(
    step(
      W('update_addToSet'),
      '$addToSet of a document with a $-prefixed field',
      { _id: 1, a: [1, 2] },
      { $addToSet: { a: { b: { $bad: 'bad' } } } },
      { _id: 1, a: [1, 2, { b: { $bad: 'bad' } }] },
    ),
    { _id: 1, a: [1, 2] },
  ),
  step(
    W('update_addToSet'),
    '$addToSet of a document with an array _id',
    { _id: 1, a: [1, 2] },
    { $addToSet: { a: { _id: ['foo', 'bar', 'baz'] } } },
    { _id: 1, a: [1, 2, { _id: ['foo', 'bar', 'baz'] }] },
  ),
  step(
    W('update_addToSet2'),
    '$addToSet makes an array of documents',
    { _id: 1 },
    { $addToSet: { kids: { name: 'Bob', age: '4' } } },
    { _id: 1, kids: [{ name: 'Bob', age: '4' }] },
  ),
  step(
    W('update_addToSet2'),
    '$addToSet adds a second document',
    { _id: 1, kids: [{ name: 'Bob', age: '4' }] },
    { $addToSet: { kids: { name: 'Dan', age: '2' } } },
    {
      _id: 1,
      kids: [
        { name: 'Bob', age: '4' },
        { name: 'Dan', age: '2' },
      ],
    },
  ),
  step(
    W('update_addToSet3'),
    '$addToSet $each on a missing field keeps the order',
    { _id: 1 },
    { $addToSet: { a: { $each: [6, 5, 4] } } },
    { _id: 1, a: [6, 5, 4] },
    { _id: 1 },
  ),
  step(
    W('update_addToSet3'),
    '$addToSet $each appends in order',
    { _id: 1, a: [6, 5, 4] },
    { $addToSet: { a: { $each: [3, 2, 1] } } },
    { _id: 1, a: [6, 5, 4, 3, 2, 1] },
    { _id: 1 },
  ),
  step(
    W('update_addToSet3'),
    '$addToSet $each skips present values',
    { _id: 1, a: [6, 5, 4, 3, 2, 1] },
    { $addToSet: { a: { $each: [4, 7, 9, 2] } } },
    { _id: 1, a: [6, 5, 4, 3, 2, 1, 7, 9] },
    { _id: 1 },
  ),
  step(
    W('update_addToSet3'),
    '$addToSet $each drops a repeat inside the list',
    { _id: 1, a: [6, 5, 4, 3, 2, 1, 7, 9] },
    { $addToSet: { a: { $each: [12, 13, 12] } } },
    { _id: 1, a: [6, 5, 4, 3, 2, 1, 7, 9, 12, 13] },
    { _id: 1 },
  ),
  refuses(W('update_addToSet3'), '$addToSet $each of a number', [{ _id: 1, a: [6] }], { _id: 1 }, { $addToSet: { a: { $each: 0 } } }),
  refuses(W('update_addToSet3'), '$addToSet $each of a document', [{ _id: 1, a: [6] }], { _id: 1 }, { $addToSet: { a: { $each: { a: 1 } } } }),
];

const pop: CorpusCase[] = [
  ...[0, -2, 2.5, 1.1].map((n) => refuses(W('update_modifier_pop'), `$pop with ${n}`, [{ _id: 0 }], { _id: 0 }, { $pop: { 'a.b': n } })),
  refuses(W('update_modifier_pop'), '$pop with a nested document', [{ _id: 0 }], { _id: 0 }, { $pop: { a: { b: 1 } } }),
  step(W('update_modifier_pop'), '$pop of a missing path is a no-op', { _id: 0 }, { $pop: { 'a.b': 1 } }, { _id: 0 }),
  step(W('update_modifier_pop'), '$pop of a partly missing path is a no-op', { _id: 0, a: { c: 1 } }, { $pop: { 'a.b': 1 } }, { _id: 0, a: { c: 1 } }),
  refuses(W('update_modifier_pop'), '$pop through a scalar', [{ _id: 0, a: { b: 1 } }], { _id: 0 }, { $pop: { 'a.b.c': 1 } }),
  refuses(W('update_modifier_pop'), '$pop through an array', [{ _id: 0, a: { b: [1, 2] } }], { _id: 0 }, { $pop: { 'a.b.c': 1 } }),
  refuses(W('update_modifier_pop'), '$pop of a document', [{ _id: 0, a: { b: { c: 1 } } }], { _id: 0 }, { $pop: { 'a.b': 1 } }),
  step(W('update_modifier_pop'), '$pop of an empty array is a no-op', { _id: 0, a: { b: [] } }, { $pop: { 'a.b': 1 } }, { _id: 0, a: { b: [] } }),
  step(
    W('update_modifier_pop'),
    '$pop 1 removes the last element of a.b',
    { _id: 0, a: { b: [1, 2, 3] } },
    { $pop: { 'a.b': 1 } },
    { _id: 0, a: { b: [1, 2] } },
  ),
  step(W('update_modifier_pop'), '$pop -1 removes the first element of a.b', { _id: 0, a: { b: [1, 2] } }, { $pop: { 'a.b': -1 } }, { _id: 0, a: { b: [2] } }),
  step(
    W('update_modifier_pop'),
    '$pop through the positional $',
    { _id: 0, a: [{ b: [1, 2, 3] }, { b: [4, 5, 6] }] },
    { $pop: { 'a.$.b': 1 } },
    { _id: 0, a: [{ b: [1, 2, 3] }, { b: [4, 5] }] },
    { _id: 0, 'a.b': 5 },
  ),
  updates(
    W('update_modifier_pop'),
    '$pop through arrayFilters',
    [{ _id: 0, a: [{ b: [1, 2] }, { b: [4, 5] }, { b: [2, 3] }] }],
    { _id: 0 },
    { $pop: { 'a.$[i].b': -1 } },
    [{ _id: 0, a: [{ b: [2] }, { b: [4, 5] }, { b: [3] }] }],
    { matched: 1, modified: 1, options: { arrayFilters: [{ 'i.b': 2 }] } },
  ),
  step(W('update_modifier_pop'), '$pop of a nested array', { _id: 0, a: [1, [2, 3, 4]] }, { $pop: { 'a.1': 1 } }, { _id: 0, a: [1, [2, 3]] }),
  step(
    W('update_modifier_pop'),
    '$pop past the end of an array is a no-op',
    { _id: 0, a: [{ b: 0 }, { b: 1 }] },
    { $pop: { 'a.2.b': 1 } },
    { _id: 0, a: [{ b: 0 }, { b: 1 }] },
  ),
];

const PUSH_SORT = C('push_sort');
const pushSort: CorpusCase[] = [
  step(
    PUSH_SORT,
    '$push $sort with a $slice too large to act',
    { _id: 1, x: [{ a: 1 }, { a: 2 }] },
    { $push: { x: { $each: [{ a: 3 }], $slice: -5, $sort: { a: 1 } } } },
    { _id: 1, x: [{ a: 1 }, { a: 2 }, { a: 3 }] },
  ),
  step(
    PUSH_SORT,
    '$push $sort then $slice over old and new values',
    { _id: 2, x: [{ a: 1 }, { a: 3 }] },
    { $push: { x: { $each: [{ a: 2 }], $slice: -2, $sort: { a: 1 } } } },
    { _id: 2, x: [{ a: 2 }, { a: 3 }] },
  ),
  step(
    PUSH_SORT,
    '$push $sort descending',
    { _id: 3, x: [{ a: 1 }, { a: 3 }] },
    { $push: { x: { $each: [{ a: 2 }], $slice: -5, $sort: { a: -1 } } } },
    { _id: 3, x: [{ a: 3 }, { a: 2 }, { a: 1 }] },
  ),
  step(
    PUSH_SORT,
    '$push $sort descending then $slice',
    { _id: 4, x: [{ a: 1 }, { a: 3 }] },
    { $push: { x: { $each: [{ a: 2 }], $slice: -2, $sort: { a: -1 } } } },
    { _id: 4, x: [{ a: 2 }, { a: 1 }] },
  ),
  step(
    PUSH_SORT,
    '$push $sort by one field of several',
    {
      _id: 5,
      x: [
        { a: 1, b: 2 },
        { a: 3, b: 1 },
      ],
    },
    { $push: { x: { $each: [{ a: 2, b: 3 }], $slice: -2, $sort: { b: 1 } } } },
    {
      _id: 5,
      x: [
        { a: 1, b: 2 },
        { a: 2, b: 3 },
      ],
    },
  ),
  step(
    PUSH_SORT,
    '$push $sort by a dotted path',
    { _id: 6, x: [{ a: { b: 2 } }, { a: { b: 1 } }] },
    { $push: { x: { $each: [{ a: { b: 3 } }], $slice: -5, $sort: { 'a.b': 1 } } } },
    { _id: 6, x: [{ a: { b: 1 } }, { a: { b: 2 } }, { a: { b: 3 } }] },
  ),
  step(
    PUSH_SORT,
    '$push $sort by a dotted path then $slice',
    { _id: 7, x: [{ a: { b: 2 } }, { a: { b: 1 } }] },
    { $push: { x: { $each: [{ a: { b: 3 } }], $slice: -2, $sort: { 'a.b': 1 } } } },
    { _id: 7, x: [{ a: { b: 2 } }, { a: { b: 3 } }] },
  ),
  dollarField(
    step(
      PUSH_SORT,
      '$push of a document whose only field is $sort pushes it',
      { _id: 8, x: [{ a: 1 }, { a: 2 }] },
      { $push: { x: { $sort: { a: -1 } } } },
      { _id: 8, x: [{ a: 1 }, { a: 2 }, { $sort: { a: -1 } }] },
    ),
    { _id: 8, x: [{ a: 1 }, { a: 2 }] },
  ),
  step(
    PUSH_SORT,
    '$push $each of a number with $sort by a field',
    { _id: 100, x: [{ a: 1 }] },
    { $push: { x: { $each: [2], $slice: -2, $sort: { a: 1 } } } },
    { _id: 100, x: [2, { a: 1 }] },
  ),
  step(
    PUSH_SORT,
    '$push $each of a document and a number with $sort',
    { _id: 100, x: [{ a: 1 }] },
    { $push: { x: { $each: [{ a: 2 }, 1], $slice: -2, $sort: { a: 1 } } } },
    { _id: 100, x: [{ a: 1 }, { a: 2 }] },
  ),
  refuses(
    PUSH_SORT,
    '$push $sort with an empty pattern',
    [{ _id: 100, x: [{ a: 1 }] }],
    { _id: 100 },
    { $push: { x: { $each: [{ a: 2 }], $slice: -2, $sort: {} } } },
  ),
  step(
    PUSH_SORT,
    '$push with a positive $slice keeps the front',
    { _id: 100, x: [{ a: 1 }] },
    { $push: { x: { $each: [{ a: 2 }], $slice: 2, $sort: { a: 1 } } } },
    { _id: 100, x: [{ a: 1 }, { a: 2 }] },
  ),
  refuses(
    PUSH_SORT,
    '$push with a fractional $slice',
    [{ _id: 100, x: [{ a: 1 }] }],
    { _id: 100 },
    { $push: { x: { $each: [{ a: 2 }], $slice: -2.1, $sort: { a: 1 } } } },
  ),
  refuses(
    PUSH_SORT,
    '$push $sort with a direction of -2',
    [{ _id: 100, x: [{ a: 1 }] }],
    { _id: 100 },
    { $push: { x: { $each: [{ a: 2 }], $slice: -2, $sort: { a: -2 } } } },
  ),
  step(
    PUSH_SORT,
    '$push $sort 1 sorts the values themselves',
    { _id: 100, x: [{ a: 1 }] },
    { $push: { x: { $each: [{ a: 2 }], $slice: -2, $sort: 1 } } },
    { _id: 100, x: [{ a: 1 }, { a: 2 }] },
  ),
  refuses(
    PUSH_SORT,
    '$push $sort by "a."',
    [{ _id: 100, x: [{ a: 1 }] }],
    { _id: 100 },
    { $push: { x: { $each: [{ a: 2 }], $slice: -2, $sort: { 'a.': 1 } } } },
  ),
  refuses(
    PUSH_SORT,
    '$push $sort by an empty path',
    [{ _id: 100, x: [{ a: 1 }] }],
    { _id: 100 },
    { $push: { x: { $each: [{ a: 2 }], $slice: -2, $sort: { '': 1 } } } },
  ),
  refuses(
    PUSH_SORT,
    '$push with an unknown modifier',
    [{ _id: 100, x: [{ a: 1 }] }],
    { _id: 100 },
    { $push: { x: { $each: [{ a: 2 }], $slice: -2, $xxx: { s: 1 } } } },
  ),
  // The jstest's last update (a $sort by field over [1, 'foo', { a: 2 }]) ties 1 and 'foo', which
  // MongoDB may leave in either order: left out.
];

const pull: CorpusCase[] = [
  step(C('pull'), '$pull of a present value', { _id: 1, a: [1, 2, 3] }, { $pull: { a: 2 } }, { _id: 1, a: [1, 3] }),
  step(C('pull'), '$pull of an absent value is a no-op', { _id: 1, a: [1, 3] }, { $pull: { a: 6 } }, { _id: 1, a: [1, 3] }),
  step(C('pull'), '$pull of the last element leaves an empty array', { _id: 1, a: [2] }, { $pull: { a: 2 } }, { _id: 1, a: [] }),
  step(C('pull'), '$pull of a missing dotted path creates nothing', { _id: 1, m: 1 }, { $pull: { 'a.b': [1] } }, { _id: 1, m: 1 }, { m: 1 }),
  step(C('pull'), '$pull of another missing dotted path creates nothing', { _id: 1, m: 1 }, { $pull: { 'x.y': [1] } }, { _id: 1, m: 1 }, { m: 1 }),
  step(
    C('pull2'),
    '$pull by a document matches elements that contain it',
    { _id: 1, a: [{ x: 1 }, { x: 1, b: 2 }] },
    { $pull: { a: { x: 1 } } },
    { _id: 1, a: [] },
  ),
  step(
    C('pull2'),
    '$pullAll of a document removes only equal elements',
    { _id: 1, a: [{ x: 1 }, { x: 1, b: 2 }] },
    { $pullAll: { a: [{ x: 1 }] } },
    { _id: 1, a: [{ x: 1, b: 2 }] },
  ),
  step(
    C('pull2'),
    '$pull with a condition on a field of the elements',
    {
      _id: 1,
      a: [
        { x: 1, b: 2 },
        { x: 2, b: 2 },
        { x: 3, b: 2 },
        { x: 4, b: 2 },
      ],
    },
    { $pull: { a: { x: { $lt: 3 } } } },
    {
      _id: 1,
      a: [
        { x: 3, b: 2 },
        { x: 4, b: 2 },
      ],
    },
  ),
  step(C('pull_remove1'), '$pull with $lt', { _id: 1, a: [1, 2, 3, 4, 5, 6, 7, 8] }, { $pull: { a: { $lt: 6 } } }, { _id: 1, a: [6, 7, 8] }),
  step(
    C('pull_or'),
    '$pull of subdocuments that have a field',
    { _id: 1, a: { b: [{ x: 1 }, { y: 'y' }, { x: 2 }, { z: 'z' }] } },
    { $pull: { 'a.b': { y: { $exists: true } } } },
    { _id: 1, a: { b: [{ x: 1 }, { x: 2 }, { z: 'z' }] } },
  ),
  step(
    C('pull_or'),
    '$pull with $or over subdocument fields',
    { _id: 1, a: { b: [{ x: 1 }, { y: 'y' }, { x: 2 }, { z: 'z' }] } },
    { $pull: { 'a.b': { $or: [{ y: { $exists: true } }, { z: { $exists: true } }] } } },
    { _id: 1, a: { b: [{ x: 1 }, { x: 2 }] } },
  ),
  step(C('pullall'), '$pullAll of one value', { _id: 1, a: [1, 2, 3] }, { $pullAll: { a: [3] } }, { _id: 1, a: [1, 2] }),
  step(C('pullall'), '$pullAll of an absent value is a no-op', { _id: 1, a: [1, 2] }, { $pullAll: { a: [3] } }, { _id: 1, a: [1, 2] }),
  step(C('pullall'), '$pullAll of two values', { _id: 1, a: [1, 2, 3] }, { $pullAll: { a: [2, 3] } }, { _id: 1, a: [1] }),
  step(C('pullall'), '$pullAll of nothing', { _id: 1, a: [1] }, { $pullAll: { a: [] } }, { _id: 1, a: [1] }),
  step(C('pullall'), '$pullAll of a present and an absent value', { _id: 1, a: [1] }, { $pullAll: { a: [1, 5] } }, { _id: 1, a: [] }),
  step(C('pullall'), '$pullAll of a missing dotted path creates nothing', { _id: 1, m: 1 }, { $pullAll: { 'a.b': [1] } }, { _id: 1, m: 1 }, { m: 1 }),
];

/** Array update operator cases: $addToSet, $pop, $push with modifiers, $pull, $pullAll. */
export const arrayUpdateCases: CorpusCase[] = [...addToSet, ...pop, ...pushSort, ...pull];
