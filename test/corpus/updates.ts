import type { JsonObject } from '../../src/core/json';
import { updated } from './helpers';
import type { CorpusCase } from './types';

// Every case updates 'a' unless it says otherwise; 'b' is there to show it is left alone.
const a = { _id: 'a', n: 1, s: 'x', arr: [1, 2, 3], sub: { k: 1 } };
const b = { _id: 'b', n: 10 };
const base = [a, b];
const byA = { _id: 'a' };

/** `after` for an update of 'a' only: 'a' with `changes`, then 'b' untouched. */
function withA(changes: JsonObject, drop: string[] = []): JsonObject[] {
  const next: JsonObject = { ...a, ...changes };
  for (const key of drop) delete next[key];
  return [next, b];
}

const changed = updated(1, 1);
const unchanged = updated(1, 0);

// An array of subdocuments, for $pull with a condition, $addToSet of documents and array filters.
const cartLines = [
  { sku: 'x', qty: 1 },
  { sku: 'y', qty: 5 },
  { sku: 'z', qty: 0 },
];
const cart = [{ _id: 'c', lines: cartLines }];
const scores = [{ _id: 's', scores: [{ v: 8 }, { v: 3 }] }];

/** Update operators, with the documents MongoDB leaves behind, and the errors it gives. */
export const updateCases: CorpusCase[] = [
  // $set
  {
    name: 'update: $set an existing and a new field',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { n: 2, t: 'new' } }],
    expect: changed,
    after: withA({ n: 2, t: 'new' }),
  },
  {
    name: 'update: $set a dotted path creates the subdocuments',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { 'sub.m.z': 1 } }],
    expect: changed,
    after: withA({ sub: { k: 1, m: { z: 1 } } }),
  },
  {
    name: 'update: $set an array element by index',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { 'arr.1': 20 } }],
    expect: changed,
    after: withA({ arr: [1, 20, 3] }),
  },
  {
    name: 'update: $set past the end of an array pads with null',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { 'arr.5': 6 } }],
    expect: changed,
    after: withA({ arr: [1, 2, 3, null, null, 6] }),
  },
  {
    name: 'update: $set of the current value modifies nothing',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { n: 1, s: 'x' } }],
    expect: unchanged,
    after: base,
  },
  { name: 'update: $set of the same _id is allowed', data: base, op: 'updateOne', args: [byA, { $set: { _id: 'a' } }], expect: unchanged, after: base },
  {
    name: 'update: $set of another _id is BadValue',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { _id: 'z' } }],
    expect: { error: 'BadValue' },
    after: base,
  },
  {
    name: 'update: $set through a scalar is BadValue',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { 's.t': 1 } }],
    expect: { error: 'BadValue' },
    after: base,
  },
  {
    name: 'update: $set a field of an array of subdocuments by name is BadValue',
    data: cart,
    op: 'updateOne',
    args: [{ _id: 'c' }, { $set: { 'lines.qty': 1 } }],
    expect: { error: 'BadValue' },
    after: cart,
  },

  // $unset
  { name: 'update: $unset a field', data: base, op: 'updateOne', args: [byA, { $unset: { s: '' } }], expect: changed, after: withA({}, ['s']) },
  {
    name: 'update: $unset a missing field modifies nothing',
    data: base,
    op: 'updateOne',
    args: [byA, { $unset: { nope: '' } }],
    expect: unchanged,
    after: base,
  },
  {
    name: 'update: $unset an array element sets it to null',
    data: base,
    op: 'updateOne',
    args: [byA, { $unset: { 'arr.0': '' } }],
    expect: changed,
    after: withA({ arr: [null, 2, 3] }),
  },
  { name: 'update: $unset _id is BadValue', data: base, op: 'updateOne', args: [byA, { $unset: { _id: '' } }], expect: { error: 'BadValue' }, after: base },

  // $inc and $mul
  {
    name: 'update: $inc by a negative and a fractional amount',
    data: base,
    op: 'updateOne',
    args: [byA, { $inc: { n: -3, 'sub.k': 0.5 } }],
    expect: changed,
    after: withA({ n: -2, sub: { k: 1.5 } }),
  },
  {
    name: 'update: $inc a missing field sets it',
    data: base,
    op: 'updateOne',
    args: [byA, { $inc: { m: 5, 'sub.c': 1 } }],
    expect: changed,
    after: withA({ m: 5, sub: { k: 1, c: 1 } }),
  },
  {
    name: 'update: $inc with a non-numeric amount is BadValue',
    data: base,
    op: 'updateOne',
    args: [byA, { $inc: { n: '1' } }],
    expect: { error: 'BadValue' },
    after: base,
  },
  { name: 'update: $mul', data: base, op: 'updateOne', args: [{ _id: 'b' }, { $mul: { n: 2.5 } }], expect: changed, after: [a, { _id: 'b', n: 25 }] },
  { name: 'update: $mul a missing field sets it to 0', data: base, op: 'updateOne', args: [byA, { $mul: { m: 4 } }], expect: changed, after: withA({ m: 0 }) },

  // $min and $max
  {
    name: 'update: $min with a lower value',
    data: base,
    op: 'updateOne',
    args: [{ _id: 'b' }, { $min: { n: 5 } }],
    expect: changed,
    after: [a, { _id: 'b', n: 5 }],
  },
  {
    name: 'update: $min across types uses BSON order (numbers before strings)',
    data: base,
    op: 'updateOne',
    args: [byA, { $min: { s: 0 } }],
    expect: changed,
    after: withA({ s: 0 }),
  },
  {
    name: 'update: $max with a higher value',
    data: base,
    op: 'updateOne',
    args: [{ _id: 'b' }, { $max: { n: 15 } }],
    expect: changed,
    after: [a, { _id: 'b', n: 15 }],
  },
  {
    name: 'update: $max across types uses BSON order (strings after numbers)',
    data: base,
    op: 'updateOne',
    args: [{ _id: 'b' }, { $max: { n: 'z' } }],
    expect: changed,
    after: [a, { _id: 'b', n: 'z' }],
  },

  // $rename
  {
    name: 'update: $rename a field',
    data: base,
    op: 'updateOne',
    args: [byA, { $rename: { s: 'title' } }],
    expect: changed,
    after: withA({ title: 'x' }, ['s']),
  },
  {
    name: 'update: $rename over an existing field replaces it',
    data: base,
    op: 'updateOne',
    args: [byA, { $rename: { n: 's' } }],
    expect: changed,
    after: withA({ s: 1 }, ['n']),
  },
  {
    name: 'update: $rename a missing field modifies nothing',
    data: base,
    op: 'updateOne',
    args: [byA, { $rename: { nope: 'other' } }],
    expect: unchanged,
    after: base,
  },
  {
    name: 'update: $rename to the same name is BadValue',
    data: base,
    op: 'updateOne',
    args: [byA, { $rename: { n: 'n' } }],
    expect: { error: 'BadValue' },
    after: base,
  },

  // $currentDate stamps the server time: no `after`, or the stamp projected away.
  { name: 'update: $currentDate', data: base, op: 'updateOne', args: [byA, { $currentDate: { at: true } }], expect: changed },
  {
    name: 'update: $currentDate with $type date, next to $inc',
    data: base,
    op: 'findOneAndUpdate',
    args: [byA, { $currentDate: { at: { $type: 'date' } }, $inc: { n: 1 } }, { returnNewDocument: true, projection: { at: 0 } }],
    expect: { affectedDocs: 1, result: { ...a, n: 2 } },
  },

  // $setOnInsert only applies when an upsert inserts.
  {
    name: 'update: $setOnInsert is ignored when a document matched',
    data: base,
    op: 'updateOne',
    args: [byA, { $setOnInsert: { x: 1 } }],
    expect: unchanged,
    after: base,
  },
  {
    name: 'update: $setOnInsert next to $set on a match applies only $set',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { s: 'y' }, $setOnInsert: { x: 1 } }, { upsert: true }],
    expect: changed,
    after: withA({ s: 'y' }),
  },

  // $push and its modifiers.
  { name: 'update: $push a value', data: base, op: 'updateOne', args: [byA, { $push: { arr: 4 } }], expect: changed, after: withA({ arr: [1, 2, 3, 4] }) },
  {
    name: 'update: $push an array pushes it as one element',
    data: base,
    op: 'updateOne',
    args: [byA, { $push: { arr: [4, 5] } }],
    expect: changed,
    after: withA({ arr: [1, 2, 3, [4, 5]] }),
  },
  {
    name: 'update: $push $each $position 0 prepends',
    data: base,
    op: 'updateOne',
    args: [byA, { $push: { arr: { $each: [4, 5], $position: 0 } } }],
    expect: changed,
    after: withA({ arr: [4, 5, 1, 2, 3] }),
  },
  {
    name: 'update: $push $each $slice negative keeps the last elements',
    data: base,
    op: 'updateOne',
    args: [byA, { $push: { arr: { $each: [4, 5], $slice: -3 } } }],
    expect: changed,
    after: withA({ arr: [3, 4, 5] }),
  },
  {
    name: 'update: $push $slice 0 empties the array',
    data: base,
    op: 'updateOne',
    args: [byA, { $push: { arr: { $each: [4], $slice: 0 } } }],
    expect: changed,
    after: withA({ arr: [] }),
  },
  {
    name: 'update: $push $each $sort descending',
    data: base,
    op: 'updateOne',
    args: [byA, { $push: { arr: { $each: [0, 5], $sort: -1 } } }],
    expect: changed,
    after: withA({ arr: [5, 3, 2, 1, 0] }),
  },
  {
    name: 'update: $push $sort by a subdocument field, then $slice (top N)',
    data: scores,
    op: 'updateOne',
    args: [{ _id: 's' }, { $push: { scores: { $each: [{ v: 5 }, { v: 9 }], $sort: { v: -1 }, $slice: 3 } } }],
    expect: changed,
    after: [{ _id: 's', scores: [{ v: 9 }, { v: 8 }, { v: 5 }] }],
  },
  {
    name: 'update: $push to a non-array is BadValue',
    data: base,
    op: 'updateOne',
    args: [byA, { $push: { s: 'y' } }],
    expect: { error: 'BadValue' },
    after: base,
  },

  // $addToSet
  {
    name: 'update: $addToSet a new value',
    data: base,
    op: 'updateOne',
    args: [byA, { $addToSet: { arr: 4 } }],
    expect: changed,
    after: withA({ arr: [1, 2, 3, 4] }),
  },
  {
    name: 'update: $addToSet a present value modifies nothing',
    data: base,
    op: 'updateOne',
    args: [byA, { $addToSet: { arr: 2 } }],
    expect: unchanged,
    after: base,
  },
  {
    name: 'update: $addToSet $each adds each missing value once',
    data: base,
    op: 'updateOne',
    args: [byA, { $addToSet: { arr: { $each: [3, 4, 4, 5] } } }],
    expect: changed,
    after: withA({ arr: [1, 2, 3, 4, 5] }),
  },
  {
    name: 'update: $addToSet an array adds it as one element',
    data: base,
    op: 'updateOne',
    args: [byA, { $addToSet: { arr: [1, 2] } }],
    expect: changed,
    after: withA({ arr: [1, 2, 3, [1, 2]] }),
  },
  {
    name: 'update: $addToSet compares subdocuments with field order',
    data: cart,
    op: 'updateOne',
    args: [{ _id: 'c' }, { $addToSet: { lines: { qty: 1, sku: 'x' } } }],
    expect: changed,
    after: [{ _id: 'c', lines: [...cartLines, { qty: 1, sku: 'x' }] }],
    compat: { note: 'mingo compares embedded documents ignoring field order', expect: updated(1, 0), after: [{ _id: 'c', lines: cartLines }] },
  },

  // $pull, $pullAll, $pop
  { name: 'update: $pull a value', data: base, op: 'updateOne', args: [byA, { $pull: { arr: 2 } }], expect: changed, after: withA({ arr: [1, 3] }) },
  {
    name: 'update: $pull with a condition',
    data: base,
    op: 'updateOne',
    args: [byA, { $pull: { arr: { $gte: 2 } } }],
    expect: changed,
    after: withA({ arr: [1] }),
  },
  {
    name: 'update: $pull with $in',
    data: base,
    op: 'updateOne',
    args: [byA, { $pull: { arr: { $in: [1, 3] } } }],
    expect: changed,
    after: withA({ arr: [2] }),
  },
  {
    name: 'update: $pull subdocuments matching a condition',
    data: cart,
    op: 'updateOne',
    args: [{ _id: 'c' }, { $pull: { lines: { qty: { $lt: 2 } } } }],
    expect: changed,
    after: [{ _id: 'c', lines: [{ sku: 'y', qty: 5 }] }],
  },
  { name: 'update: $pullAll', data: base, op: 'updateOne', args: [byA, { $pullAll: { arr: [1, 3, 7] } }], expect: changed, after: withA({ arr: [2] }) },
  {
    name: 'update: $pop 1 removes the last element',
    data: base,
    op: 'updateOne',
    args: [byA, { $pop: { arr: 1 } }],
    expect: changed,
    after: withA({ arr: [1, 2] }),
  },
  {
    name: 'update: $pop -1 removes the first element',
    data: base,
    op: 'updateOne',
    args: [byA, { $pop: { arr: -1 } }],
    expect: changed,
    after: withA({ arr: [2, 3] }),
  },
  {
    name: 'update: $pop an empty array modifies nothing',
    data: [{ _id: 'e', arr: [] }],
    op: 'updateOne',
    args: [{ _id: 'e' }, { $pop: { arr: 1 } }],
    expect: unchanged,
    after: [{ _id: 'e', arr: [] }],
  },

  // A filter with an expression: the update is applied with the filter in hand (for a positional
  // path), so the expression operators must be there too.
  {
    name: 'update: updateMany by a $expr filter with arithmetic',
    data: base,
    op: 'updateMany',
    args: [{ $expr: { $gt: [{ $multiply: ['$n', 2] }, 5] } }, { $inc: { n: 1 } }],
    expect: updated(1, 1),
    after: [a, { _id: 'b', n: 11 }],
  },

  // Positional paths.
  {
    name: 'update: the positional $ updates the element the filter matched',
    data: base,
    op: 'updateOne',
    args: [{ _id: 'a', arr: 2 }, { $set: { 'arr.$': 20 } }],
    expect: changed,
    after: withA({ arr: [1, 20, 3] }),
  },
  {
    name: 'update: $[] updates every element',
    data: base,
    op: 'updateOne',
    args: [byA, { $inc: { 'arr.$[]': 10 } }],
    expect: changed,
    after: withA({ arr: [11, 12, 13] }),
  },
  {
    name: 'update: $[name] with arrayFilters',
    data: cart,
    op: 'updateOne',
    args: [{ _id: 'c' }, { $set: { 'lines.$[l].qty': 9 } }, { arrayFilters: [{ 'l.qty': { $lt: 2 } }] }],
    expect: changed,
    after: [
      {
        _id: 'c',
        lines: [
          { sku: 'x', qty: 9 },
          { sku: 'y', qty: 5 },
          { sku: 'z', qty: 9 },
        ],
      },
    ],
  },

  // Several operators at once, and several documents.
  {
    name: 'update: several operators in one update',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { s: 'y' }, $inc: { n: 1 }, $unset: { sub: '' }, $push: { arr: 4 } }],
    expect: changed,
    after: withA({ s: 'y', n: 2, arr: [1, 2, 3, 4] }, ['sub']),
  },
  {
    name: 'update: updateMany applies to every match',
    data: base,
    op: 'updateMany',
    args: [{ n: { $gte: 1 } }, { $inc: { n: 1 } }],
    expect: updated(2, 2),
    after: [
      { ...a, n: 2 },
      { _id: 'b', n: 11 },
    ],
  },
  {
    name: 'update: updateMany counts only documents that changed',
    data: base,
    op: 'updateMany',
    args: [{}, { $set: { n: 10 } }],
    expect: updated(2, 1),
    after: [{ ...a, n: 10 }, b],
  },

  // Errors.
  {
    name: 'update: $set and $inc of the same field conflict (BadValue)',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { n: 5 }, $inc: { n: 1 } }],
    expect: { error: 'BadValue' },
    after: base,
  },
  {
    name: 'update: updating a path and its parent conflict (BadValue)',
    data: base,
    op: 'updateOne',
    args: [byA, { $set: { sub: { q: 1 } }, $inc: { 'sub.k': 1 } }],
    expect: { error: 'BadValue' },
    after: base,
  },
  {
    name: 'update: an unknown operator is InvalidOperator',
    data: base,
    op: 'updateOne',
    args: [byA, { $foo: { n: 1 } }],
    expect: { error: 'InvalidOperator' },
    after: base,
  },
  { name: 'update: an empty update is refused by the SDK', data: base, op: 'updateOne', args: [byA, {}], expect: { error: 'ValidationFailed' }, after: base },
  {
    name: 'update: an update without operators is InvalidParameter',
    data: base,
    op: 'updateOne',
    args: [byA, { n: 5 }],
    expect: { error: 'InvalidParameter' },
    after: base,
  },
];
