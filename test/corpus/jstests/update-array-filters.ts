import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { refuses, updates } from './update-helpers';

const AF = 'jstests/core/write/update/update_arrayFilters.js';
const zero: JsonObject[] = [{ _id: 0, a: [0, 1, 0, 1] }];

const one = (name: string, before: JsonObject, update: JsonObject, after: JsonObject, arrayFilters?: JsonObject[]): CorpusCase =>
  updates(AF, name, [before], { _id: 0 }, update, [after], {
    matched: 1,
    modified: JSON.stringify(before) === JSON.stringify(after) ? 0 : 1,
    ...(arrayFilters ? { options: { arrayFilters } } : {}),
  });

const refused = (name: string, data: JsonObject[], update: JsonObject, arrayFilters?: JsonObject[]): CorpusCase =>
  refuses(AF, name, data, { _id: 0 }, update, 'BadValue', arrayFilters ? { arrayFilters } : undefined);

const parsing: CorpusCase[] = [
  refused('arrayFilters with two identifiers in one filter', [], { $set: { 'a.$[i]': 5 } }, [{ i: 0, j: 0 }]),
  refused('arrayFilters with two filters for one identifier', [], { $set: { 'a.$[i]': 5, 'a.$[j]': 6 } }, [{ i: 0 }, { j: 0 }, { i: 1 }]),
  refused('arrayFilters with an unused filter', [], { $set: { 'a.$[i]': 5 } }, [{ i: 0 }, { j: 0 }]),
  refused('arrayFilters with $expr', [], { $set: { 'a.$[i]': 5 } }, [{ $expr: { $eq: ['$foo', '$bar'] } }]),
  refused('arrayFilters with $where', [], { $set: { 'a.$[i]': 5 } }, [{ $where: 'this.a == 2' }]),
  updates(AF, 'two array filters on an empty collection', [], { _id: 0 }, { $set: { 'a.$[i]': 5, 'a.$[j]': 6 } }, [], {
    matched: 0,
    options: { arrayFilters: [{ i: 0 }, { j: 0 }] },
  }),
  updates(AF, 'an array filter with $or and an empty $and on an empty collection', [], { _id: 0 }, { $set: { 'a.$[i]': 5 } }, [], {
    matched: 0,
    options: { arrayFilters: [{ $or: [{ i: 0 }, { $and: [{}] }] }] },
  }),
  refused('$rename from a $[i] path', [{ _id: 0, a: [1, 2, 3, 4] }], { $rename: { 'a.$[i]': 'b' } }, [{ i: 0 }]),
  refuses(AF, '$rename with an unused array filter', [{ _id: 0, a: [1, 2, 3, 4] }], { id: 0 }, { $rename: { a: 'b' } }, 'BadValue', {
    arrayFilters: [{ i: 0 }],
  }),
  refused('$rename from a $[] path', [{ _id: 0, a: [0], b: [1] }], { $rename: { 'a.$[]': 'b' } }),
  refused('$rename to a $[] path', [{ _id: 0, a: [0], b: [1] }], { $rename: { a: 'b.$[]' } }),
  one('$rename of an array field', { _id: 0, a: [0], b: [1] }, { $rename: { a: 'b' } }, { _id: 0, b: [0] }),
  refused('a $[i] path without its filter', [{ _id: 0, a: [0] }], { $set: { 'a.$[i]': 0 } }),
  refused('$[i] and $ under one array', [{ _id: 0, a: [0] }], { $set: { 'a.$[i]': 0, 'a.$': 0 } }, [{ i: 0 }]),
  refused('$[i] and an index under one array', [{ _id: 0, a: [0] }], { $set: { 'a.$[i]': 0, 'a.0': 0 } }, [{ i: 0 }]),
  refused('$[i] and a field under one array', [{ _id: 0, a: [0] }], { $set: { 'a.$[i]': 0, 'a.b': 0 } }, [{ i: 0 }]),
  refused('a field path through an array', [{ _id: 0, a: [{ b: 0 }] }], { $set: { 'a.b': 1 } }),
  refused('an identifier starting with $', [{ _id: 0, a: [0] }], { $set: { 'a.$[$i]': 1 } }, [{ $i: 0 }]),
  refused('an identifier starting with a capital', [{ _id: 0, a: [0] }], { $set: { 'a.$[I]': 1 } }, [{ I: 0 }]),
];

const modifiers: CorpusCase[] = [
  one('$set a.$[i]', { _id: 0, a: [0, 1, 0, 1] }, { $set: { 'a.$[i]': 2 } }, { _id: 0, a: [2, 1, 2, 1] }, [{ i: 0 }]),
  one('$set a.$[]', { _id: 0, a: [2, 1, 2, 1] }, { $set: { 'a.$[]': 3 } }, { _id: 0, a: [3, 3, 3, 3] }),
  one('$unset a.$[i] leaves null', zero[0] as JsonObject, { $unset: { 'a.$[i]': true } }, { _id: 0, a: [null, 1, null, 1] }, [{ i: 0 }]),
  one('$unset a.$[] leaves nulls', { _id: 0, a: [null, 1, null, 1] }, { $unset: { 'a.$[]': true } }, { _id: 0, a: [null, null, null, null] }),
  one('$inc a.$[i]', zero[0] as JsonObject, { $inc: { 'a.$[i]': 1 } }, { _id: 0, a: [0, 2, 0, 2] }, [{ i: 1 }]),
  one('$inc a.$[]', zero[0] as JsonObject, { $inc: { 'a.$[]': 1 } }, { _id: 0, a: [1, 2, 1, 2] }),
  one('$mul a.$[i]', { _id: 0, a: [0, 2, 0, 2] }, { $mul: { 'a.$[i]': 3 } }, { _id: 0, a: [0, 6, 0, 6] }, [{ i: 2 }]),
  one('$mul a.$[]', { _id: 0, a: [1, 2, 1, 2] }, { $mul: { 'a.$[]': 3 } }, { _id: 0, a: [3, 6, 3, 6] }),
  one(
    '$min a.$[i].c',
    {
      _id: 0,
      a: [
        { b: 0, c: 1 },
        { b: 0, c: -1 },
        { b: 1, c: 1 },
      ],
    },
    { $min: { 'a.$[i].c': 0 } },
    {
      _id: 0,
      a: [
        { b: 0, c: 0 },
        { b: 0, c: -1 },
        { b: 1, c: 1 },
      ],
    },
    [{ 'i.b': 0 }],
  ),
  one(
    '$min a.$[].c',
    {
      _id: 0,
      a: [
        { b: 0, c: 0 },
        { b: 0, c: -1 },
        { b: 1, c: 1 },
      ],
    },
    { $min: { 'a.$[].c': 0 } },
    {
      _id: 0,
      a: [
        { b: 0, c: 0 },
        { b: 0, c: -1 },
        { b: 1, c: 0 },
      ],
    },
  ),
  one(
    '$max a.$[i].c',
    {
      _id: 0,
      a: [
        { b: 0, c: 1 },
        { b: 0, c: -1 },
        { b: 1, c: -1 },
      ],
    },
    { $max: { 'a.$[i].c': 0 } },
    {
      _id: 0,
      a: [
        { b: 0, c: 1 },
        { b: 0, c: 0 },
        { b: 1, c: -1 },
      ],
    },
    [{ 'i.b': 0 }],
  ),
  one(
    '$max a.$[].c',
    {
      _id: 0,
      a: [
        { b: 0, c: 1 },
        { b: 0, c: 0 },
        { b: 1, c: -1 },
      ],
    },
    { $max: { 'a.$[].c': 0 } },
    {
      _id: 0,
      a: [
        { b: 0, c: 1 },
        { b: 0, c: 0 },
        { b: 1, c: 0 },
      ],
    },
  ),
  one('$addToSet a.$[i]', { _id: 0, a: [[0], [1]] }, { $addToSet: { 'a.$[i]': 2 } }, { _id: 0, a: [[0, 2], [1]] }, [{ i: 0 }]),
  one(
    '$addToSet a.$[]',
    { _id: 0, a: [[0], [1]] },
    { $addToSet: { 'a.$[]': 2 } },
    {
      _id: 0,
      a: [
        [0, 2],
        [1, 2],
      ],
    },
  ),
  one(
    '$pop a.$[i]',
    {
      _id: 0,
      a: [
        [0, 1],
        [1, 2],
      ],
    },
    { $pop: { 'a.$[i]': 1 } },
    { _id: 0, a: [[0], [1, 2]] },
    [{ i: 0 }],
  ),
  one('$pop a.$[]', { _id: 0, a: [[0]] }, { $pop: { 'a.$[]': 1 } }, { _id: 0, a: [[]] }),
  one(
    '$pullAll a.$[i]',
    {
      _id: 0,
      a: [
        [0, 1, 2, 3],
        [1, 2, 3, 4],
      ],
    },
    { $pullAll: { 'a.$[i]': [0, 2] } },
    {
      _id: 0,
      a: [
        [1, 3],
        [1, 2, 3, 4],
      ],
    },
    [{ i: 0 }],
  ),
  one(
    '$pullAll a.$[]',
    {
      _id: 0,
      a: [
        [0, 1, 2, 3],
        [1, 2, 3, 4],
      ],
    },
    { $pullAll: { 'a.$[]': [0, 2] } },
    {
      _id: 0,
      a: [
        [1, 3],
        [1, 3, 4],
      ],
    },
  ),
  one(
    '$pull a.$[i]',
    {
      _id: 0,
      a: [
        [0, 1],
        [1, 2],
      ],
    },
    { $pull: { 'a.$[i]': 1 } },
    { _id: 0, a: [[0, 1], [2]] },
    [{ i: 2 }],
  ),
  one(
    '$pull a.$[]',
    {
      _id: 0,
      a: [
        [0, 1],
        [1, 2],
      ],
    },
    { $pull: { 'a.$[]': 1 } },
    { _id: 0, a: [[0], [2]] },
  ),
  one(
    '$push a.$[i]',
    {
      _id: 0,
      a: [
        [0, 1],
        [2, 3],
      ],
    },
    { $push: { 'a.$[i]': 4 } },
    {
      _id: 0,
      a: [
        [0, 1, 4],
        [2, 3],
      ],
    },
    [{ i: 0 }],
  ),
  one(
    '$push a.$[]',
    {
      _id: 0,
      a: [
        [0, 1],
        [2, 3],
      ],
    },
    { $push: { 'a.$[]': 4 } },
    {
      _id: 0,
      a: [
        [0, 1, 4],
        [2, 3, 4],
      ],
    },
  ),
  {
    name: 'update: $setOnInsert a.$[i] on an upsert',
    source: AF,
    data: [],
    op: 'updateOne',
    args: [{ _id: 0, a: [0] }, { $setOnInsert: { 'a.$[i]': 1 } }, { arrayFilters: [{ i: 0 }], upsert: true }],
    expect: { affectedDocs: 1, result: { matchedCount: 0, modifiedCount: 0, upsertedId: 0 } },
    after: [{ _id: 0, a: [1] }],
  },
  {
    name: 'update: $setOnInsert a.$[] on an upsert',
    source: AF,
    data: [],
    op: 'updateOne',
    args: [{ _id: 0, a: [0] }, { $setOnInsert: { 'a.$[]': 1 } }, { upsert: true }],
    expect: { affectedDocs: 1, result: { matchedCount: 0, modifiedCount: 0, upsertedId: 0 } },
    after: [{ _id: 0, a: [1] }],
  },
  {
    name: 'findOneAndUpdate: $set a.$[i] on no match answers null',
    source: AF,
    data: [],
    op: 'findOneAndUpdate',
    args: [{ _id: 0 }, { $set: { 'a.$[i]': 5 } }, { arrayFilters: [{ i: 0 }] }],
    expect: { affectedDocs: 0, result: null },
  },
  {
    name: 'updateOne: $set a.$[i] on no match modifies nothing',
    source: AF,
    data: [],
    op: 'updateOne',
    args: [{ _id: 0 }, { $set: { 'a.$[i]': 5 } }, { arrayFilters: [{ i: 0 }] }],
    expect: { affectedDocs: 0, result: { matchedCount: 0, modifiedCount: 0, upsertedId: null } },
  },
];

const multi: CorpusCase[] = [
  updates(
    AF,
    '$set a.$[i] in every document',
    [
      { _id: 0, a: [0, 1, 0, 1] },
      { _id: 1, a: [0, 2, 0, 2] },
    ],
    {},
    { $set: { 'a.$[i]': 3 } },
    [
      { _id: 0, a: [3, 1, 3, 1] },
      { _id: 1, a: [3, 2, 3, 2] },
    ],
    { options: { arrayFilters: [{ i: 0 }] } },
  ),
  updates(
    AF,
    '$set a.$[] in every document',
    [
      { _id: 0, a: [3, 1, 3, 1] },
      { _id: 1, a: [3, 2, 3, 2] },
    ],
    {},
    { $set: { 'a.$[]': 3 } },
    [
      { _id: 0, a: [3, 3, 3, 3] },
      { _id: 1, a: [3, 3, 3, 3] },
    ],
  ),
];

const examples: CorpusCase[] = [
  one('$set a.$[].b', { _id: 0, a: [{ b: 0 }, { b: 1 }] }, { $set: { 'a.$[].b': 2 } }, { _id: 0, a: [{ b: 2 }, { b: 2 }] }),
  one('$set a.$[i].b where i.b is 0', { _id: 0, a: [{ b: 0 }, { b: 1 }] }, { $set: { 'a.$[i].b': 2 } }, { _id: 0, a: [{ b: 2 }, { b: 1 }] }, [{ 'i.b': 0 }]),
  one('$set the matching scalars', { _id: 0, a: [0, 1] }, { $set: { 'a.$[i]': 2 } }, { _id: 0, a: [2, 1] }, [{ i: 0 }]),
  one(
    '$set a.$[].$[j] in an array of arrays',
    {
      _id: 0,
      a: [
        [0, 1],
        [0, 1],
      ],
    },
    { $set: { 'a.$[].$[j]': 2 } },
    {
      _id: 0,
      a: [
        [2, 1],
        [2, 1],
      ],
    },
    [{ j: 0 }],
  ),
  one(
    '$set a.$[i].c.$[j].d in nested arrays',
    {
      _id: 0,
      a: [
        { b: 0, c: [{ d: 0 }, { d: 1 }] },
        { b: 1, c: [{ d: 0 }, { d: 1 }] },
      ],
    },
    { $set: { 'a.$[i].c.$[j].d': 2 } },
    {
      _id: 0,
      a: [
        { b: 0, c: [{ d: 2 }, { d: 1 }] },
        { b: 1, c: [{ d: 0 }, { d: 1 }] },
      ],
    },
    [{ 'i.b': 0 }, { 'j.d': 0 }],
  ),
  one('$set the scalars an $or filter matches', { _id: 0, a: [0, 1, 3] }, { $set: { 'a.$[i]': 2 } }, { _id: 0, a: [2, 1, 2] }, [{ $or: [{ i: 0 }, { i: 3 }] }]),
  one(
    'two paths under one array, different leaves',
    { _id: 0, a: [{ x: 0, b: [{ y: 0, c: 0, d: 0 }] }] },
    { $set: { 'a.$[i].b.$[k].c': 1, 'a.$[j].b.$[k].d': 1 } },
    { _id: 0, a: [{ x: 0, b: [{ y: 0, c: 1, d: 1 }] }] },
    [{ 'i.x': 0 }, { 'j.x': 0 }, { 'k.y': 0 }],
  ),
  refused(
    'two filters reaching the same element conflict',
    [
      {
        _id: 0,
        a: [
          { x: 0, b: [{ y: 0, c: 0 }] },
          { x: 1, b: [{ y: 0, c: 0 }] },
        ],
      },
    ],
    { $set: { 'a.$[i].b.$[k].c': 1, 'a.$[j].b.$[k].c': 2 } },
    [{ 'i.x': 0 }, { 'j.x': 0 }, { 'k.y': 0 }],
  ),
  one(
    'two filters reaching different elements',
    {
      _id: 0,
      a: [
        { x: 0, b: [{ y: 0, c: 0 }] },
        { x: 1, b: [{ y: 0, c: 0 }] },
      ],
    },
    { $set: { 'a.$[i].b.$[k].c': 1, 'a.$[j].b.$[k].c': 2 } },
    {
      _id: 0,
      a: [
        { x: 0, b: [{ y: 0, c: 1 }] },
        { x: 1, b: [{ y: 0, c: 2 }] },
      ],
    },
    [{ 'i.x': 0 }, { 'j.x': 1 }, { 'k.y': 0 }],
  ),
  refused(
    'inner filters reaching the same element conflict',
    [
      {
        _id: 0,
        a: [
          { x: 0, b: [{ y: 0, c: 0 }] },
          {
            x: 1,
            b: [
              { y: 0, c: 0 },
              { y: 1, c: 0 },
            ],
          },
        ],
      },
    ],
    { $set: { 'a.$[i].b.$[k].c': 1, 'a.$[j].b.$[m].c': 2 } },
    [{ 'i.x': 0 }, { 'j.x': 0 }, { 'k.y': 0 }, { 'm.y': 0 }],
  ),
  one(
    'inner filters reaching different elements',
    {
      _id: 0,
      a: [
        { x: 0, b: [{ y: 0, c: 0 }] },
        {
          x: 1,
          b: [
            { y: 0, c: 0 },
            { y: 1, c: 0 },
          ],
        },
      ],
    },
    { $set: { 'a.$[i].b.$[k].c': 1, 'a.$[j].b.$[m].c': 2 } },
    {
      _id: 0,
      a: [
        { x: 0, b: [{ y: 0, c: 0 }] },
        {
          x: 1,
          b: [
            { y: 0, c: 1 },
            { y: 1, c: 2 },
          ],
        },
      ],
    },
    [{ 'i.x': 1 }, { 'j.x': 1 }, { 'k.y': 0 }, { 'm.y': 1 }],
  ),
];

/** Cases from update_arrayFilters.js: `$[]`, `$[<id>]` and their validation. */
export const arrayFilterCases: CorpusCase[] = [...parsing, ...modifiers, ...multi, ...examples];
