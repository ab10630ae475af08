import type { CorpusCase } from './types';

// Items: abc ×3, xyz ×2, jkl ×1 (so $sortByCount has no ties). 's3' has an empty tags array,
// 's4' a null one, 's5' none.
const s1 = { _id: 's1', item: 'abc', price: 10, qty: 2, tags: ['a', 'b'] };
const s2 = { _id: 's2', item: 'jkl', price: 20, qty: 1, tags: ['b'] };
const s3 = { _id: 's3', item: 'xyz', price: 5, qty: 10, tags: [] };
const s4 = { _id: 's4', item: 'xyz', price: 5, qty: 20, tags: null };
const s5 = { _id: 's5', item: 'abc', price: 10, qty: 10 };
const s6 = { _id: 's6', item: 'abc', price: 8, qty: 6, tags: ['c', 'a'] };
const sales = [s1, s2, s3, s4, s5, s6];

const i1 = { _id: 'i1', sku: 'abc', desc: 'first' };
const i2 = { _id: 'i2', sku: 'xyz', desc: 'third' };
const i3 = { _id: 'i3', sku: 'abc', desc: 'again' };
const catalog = [i1, i2, i3];

const nested = [
  {
    _id: 'n1',
    a: { b: 1, c: 2 },
    list: [
      { x: 1, y: 2 },
      { x: 3, y: 4 },
    ],
  },
];

const numbers = [{ _id: 'f1', nums: [1, 5, 3] }, { _id: 'f2', nums: [] }, { _id: 'f3' }];

/** `{ affectedDocs, result }` of an aggregate. */
function rows(...result: Array<Record<string, unknown>>): Record<string, unknown> {
  return { affectedDocs: result.length, result };
}

/** Aggregate stages and expressions. */
export const pipelineCases: CorpusCase[] = [
  // $match
  { name: 'aggregate: an empty pipeline returns every document', data: sales, op: 'aggregate', args: [[]], expect: rows(...sales) },
  { name: 'aggregate: $match', data: sales, op: 'aggregate', args: [[{ $match: { item: 'xyz' } }]], expect: rows(s3, s4) },
  {
    name: 'aggregate: $match with $expr',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { $expr: { $gt: ['$qty', '$price'] } } }, { $project: { _id: 1 } }]],
    expect: rows({ _id: 's3' }, { _id: 's4' }),
  },

  // $project, $addFields/$set, $unset
  {
    name: 'aggregate: $project inclusion with a computed field',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { _id: 's1' } }, { $project: { item: 1, total: { $multiply: ['$price', '$qty'] } } }]],
    expect: rows({ _id: 's1', item: 'abc', total: 20 }),
  },
  {
    name: 'aggregate: $project exclusion',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { _id: 's2' } }, { $project: { tags: 0, price: 0 } }]],
    expect: rows({ _id: 's2', item: 'jkl', qty: 1 }),
  },
  {
    name: 'aggregate: $project dotted paths into a subdocument and an array of subdocuments',
    data: nested,
    op: 'aggregate',
    args: [[{ $project: { 'a.b': 1, 'list.x': 1 } }]],
    expect: rows({ _id: 'n1', a: { b: 1 }, list: [{ x: 1 }, { x: 3 }] }),
  },
  {
    name: 'aggregate: $addFields',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { _id: 's2' } }, { $addFields: { total: { $multiply: ['$price', '$qty'] }, flag: true } }]],
    expect: rows({ ...s2, total: 20, flag: true }),
  },
  {
    name: 'aggregate: $set is an alias of $addFields',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { _id: 's2' } }, { $set: { item: { $toUpper: '$item' } } }]],
    expect: rows({ ...s2, item: 'JKL' }),
  },
  {
    name: 'aggregate: $unset a list of fields',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { _id: 's1' } }, { $unset: ['tags', 'price'] }]],
    expect: rows({ _id: 's1', item: 'abc', qty: 2 }),
  },

  // $group and accumulators. $group gives no order: every case sorts after it.
  {
    name: 'aggregate: $group with $sum of an expression, $avg, $min, $max',
    data: sales,
    op: 'aggregate',
    args: [
      [
        {
          $group: {
            _id: '$item',
            total: { $sum: { $multiply: ['$price', '$qty'] } },
            avgQty: { $avg: '$qty' },
            minPrice: { $min: '$price' },
            maxPrice: { $max: '$price' },
          },
        },
        { $sort: { _id: 1 } },
      ],
    ],
    expect: rows(
      { _id: 'abc', total: 168, avgQty: 6, minPrice: 8, maxPrice: 10 },
      { _id: 'jkl', total: 20, avgQty: 1, minPrice: 20, maxPrice: 20 },
      { _id: 'xyz', total: 150, avgQty: 15, minPrice: 5, maxPrice: 5 },
    ),
  },
  {
    name: 'aggregate: $group by null with $sum 1 and $count',
    data: sales,
    op: 'aggregate',
    args: [[{ $group: { _id: null, n: { $sum: 1 }, c: { $count: {} }, qty: { $sum: '$qty' } } }]],
    expect: rows({ _id: null, n: 6, c: 6, qty: 49 }),
  },
  {
    name: 'aggregate: $group $push, $first, $last follow the input order',
    data: sales,
    op: 'aggregate',
    args: [
      [
        { $sort: { qty: 1, _id: 1 } },
        { $group: { _id: '$item', qtys: { $push: '$qty' }, first: { $first: '$_id' }, last: { $last: '$_id' } } },
        { $sort: { _id: 1 } },
      ],
    ],
    expect: rows(
      { _id: 'abc', qtys: [2, 6, 10], first: 's1', last: 's5' },
      { _id: 'jkl', qtys: [1], first: 's2', last: 's2' },
      { _id: 'xyz', qtys: [10, 20], first: 's3', last: 's4' },
    ),
  },
  {
    name: 'aggregate: $group $addToSet keeps distinct values',
    data: sales,
    op: 'aggregate',
    args: [[{ $group: { _id: '$item', prices: { $addToSet: '$price' } } }, { $project: { n: { $size: '$prices' } } }, { $sort: { _id: 1 } }]],
    expect: rows({ _id: 'abc', n: 2 }, { _id: 'jkl', n: 1 }, { _id: 'xyz', n: 1 }),
  },
  {
    name: 'aggregate: $group $addToSet of one repeated value',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { item: 'xyz' } }, { $group: { _id: '$item', prices: { $addToSet: '$price' } } }]],
    expect: rows({ _id: 'xyz', prices: [5] }),
  },
  {
    name: 'aggregate: $group by a compound key',
    data: sales,
    op: 'aggregate',
    args: [[{ $group: { _id: { item: '$item', price: '$price' }, n: { $sum: 1 } } }, { $sort: { '_id.item': 1, '_id.price': 1 } }]],
    expect: rows(
      { _id: { item: 'abc', price: 8 }, n: 1 },
      { _id: { item: 'abc', price: 10 }, n: 2 },
      { _id: { item: 'jkl', price: 20 }, n: 1 },
      { _id: { item: 'xyz', price: 5 }, n: 2 },
    ),
  },

  // $sort, $skip, $limit
  {
    name: 'aggregate: $sort on two keys, $skip, $limit',
    data: sales,
    op: 'aggregate',
    args: [[{ $sort: { price: -1, qty: 1 } }, { $skip: 1 }, { $limit: 3 }, { $project: { _id: 1 } }]],
    expect: rows({ _id: 's1' }, { _id: 's5' }, { _id: 's6' }),
  },
  {
    name: 'aggregate: $sort puts empty arrays, then null and missing first; arrays sort by their smallest element',
    data: sales,
    op: 'aggregate',
    args: [[{ $sort: { tags: 1, _id: 1 } }, { $project: { _id: 1 } }]],
    expect: rows({ _id: 's3' }, { _id: 's4' }, { _id: 's5' }, { _id: 's1' }, { _id: 's6' }, { _id: 's2' }),
  },
  { name: 'aggregate: $skip', data: sales, op: 'aggregate', args: [[{ $skip: 4 }, { $project: { _id: 1 } }]], expect: rows({ _id: 's5' }, { _id: 's6' }) },
  { name: 'aggregate: $limit 0 is BadValue', data: sales, op: 'aggregate', args: [[{ $limit: 0 }]], expect: { error: 'BadValue' } },

  // $unwind
  {
    name: 'aggregate: $unwind drops empty, null and missing arrays',
    data: sales,
    op: 'aggregate',
    args: [[{ $unwind: '$tags' }, { $project: { tags: 1 } }]],
    expect: rows({ _id: 's1', tags: 'a' }, { _id: 's1', tags: 'b' }, { _id: 's2', tags: 'b' }, { _id: 's6', tags: 'c' }, { _id: 's6', tags: 'a' }),
  },
  {
    name: 'aggregate: $unwind with preserveNullAndEmptyArrays',
    data: sales,
    op: 'aggregate',
    args: [[{ $unwind: { path: '$tags', preserveNullAndEmptyArrays: true } }, { $project: { tags: 1 } }]],
    expect: rows(
      { _id: 's1', tags: 'a' },
      { _id: 's1', tags: 'b' },
      { _id: 's2', tags: 'b' },
      { _id: 's3' },
      { _id: 's4', tags: null },
      { _id: 's5' },
      { _id: 's6', tags: 'c' },
      { _id: 's6', tags: 'a' },
    ),
  },
  {
    name: 'aggregate: $unwind with includeArrayIndex',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { _id: 's6' } }, { $unwind: { path: '$tags', includeArrayIndex: 'i' } }, { $project: { tags: 1, i: 1 } }]],
    expect: rows({ _id: 's6', tags: 'c', i: 0 }, { _id: 's6', tags: 'a', i: 1 }),
  },

  // $count, $sortByCount, $facet, $bucket
  { name: 'aggregate: $count', data: sales, op: 'aggregate', args: [[{ $match: { price: { $lt: 10 } } }, { $count: 'cheap' }]], expect: rows({ cheap: 3 }) },
  {
    name: 'aggregate: $count of no documents outputs nothing',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { item: 'none' } }, { $count: 'n' }]],
    expect: rows(),
  },
  {
    name: 'aggregate: $sortByCount',
    data: sales,
    op: 'aggregate',
    args: [[{ $sortByCount: '$item' }]],
    expect: rows({ _id: 'abc', count: 3 }, { _id: 'xyz', count: 2 }, { _id: 'jkl', count: 1 }),
  },
  {
    name: 'aggregate: $facet runs sub-pipelines on the same input',
    data: sales,
    op: 'aggregate',
    args: [
      [
        {
          $facet: {
            cheap: [{ $match: { price: { $lt: 10 } } }, { $count: 'n' }],
            top: [{ $sort: { price: -1, _id: 1 } }, { $limit: 1 }, { $project: { item: 1 } }],
          },
        },
      ],
    ],
    expect: rows({ cheap: [{ n: 3 }], top: [{ _id: 's2', item: 'jkl' }] }),
  },
  {
    name: 'aggregate: $bucket with default and output',
    data: sales,
    op: 'aggregate',
    args: [
      [{ $sort: { _id: 1 } }, { $bucket: { groupBy: '$price', boundaries: [0, 8, 15], default: 'other', output: { n: { $sum: 1 }, ids: { $push: '$_id' } } } }],
    ],
    expect: rows({ _id: 0, n: 2, ids: ['s3', 's4'] }, { _id: 8, n: 3, ids: ['s1', 's5', 's6'] }, { _id: 'other', n: 1, ids: ['s2'] }),
  },

  // $lookup and $unionWith read other collections.
  {
    name: 'aggregate: $bucket counts by default and omits empty buckets',
    data: sales,
    op: 'aggregate',
    args: [[{ $bucket: { groupBy: '$price', boundaries: [0, 8, 15, 18, 100], default: 'other' } }]],
    expect: rows({ _id: 0, count: 2 }, { _id: 8, count: 3 }, { _id: 18, count: 1 }),
  },
  {
    name: 'aggregate: $bucket without default fails on a value outside the boundaries',
    data: sales,
    op: 'aggregate',
    args: [[{ $bucket: { groupBy: '$price', boundaries: [0, 8, 15] } }]],
    expect: { error: 'BadValue' },
  },
  {
    name: 'aggregate: $lookup by local and foreign field',
    data: sales,
    others: { items: catalog },
    op: 'aggregate',
    args: [
      [
        { $match: { _id: { $in: ['s1', 's2'] } } },
        { $lookup: { from: 'items', localField: 'item', foreignField: 'sku', as: 'inv' } },
        { $project: { inv: 1 } },
      ],
    ],
    expect: rows({ _id: 's1', inv: [i1, i3] }, { _id: 's2', inv: [] }),
  },
  {
    name: 'aggregate: $lookup with an array localField matches any element',
    data: sales,
    others: { items: catalog },
    op: 'aggregate',
    args: [
      [
        { $match: { _id: 's1' } },
        { $set: { skus: ['xyz', 'abc'] } },
        { $lookup: { from: 'items', localField: 'skus', foreignField: 'sku', as: 'inv' } },
        { $project: { ids: '$inv._id' } },
      ],
    ],
    expect: rows({ _id: 's1', ids: ['i1', 'i2', 'i3'] }),
    compat: { note: 'mingo lists the matches of an array localField element by element', expect: rows({ _id: 's1', ids: ['i2', 'i1', 'i3'] }) },
  },
  {
    name: 'aggregate: $lookup with let and pipeline',
    data: sales,
    others: { items: catalog },
    op: 'aggregate',
    args: [
      [
        { $match: { _id: 's1' } },
        {
          $lookup: {
            from: 'items',
            let: { s: '$item' },
            pipeline: [{ $match: { $expr: { $eq: ['$sku', '$$s'] } } }, { $project: { _id: 0, desc: 1 } }],
            as: 'inv',
          },
        },
        { $project: { inv: 1 } },
      ],
    ],
    expect: rows({ _id: 's1', inv: [{ desc: 'first' }, { desc: 'again' }] }),
  },
  {
    name: 'aggregate: $unionWith appends another collection',
    data: sales,
    others: { items: catalog },
    op: 'aggregate',
    args: [[{ $match: { _id: 's1' } }, { $project: { item: 1 } }, { $unionWith: { coll: 'items', pipeline: [{ $match: { sku: 'xyz' } }] } }]],
    expect: rows({ _id: 's1', item: 'abc' }, i2),
  },

  // $replaceRoot and $replaceWith
  {
    name: 'aggregate: $replaceRoot with a subdocument',
    data: nested,
    op: 'aggregate',
    args: [[{ $replaceRoot: { newRoot: '$a' } }]],
    expect: rows({ b: 1, c: 2 }),
  },
  {
    name: 'aggregate: $replaceWith $mergeObjects fills defaults',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { _id: 's5' } }, { $replaceWith: { $mergeObjects: [{ tags: [] }, '$$ROOT'] } }]],
    expect: rows({ ...s5, tags: [] }),
  },
  {
    name: 'aggregate: $replaceRoot with a non-document is BadValue',
    data: sales,
    op: 'aggregate',
    args: [[{ $replaceRoot: { newRoot: '$item' } }]],
    expect: { error: 'BadValue' },
  },

  // Expressions
  {
    name: 'aggregate: $cond, array form',
    data: sales,
    op: 'aggregate',
    args: [[{ $project: { size: { $cond: [{ $gte: ['$qty', 10] }, 'bulk', 'single'] } } }]],
    expect: rows(
      { _id: 's1', size: 'single' },
      { _id: 's2', size: 'single' },
      { _id: 's3', size: 'bulk' },
      { _id: 's4', size: 'bulk' },
      { _id: 's5', size: 'bulk' },
      { _id: 's6', size: 'single' },
    ),
  },
  {
    name: 'aggregate: $cond, object form, with $isArray and $size',
    data: sales,
    op: 'aggregate',
    args: [[{ $project: { n: { $cond: { if: { $isArray: '$tags' }, then: { $size: '$tags' }, else: 0 } } } }]],
    expect: rows({ _id: 's1', n: 2 }, { _id: 's2', n: 1 }, { _id: 's3', n: 0 }, { _id: 's4', n: 0 }, { _id: 's5', n: 0 }, { _id: 's6', n: 2 }),
  },
  {
    name: 'aggregate: $ifNull replaces null and missing',
    data: sales,
    op: 'aggregate',
    args: [[{ $project: { tags: { $ifNull: ['$tags', 'none'] } } }]],
    expect: rows(
      { _id: 's1', tags: ['a', 'b'] },
      { _id: 's2', tags: ['b'] },
      { _id: 's3', tags: [] },
      { _id: 's4', tags: 'none' },
      { _id: 's5', tags: 'none' },
      { _id: 's6', tags: ['c', 'a'] },
    ),
  },
  {
    name: 'aggregate: $size of a non-array is BadValue',
    data: sales,
    op: 'aggregate',
    args: [[{ $project: { n: { $size: '$tags' } } }]],
    expect: { error: 'BadValue' },
  },
  {
    name: 'aggregate: $concat',
    data: sales,
    op: 'aggregate',
    args: [[{ $match: { _id: { $in: ['s1', 's2'] } } }, { $project: { _id: 0, label: { $concat: ['$item', '-', '$_id'] } } }]],
    expect: rows({ label: 'abc-s1' }, { label: 'jkl-s2' }),
  },
  {
    name: 'aggregate: $add, $subtract, $divide, $mod',
    data: sales,
    op: 'aggregate',
    args: [
      [
        { $match: { _id: 's1' } },
        {
          $project: {
            plus: { $add: ['$price', 1, '$qty'] },
            minus: { $subtract: ['$price', '$qty'] },
            ratio: { $divide: ['$qty', 4] },
            rest: { $mod: ['$price', 3] },
          },
        },
      ],
    ],
    expect: rows({ _id: 's1', plus: 13, minus: 8, ratio: 0.5, rest: 1 }),
  },
  {
    name: 'aggregate: $filter (null input gives null)',
    data: numbers,
    op: 'aggregate',
    args: [[{ $project: { big: { $filter: { input: '$nums', as: 'x', cond: { $gt: ['$$x', 2] } } } } }]],
    expect: rows({ _id: 'f1', big: [5, 3] }, { _id: 'f2', big: [] }, { _id: 'f3', big: null }),
  },
  {
    name: 'aggregate: $map (null input gives null)',
    data: numbers,
    op: 'aggregate',
    args: [[{ $project: { tens: { $map: { input: '$nums', as: 'x', in: { $multiply: ['$$x', 10] } } } } }]],
    expect: rows({ _id: 'f1', tens: [10, 50, 30] }, { _id: 'f2', tens: [] }, { _id: 'f3', tens: null }),
  },
  {
    name: 'aggregate: $arrayElemAt out of bounds leaves the field out',
    data: numbers,
    op: 'aggregate',
    args: [[{ $project: { last: { $arrayElemAt: ['$nums', -1] } } }]],
    expect: rows({ _id: 'f1', last: 3 }, { _id: 'f2' }, { _id: 'f3', last: null }),
  },
  {
    name: 'aggregate: $sum and $max over an array',
    data: numbers,
    op: 'aggregate',
    args: [[{ $project: { total: { $sum: '$nums' }, top: { $max: '$nums' } } }]],
    expect: rows({ _id: 'f1', total: 9, top: 5 }, { _id: 'f2', total: 0, top: null }, { _id: 'f3', total: 0, top: null }),
  },

  // Refused stages and operators.
  { name: 'aggregate: $out is InvalidOperator', data: sales, op: 'aggregate', args: [[{ $out: 'copy' }]], expect: { error: 'InvalidOperator' } },
  { name: 'aggregate: $merge is InvalidOperator', data: sales, op: 'aggregate', args: [[{ $merge: { into: 'copy' } }]], expect: { error: 'InvalidOperator' } },
  { name: 'aggregate: an unknown stage is InvalidOperator', data: sales, op: 'aggregate', args: [[{ $foo: {} }]], expect: { error: 'InvalidOperator' } },
  {
    name: 'aggregate: an unknown expression is InvalidOperator',
    data: sales,
    op: 'aggregate',
    args: [[{ $project: { x: { $foo: '$qty' } } }]],
    expect: { error: 'InvalidOperator' },
  },
  {
    name: 'aggregate: a pipeline that is not an array is refused by the SDK',
    data: sales,
    op: 'aggregate',
    args: [{ $match: {} }],
    expect: { error: 'ValidationFailed' },
  },
];
