import type { JsonObject } from '../../src/core/json';
import type { CorpusCase } from './types';

// Objects with an own `__proto__` key can only be made by JSON.parse: in an object literal the
// key would set the prototype instead.
const own = (json: string): JsonObject => JSON.parse(json) as JsonObject;

/** A document whose nesting is `levels` deep (`{ _id, d: 1 }` is one level). */
export function nestedDoc(id: number, levels: number): JsonObject {
  let value: JsonObject | number = 1;
  for (let i = 1; i < levels; i++) value = { d: value };
  return { _id: id, d: value };
}

const poisoned = { _id: 1, constructor: { prototype: { K: 1 } } };
const named: JsonObject[] = [
  { _id: 1, n: 1 },
  { _id: 2, constructor: 'c', toString: 's', hasOwnProperty: 'h', prototype: { valueOf: 2 } },
];
const updated = { affectedDocs: 1, result: { matchedCount: 1, modifiedCount: 1, upsertedId: null } };

/**
 * Hostile inputs: field names a plain object inherits (`constructor`, `prototype`, `toString`) are
 * ordinary data; `__proto__` as a field name is refused; array indexes past MongoDB's padding
 * limit, oversized computed arrays and over-deep documents are refused at once.
 */
export const hostileCases: CorpusCase[] = [
  {
    name: 'hostile: find with projection { constructor: 1 } returns the field as data',
    data: [poisoned],
    op: 'find',
    args: [{}, { projection: { constructor: 1 } }],
    expect: { affectedDocs: 1, result: [poisoned] },
  },
  {
    name: 'hostile: find with projection on constructor.prototype',
    data: [poisoned],
    op: 'find',
    args: [{}, { projection: { 'constructor.prototype.K': 1 } }],
    expect: { affectedDocs: 1, result: [poisoned] },
  },
  {
    name: 'hostile: $project { constructor: 1 } returns the field as data',
    data: [poisoned, { _id: 2 }],
    op: 'aggregate',
    args: [[{ $project: { constructor: 1 } }]],
    expect: { affectedDocs: 2, result: [poisoned, { _id: 2 }] },
  },
  {
    name: 'hostile: $addFields into constructor.prototype makes an ordinary subdocument',
    data: [{ _id: 1 }],
    op: 'aggregate',
    args: [[{ $addFields: { 'constructor.prototype.K': 1 } }]],
    expect: { affectedDocs: 1, result: [poisoned] },
  },
  {
    name: 'hostile: $set constructor.prototype.K stores an ordinary subdocument',
    data: [{ _id: 1 }],
    op: 'updateOne',
    args: [{ _id: 1 }, { $set: { 'constructor.prototype.K': 1 } }],
    expect: updated,
    after: [poisoned],
  },
  {
    name: 'hostile: $inc toString.n creates an ordinary field',
    data: [{ _id: 1 }],
    op: 'updateOne',
    args: [{}, { $inc: { 'toString.n': 2 } }],
    expect: updated,
    after: [{ _id: 1, toString: { n: 2 } }],
  },
  {
    name: 'hostile: pipeline update $set constructor.prototype',
    data: [{ _id: 1 }],
    op: 'updateOne',
    args: [{}, [{ $set: { 'constructor.prototype': { K: 1 } } }]],
    expect: updated,
    after: [poisoned],
  },
  {
    name: 'hostile: $rename into constructor.prototype',
    data: [{ _id: 1, a: { K: 1 } }],
    op: 'updateOne',
    args: [{}, { $rename: { a: 'constructor.prototype' } }],
    expect: updated,
    after: [poisoned],
  },
  {
    name: 'hostile: upsert seeded from a filter on constructor.prototype',
    data: [],
    op: 'updateOne',
    args: [{ _id: 1, 'constructor.prototype.K': 1 }, { $set: { x: 1 } }, { upsert: true }],
    expect: { affectedDocs: 1, result: { matchedCount: 0, modifiedCount: 0, upsertedId: 1 } },
    after: [{ ...poisoned, x: 1 }],
  },
  {
    name: 'hostile: findOneAndUpdate projecting constructor, new document',
    data: [poisoned],
    op: 'findOneAndUpdate',
    args: [{ _id: 1 }, { $set: { 'constructor.prototype.J': 2 } }, { projection: { constructor: 1 }, returnNewDocument: true }],
    expect: { affectedDocs: 1, result: { _id: 1, constructor: { prototype: { K: 1, J: 2 } } } },
    after: [{ _id: 1, constructor: { prototype: { K: 1, J: 2 } } }],
  },
  {
    name: 'hostile: { constructor: { $exists: true } } matches only documents that have the field',
    data: named,
    op: 'find',
    args: [{ constructor: { $exists: true } }],
    expect: { affectedDocs: 1, result: [named[1]] },
  },
  {
    name: 'hostile: { toString: { $exists: false } } matches documents without the field',
    data: named,
    op: 'count',
    args: [{ toString: { $exists: false } }],
    expect: { affectedDocs: 1, result: 1 },
  },
  {
    name: 'hostile: equality on hasOwnProperty and prototype.valueOf',
    data: named,
    op: 'find',
    args: [{ hasOwnProperty: 'h', 'prototype.valueOf': 2 }, { projection: { _id: 1 } }],
    expect: { affectedDocs: 1, result: [{ _id: 2 }] },
  },
  {
    name: 'hostile: sort on constructor',
    data: [{ _id: 1, constructor: 'b' }, { _id: 2, constructor: 'a' }, { _id: 3 }],
    op: 'find',
    args: [{}, { sort: { constructor: 1 } }],
    expect: { affectedDocs: 3, result: [{ _id: 3 }, { _id: 2, constructor: 'a' }, { _id: 1, constructor: 'b' }] },
  },
  { name: 'hostile: distinct of constructor', data: named, op: 'distinct', args: ['constructor', {}], expect: { affectedDocs: 1, result: ['c'] } },
  {
    name: 'hostile: $group by $constructor',
    data: [poisoned, { _id: 2 }],
    op: 'aggregate',
    args: [[{ $group: { _id: '$constructor', n: { $sum: 1 } } }, { $sort: { _id: 1 } }]],
    expect: {
      affectedDocs: 2,
      result: [
        { _id: null, n: 1 },
        { _id: { prototype: { K: 1 } }, n: 1 },
      ],
    },
  },

  { name: 'hostile: a filter on a.__proto__ is refused', data: named, op: 'count', args: [{ 'a.__proto__.b': 1 }], expect: { error: 'BadValue' } },
  {
    name: 'hostile: $set of __proto__.K is refused',
    data: [{ _id: 1 }],
    op: 'updateOne',
    args: [{}, { $set: { '__proto__.K': 1 } }],
    expect: { error: 'BadValue' },
    after: [{ _id: 1 }],
  },
  {
    name: 'hostile: a pipeline reading $__proto__ is refused',
    data: named,
    op: 'aggregate',
    args: [[{ $project: { x: '$__proto__' } }]],
    expect: { error: 'BadValue' },
  },
  {
    name: 'hostile: $arrayToObject making a __proto__ field is refused',
    data: named,
    op: 'aggregate',
    args: [[{ $project: { x: { $arrayToObject: [[['__proto__', { K: 1 }]]] } } }]],
    expect: { error: 'BadValue' },
  },
  {
    name: 'hostile: the string "__proto__" as a value is ordinary data',
    data: [],
    op: 'insertOne',
    args: [{ _id: 1, name: '__proto__' }],
    expect: { affectedDocs: 1, insertedId: 1, result: { insertedId: 1 } },
    after: [{ _id: 1, name: '__proto__' }],
  },

  {
    name: 'hostile: $set of an array index past 1,500,000 elements of padding is refused',
    data: [{ _id: 1, a: [] }],
    op: 'updateOne',
    args: [{}, { $set: { 'a.1500001': 1 } }],
    expect: { error: 'BadValue' },
    after: [{ _id: 1, a: [] }],
  },
  {
    name: 'hostile: $set arr.100000000 on an array is refused at once',
    data: [{ _id: 1, arr: [1] }],
    op: 'updateMany',
    args: [{}, { $set: { 'arr.100000000': 1 } }],
    expect: { error: 'BadValue' },
    after: [{ _id: 1, arr: [1] }],
  },
  {
    name: 'hostile: $inc of a far array index under a subdocument is refused',
    data: [{ _id: 1, o: { a: [0] } }],
    op: 'updateOne',
    args: [{}, { $inc: { 'o.a.2000000': 1 } }],
    expect: { error: 'BadValue' },
    after: [{ _id: 1, o: { a: [0] } }],
  },
  {
    name: 'hostile: a far index under $[] is refused for every element it reaches',
    data: [{ _id: 1, a: [[1], [2]] }],
    op: 'updateOne',
    args: [{}, { $set: { 'a.$[].1500001': 1 } }],
    expect: { error: 'BadValue' },
    after: [{ _id: 1, a: [[1], [2]] }],
  },
  {
    name: 'hostile: a large numeric field name in a subdocument is an ordinary field',
    data: [{ _id: 1, a: {} }],
    op: 'updateOne',
    args: [{}, { $set: { 'a.1500001': 1 } }],
    expect: updated,
    after: [{ _id: 1, a: { 1500001: 1 } }],
  },
  {
    name: 'hostile: $range of a billion elements in $project is refused',
    data: [{ _id: 1 }],
    op: 'aggregate',
    args: [[{ $project: { r: { $range: [0, 1e9] } } }]],
    expect: { error: 'ExceededMemoryLimit' },
  },
  {
    name: 'hostile: $range of a billion elements in $expr is refused',
    data: [{ _id: 1 }],
    op: 'find',
    args: [{ $expr: { $gt: [{ $size: { $range: [0, 1e9] } }, 0] } }],
    expect: { error: 'ExceededMemoryLimit' },
  },
  {
    name: 'hostile: $range of a billion elements in a pipeline update is refused',
    data: [{ _id: 1 }],
    op: 'updateOne',
    args: [{}, [{ $set: { r: { $range: [0, 1e9] } } }]],
    expect: { error: 'ExceededMemoryLimit' },
    after: [{ _id: 1 }],
  },
  {
    name: 'hostile: doubling an array with $concatArrays in $reduce is refused',
    data: [{ _id: 1 }],
    op: 'aggregate',
    args: [[{ $project: { n: { $size: { $reduce: { input: { $range: [0, 40] }, initialValue: [1], in: { $concatArrays: ['$$value', '$$value'] } } } } } }]],
    expect: { error: 'ExceededMemoryLimit' },
  },
  {
    name: 'hostile: $range within the limits still works',
    data: [{ _id: 1 }],
    op: 'aggregate',
    args: [[{ $project: { n: { $size: { $range: [0, 100000] } } } }]],
    expect: { affectedDocs: 1, result: [{ _id: 1, n: 100000 }] },
  },
  {
    name: 'hostile: a document nested 100 levels deep is stored',
    data: [],
    op: 'insertOne',
    args: [nestedDoc(1, 100)],
    expect: { affectedDocs: 1, insertedId: 1, result: { insertedId: 1 } },
    after: [nestedDoc(1, 100)],
  },
  {
    name: 'hostile: a document nested 101 levels deep is refused',
    data: [],
    op: 'insertOne',
    args: [nestedDoc(1, 101)],
    expect: { error: 'BadValue' },
    after: [],
  },
  {
    name: 'hostile: an update that nests a document past 100 levels is refused',
    data: [{ _id: 1 }],
    op: 'updateOne',
    args: [{}, { $set: { x: nestedDoc(2, 100) } }],
    expect: { error: 'BadValue' },
    after: [{ _id: 1 }],
  },
  {
    name: 'hostile: a filter nested 250 levels deep is refused',
    data: [{ _id: 1 }],
    op: 'find',
    args: [{ x: nestedDoc(2, 250) }],
    expect: { error: 'BadValue' },
  },
];

/**
 * Arguments with an own `__proto__` key. The official SDK copies its arguments by assignment, which
 * turns such a key into the copy's prototype, so it never sends them (a filter
 * `{"__proto__": {...}}` travels as `{}`); these cases therefore run outside the SDK corpus: as
 * raw signed requests against the emulator and through mpsync's collections, which both refuse them.
 */
export const ownProtoKeyCases: CorpusCase[] = [
  {
    name: 'hostile: a filter on __proto__ is refused',
    data: named,
    op: 'find',
    args: [own('{"__proto__": {"$exists": true}}')],
    expect: { error: 'BadValue' },
  },
  {
    name: 'hostile: inserting a document with an own __proto__ field is refused',
    data: named,
    op: 'insertOne',
    args: [own('{"_id": 3, "__proto__": {"K": 1}}')],
    expect: { error: 'BadValue' },
    after: named,
  },
  {
    name: 'hostile: inserting a nested __proto__ field is refused',
    data: [],
    op: 'insertMany',
    args: [[{ _id: 1 }, own('{"_id": 2, "a": [{"__proto__": 1}]}')]],
    expect: { error: 'BadValue' },
    after: [],
  },
  {
    name: 'hostile: a replacement with an own __proto__ field is refused',
    data: [{ _id: 1 }],
    op: 'replaceOne',
    args: [{ _id: 1 }, own('{"__proto__": {"K": 1}}')],
    expect: { error: 'BadValue' },
    after: [{ _id: 1 }],
  },
  {
    name: 'hostile: a projection of __proto__ is refused',
    data: named,
    op: 'find',
    args: [{}, { projection: own('{"__proto__": 1}') }],
    expect: { error: 'BadValue' },
  },
];
