import { ID_ONLY, ids } from './helpers';
import type { CorpusCase } from './types';

// 'd' has a string qty, no price and no dims; 'e' has no sizes and a null dims.
const items = [
  { _id: 'a', name: 'apple', qty: 5, price: 1.5, tags: ['fruit', 'red'], dims: { h: 10, w: 5 }, sizes: [3, 8] },
  { _id: 'b', name: 'banana', qty: 0, price: 0.5, tags: ['fruit', 'yellow'], dims: { h: 20, w: 4 }, sizes: [1] },
  { _id: 'c', name: 'carrot', qty: 12, price: null, tags: ['vegetable'], dims: { h: 15, w: 2 }, sizes: [] },
  { _id: 'd', name: 'Date', qty: '7', tags: 'dried', sizes: [5, 6, 7] },
  { _id: 'e', name: 'eggplant', qty: 3, price: 2, tags: [], dims: null },
];

// Arrays of subdocuments and arrays of numbers.
const orders = [
  {
    _id: 'o1',
    status: 'open',
    lines: [
      { sku: 'x', qty: 1 },
      { sku: 'y', qty: 5 },
    ],
    scores: [82, 95],
  },
  { _id: 'o2', status: 'done', lines: [{ sku: 'x', qty: 3 }], scores: [70, 88] },
  {
    _id: 'o3',
    status: 'open',
    lines: [
      { sku: 'y', qty: 2 },
      { sku: 'z', qty: 2 },
    ],
    scores: [],
  },
  { _id: 'o4', status: 'open', lines: [] },
];

const budgets = [
  { _id: 'p1', spent: 120, budget: 100 },
  { _id: 'p2', spent: 80, budget: 100 },
  { _id: 'p3', spent: 50, budget: 50 },
];

const notes = [
  { _id: 'm1', text: 'first\nsecond' },
  { _id: 'm2', text: 'second' },
];

/** Query operators, dotted paths, null and missing fields, comparisons across types. */
export const filterCases: CorpusCase[] = [
  // Equality: scalars, array elements, whole arrays, whole subdocuments.
  { name: 'filter: $eq on a scalar', data: items, op: 'find', args: [{ qty: { $eq: 5 } }, ID_ONLY], expect: ids('a') },
  { name: 'filter: equality never matches a value of another type', data: items, op: 'find', args: [{ qty: '5' }, ID_ONLY], expect: ids() },
  { name: 'filter: equality on an array field matches any element', data: items, op: 'find', args: [{ tags: 'fruit' }, ID_ONLY], expect: ids('a', 'b') },
  { name: 'filter: equality with an array matches the whole array', data: items, op: 'find', args: [{ tags: ['fruit', 'red'] }, ID_ONLY], expect: ids('a') },
  { name: 'filter: whole-array equality is order sensitive', data: items, op: 'find', args: [{ tags: ['red', 'fruit'] }, ID_ONLY], expect: ids() },
  { name: 'filter: equality with a subdocument matches it exactly', data: items, op: 'find', args: [{ dims: { h: 10, w: 5 } }, ID_ONLY], expect: ids('a') },
  { name: 'filter: subdocument equality is field-order sensitive', data: items, op: 'find', args: [{ dims: { w: 5, h: 10 } }, ID_ONLY], expect: ids() },
  {
    name: 'filter: _id $in answers in _id order, whatever the list order',
    data: items,
    op: 'find',
    args: [{ _id: { $in: ['e', 'a', 'zz'] } }, ID_ONLY],
    expect: ids('a', 'e'),
  },

  // $ne, null and missing fields.
  { name: 'filter: $ne matches documents without the field', data: items, op: 'find', args: [{ qty: { $ne: 5 } }, ID_ONLY], expect: ids('b', 'c', 'd', 'e') },
  {
    name: 'filter: $ne on an array field excludes arrays holding the value',
    data: items,
    op: 'find',
    args: [{ tags: { $ne: 'fruit' } }, ID_ONLY],
    expect: ids('c', 'd', 'e'),
  },
  { name: 'filter: null matches null and missing fields', data: items, op: 'find', args: [{ price: null }, ID_ONLY], expect: ids('c', 'd') },
  { name: 'filter: $ne null excludes null and missing fields', data: items, op: 'find', args: [{ price: { $ne: null } }, ID_ONLY], expect: ids('a', 'b', 'e') },
  {
    name: 'filter: null on a dotted path matches a missing or null parent',
    data: items,
    op: 'find',
    args: [{ 'dims.h': null }, ID_ONLY],
    expect: ids('d', 'e'),
  },
  { name: 'filter: $exists false', data: items, op: 'find', args: [{ price: { $exists: false } }, ID_ONLY], expect: ids('d') },
  {
    name: 'filter: $exists true counts a null value as present',
    data: items,
    op: 'find',
    args: [{ price: { $exists: true } }, ID_ONLY],
    expect: ids('a', 'b', 'c', 'e'),
  },
  { name: 'filter: $exists on an array index', data: items, op: 'find', args: [{ 'sizes.1': { $exists: true } }, ID_ONLY], expect: ids('a', 'd') },

  // Ranges. $gt and friends only compare values of the same type (numbers with numbers, strings with strings).
  { name: 'filter: $gt skips values of another type', data: items, op: 'find', args: [{ qty: { $gt: 4 } }, ID_ONLY], expect: ids('a', 'c') },
  { name: 'filter: $gte and $lt together', data: items, op: 'find', args: [{ qty: { $gte: 3, $lt: 12 } }, ID_ONLY], expect: ids('a', 'e') },
  { name: 'filter: $lte', data: items, op: 'find', args: [{ qty: { $lte: 3 } }, ID_ONLY], expect: ids('b', 'e') },
  { name: 'filter: $gt with a string bound matches only strings', data: items, op: 'find', args: [{ qty: { $gt: '5' } }, ID_ONLY], expect: ids('d') },
  {
    name: 'filter: $lt on strings compares code points (uppercase first)',
    data: items,
    op: 'find',
    args: [{ name: { $lt: 'b' } }, ID_ONLY],
    expect: ids('a', 'd'),
  },
  { name: 'filter: $lt does not match null', data: items, op: 'find', args: [{ price: { $lt: 1 } }, ID_ONLY], expect: ids('b') },
  {
    name: 'filter: a range on an array may be met by different elements',
    data: items,
    op: 'find',
    args: [{ sizes: { $gt: 3, $lt: 6 } }, ID_ONLY],
    expect: ids('a', 'd'),
  },

  // $in and $nin.
  { name: 'filter: $in with values of several types', data: items, op: 'find', args: [{ qty: { $in: [0, 12, '7'] } }, ID_ONLY], expect: ids('b', 'c', 'd') },
  { name: 'filter: $in on an array field', data: items, op: 'find', args: [{ tags: { $in: ['red', 'vegetable'] } }, ID_ONLY], expect: ids('a', 'c') },
  { name: 'filter: $in with null matches missing fields', data: items, op: 'find', args: [{ price: { $in: [null, 2] } }, ID_ONLY], expect: ids('c', 'd', 'e') },
  {
    name: 'filter: $nin matches missing fields and arrays without the values',
    data: items,
    op: 'find',
    args: [{ tags: { $nin: ['fruit', 'dried'] } }, ID_ONLY],
    expect: ids('c', 'e'),
  },

  // Logical operators.
  { name: 'filter: $and on the same field', data: items, op: 'find', args: [{ $and: [{ tags: 'fruit' }, { tags: 'red' }] }, ID_ONLY], expect: ids('a') },
  { name: 'filter: $or', data: items, op: 'find', args: [{ $or: [{ qty: 0 }, { name: 'carrot' }] }, ID_ONLY], expect: ids('b', 'c') },
  {
    name: 'filter: $and nested in $or',
    data: items,
    op: 'find',
    args: [{ $or: [{ $and: [{ qty: { $gt: 1 } }, { qty: { $lt: 4 } }] }, { name: 'apple' }] }, ID_ONLY],
    expect: ids('a', 'e'),
  },
  { name: 'filter: $nor', data: items, op: 'find', args: [{ $nor: [{ tags: 'fruit' }, { qty: { $gt: 10 } }] }, ID_ONLY], expect: ids('d', 'e') },
  {
    name: 'filter: $not matches values of another type and missing fields',
    data: items,
    op: 'find',
    args: [{ qty: { $not: { $gt: 4 } } }, ID_ONLY],
    expect: ids('b', 'd', 'e'),
  },
  { name: 'filter: $not with $regex', data: items, op: 'find', args: [{ name: { $not: { $regex: '^[a-c]' } } }, ID_ONLY], expect: ids('d', 'e') },
  { name: 'filter: $not needs an operator document', data: items, op: 'find', args: [{ qty: { $not: 5 } }], expect: { error: 'BadValue' } },
  { name: 'filter: $or needs a non-empty array', data: items, op: 'find', args: [{ $or: [] }], expect: { error: 'BadValue' } },

  // $type.
  { name: 'filter: $type string', data: items, op: 'find', args: [{ qty: { $type: 'string' } }, ID_ONLY], expect: ids('d') },
  { name: 'filter: $type array', data: items, op: 'find', args: [{ tags: { $type: 'array' } }, ID_ONLY], expect: ids('a', 'b', 'c', 'e') },
  {
    name: 'filter: $type string also matches string elements of arrays',
    data: items,
    op: 'find',
    args: [{ tags: { $type: 'string' } }, ID_ONLY],
    expect: ids('a', 'b', 'c', 'd'),
  },
  { name: 'filter: $type null does not match a missing field', data: items, op: 'find', args: [{ price: { $type: 'null' } }, ID_ONLY], expect: ids('c') },
  { name: 'filter: an unknown $type alias is BadValue', data: items, op: 'find', args: [{ price: { $type: 'text' } }, ID_ONLY], expect: { error: 'BadValue' } },
  { name: 'filter: an invalid $type code is BadValue', data: items, op: 'find', args: [{ price: { $type: 99 } }, ID_ONLY], expect: { error: 'BadValue' } },

  // $regex and $options.
  { name: 'filter: $regex anchored', data: items, op: 'find', args: [{ name: { $regex: '^b' } }, ID_ONLY], expect: ids('b') },
  { name: 'filter: $regex with $options i', data: items, op: 'find', args: [{ name: { $regex: '^d', $options: 'i' } }, ID_ONLY], expect: ids('d') },
  { name: 'filter: $regex never matches numbers', data: items, op: 'find', args: [{ qty: { $regex: '^[0-9]' } }, ID_ONLY], expect: ids('d') },
  {
    name: 'filter: $regex with $options m anchors at each line',
    data: notes,
    op: 'find',
    args: [{ text: { $regex: '^second', $options: 'm' } }, ID_ONLY],
    expect: ids('m1', 'm2'),
  },
  {
    name: 'filter: $regex with $options s lets . match a newline',
    data: notes,
    op: 'find',
    args: [{ text: { $regex: 'first.second', $options: 's' } }, ID_ONLY],
    expect: ids('m1'),
  },
  {
    name: 'filter: $regex with $options x ignores pattern whitespace',
    data: items,
    op: 'find',
    args: [{ name: { $regex: 'app le', $options: 'x' } }, ID_ONLY],
    expect: ids('a'),
  },
  { name: 'filter: an invalid $regex is BadValue', data: items, op: 'find', args: [{ name: { $regex: '(' } }], expect: { error: 'BadValue' } },

  // Arrays of subdocuments: dotted paths, $elemMatch, $size, $all.
  { name: 'filter: dotted path into an array of subdocuments', data: orders, op: 'find', args: [{ 'lines.sku': 'z' }, ID_ONLY], expect: ids('o3') },
  { name: 'filter: dotted path with an array index', data: orders, op: 'find', args: [{ 'lines.0.sku': 'y' }, ID_ONLY], expect: ids('o3') },
  {
    name: 'filter: dotted conditions may be met by different elements',
    data: orders,
    op: 'find',
    args: [{ 'lines.sku': 'x', 'lines.qty': { $gte: 2 } }, ID_ONLY],
    expect: ids('o1', 'o2'),
  },
  {
    name: 'filter: $elemMatch needs one element to meet every condition',
    data: orders,
    op: 'find',
    args: [{ lines: { $elemMatch: { sku: 'x', qty: { $gte: 2 } } } }, ID_ONLY],
    expect: ids('o2'),
  },
  {
    name: 'filter: $elemMatch on an array of numbers',
    data: orders,
    op: 'find',
    args: [{ scores: { $elemMatch: { $gte: 80, $lt: 90 } } }, ID_ONLY],
    expect: ids('o1', 'o2'),
  },
  { name: 'filter: a range on an array without $elemMatch', data: orders, op: 'find', args: [{ scores: { $gt: 85, $lt: 80 } }, ID_ONLY], expect: ids('o2') },
  { name: 'filter: $size 0 does not match a missing field', data: orders, op: 'find', args: [{ scores: { $size: 0 } }, ID_ONLY], expect: ids('o3') },
  { name: 'filter: a negative $size is BadValue', data: orders, op: 'find', args: [{ scores: { $size: -1 } }, ID_ONLY], expect: { error: 'BadValue' } },
  { name: 'filter: a fractional $size is BadValue', data: orders, op: 'find', args: [{ scores: { $size: 1.5 } }, ID_ONLY], expect: { error: 'BadValue' } },
  {
    name: 'filter: a $size that is not a number is BadValue',
    data: orders,
    op: 'find',
    args: [{ scores: { $size: '2' } }, ID_ONLY],
    expect: { error: 'BadValue' },
  },
  { name: 'filter: $all', data: items, op: 'find', args: [{ tags: { $all: ['red', 'fruit'] } }, ID_ONLY], expect: ids('a') },
  { name: 'filter: $all with one value matches a scalar field', data: items, op: 'find', args: [{ tags: { $all: ['dried'] } }, ID_ONLY], expect: ids('d') },
  {
    name: 'filter: $all of $elemMatch conditions',
    data: orders,
    op: 'find',
    args: [{ lines: { $all: [{ $elemMatch: { sku: 'x' } }, { $elemMatch: { sku: 'y' } }] } }, ID_ONLY],
    expect: ids('o1'),
  },

  // $mod and $expr.
  { name: 'filter: $mod', data: items, op: 'find', args: [{ qty: { $mod: [4, 0] } }, ID_ONLY], expect: ids('b', 'c') },
  { name: 'filter: $mod needs a divisor and a remainder', data: items, op: 'find', args: [{ qty: { $mod: [4] } }], expect: { error: 'BadValue' } },
  { name: 'filter: $expr compares two fields', data: budgets, op: 'find', args: [{ $expr: { $gt: ['$spent', '$budget'] } }, ID_ONLY], expect: ids('p1') },
  {
    name: 'filter: $expr with arithmetic',
    data: budgets,
    op: 'find',
    args: [{ $expr: { $gte: [{ $subtract: ['$budget', '$spent'] }, 20] } }, ID_ONLY],
    expect: ids('p2'),
  },

  // Unknown operators.
  { name: 'filter: an unknown field operator is InvalidOperator', data: items, op: 'find', args: [{ qty: { $foo: 1 } }], expect: { error: 'InvalidOperator' } },
  {
    name: 'filter: an unknown top-level operator is InvalidOperator',
    data: items,
    op: 'find',
    args: [{ $foo: [{ qty: 1 }] }],
    expect: { error: 'InvalidOperator' },
  },
  {
    name: 'filter: an unknown $expr operator is InvalidOperator',
    data: budgets,
    op: 'find',
    args: [{ $expr: { $foo: ['$spent'] } }],
    expect: { error: 'InvalidOperator' },
  },

  // The same operators drive findOne (and every other command that takes a filter).
  {
    name: 'filter: findOne with $elemMatch',
    data: orders,
    op: 'findOne',
    args: [{ lines: { $elemMatch: { sku: 'y', qty: { $lt: 3 } } } }, ID_ONLY],
    expect: { affectedDocs: 1, result: { _id: 'o3' } },
  },
];
