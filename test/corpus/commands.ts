import { ID_ONLY, ids, updated } from './helpers';
import type { CorpusCase } from './types';

const todoA = { _id: 'a', title: 'milk', done: false, n: 3, tags: ['home', 'shop'], at: '2024-01-02T03:04:05.678Z' };
const todoB = { _id: 'b', title: 'bread', done: true, n: 1, tags: ['shop'], at: '2024-01-03T03:04:05.678Z' };
const todoC = { _id: 'c', title: 'tax', done: false, n: 2, tags: [], at: '2024-01-01T03:04:05.678Z' };
const todos = [todoA, todoB, todoC];

// 'p4' has no city and no addr; 'p5' has a null age and no langs or scores; 'p3' has empty arrays.
const p1 = { _id: 'p1', name: 'Ann', age: 30, city: 'Oslo', addr: { zip: '0150', street: 'Main' }, langs: ['en', 'no'], scores: [3, 9] };
const p2 = { _id: 'p2', name: 'Bob', age: 25, city: 'Rome', addr: { zip: '00100', street: 'Via' }, langs: ['it'], scores: [7] };
const p3 = { _id: 'p3', name: 'Cid', age: 30, city: 'Oslo', addr: { zip: '0250' }, langs: [], scores: [] };
const p4 = { _id: 'p4', name: 'Dee', age: 41, langs: ['en'], scores: [1, 4, 10] };
const p5 = { _id: 'p5', name: 'Eve', age: null, city: 'Rome', addr: { zip: '00200', street: 'Corso' } };
const people = [p1, p2, p3, p4, p5];

// One value of each kind, in BSON order: null < numbers < strings < objects < booleans.
const mixed = [
  { _id: 't1', v: 'b' },
  { _id: 't2', v: 2 },
  { _id: 't3', v: null },
  { _id: 't4', v: true },
  { _id: 't5', v: { x: 1 } },
  { _id: 't6', v: 10 },
];

const orders = [
  {
    _id: 'o1',
    status: 'open',
    lines: [
      { sku: 'x', qty: 1 },
      { sku: 'y', qty: 5 },
    ],
  },
  { _id: 'o2', status: 'done', lines: [{ sku: 'w', qty: 3 }] },
  {
    _id: 'o3',
    status: 'open',
    lines: [
      { sku: 'y', qty: 2 },
      { sku: 'z', qty: 2 },
    ],
  },
];

// Natural order differs from _id order here: 'z' was inserted first.
const twins = [
  { _id: 'z', k: 1 },
  { _id: 'a', k: 1 },
];

const t1 = { _id: 't1', n: 3, tag: 'x' };
const t2 = { _id: 't2', n: 1, tag: 'x' };
const t3 = { _id: 't3', n: 2, tag: 'y' };
const tasks = [t1, t2, t3];

/** One or more cases per collection operation and per option, with MongoDB's answers. */
export const commandCases: CorpusCase[] = [
  { name: 'find: no query returns every document in natural order', data: todos, op: 'find', args: [], expect: { affectedDocs: 3, result: todos } },
  {
    name: 'find: sort desc, skip, limit, projection',
    data: todos,
    op: 'find',
    args: [{}, { sort: { n: -1 }, skip: 1, limit: 1, projection: { title: 1 } }],
    expect: { affectedDocs: 1, result: [{ _id: 'c', title: 'tax' }] },
  },
  {
    name: 'find: ISO date strings compare as dates do',
    data: todos,
    op: 'find',
    args: [{ at: { $gt: '2024-01-02T00:00:00.000Z' } }, { projection: { _id: 1 } }],
    expect: { affectedDocs: 2, result: [{ _id: 'a' }, { _id: 'b' }] },
  },
  {
    name: 'find: a RegExp is sent as {} and matches only an empty object',
    data: todos,
    op: 'find',
    args: [{ title: /mi/ }],
    expect: { affectedDocs: 0, result: [] },
  },
  { name: 'find: negative limit is refused by the SDK', data: todos, op: 'find', args: [{}, { limit: -1 }], expect: { error: 'ValidationFailed' } },
  { name: 'count: query is required by the SDK', data: todos, op: 'count', args: [], expect: { error: 'ValidationFailed' } },
  { name: 'count: matching documents', data: todos, op: 'count', args: [{ done: false }], expect: { affectedDocs: 2, result: 2 } },
  {
    name: 'updateOne: $inc on a string is BadValue and changes nothing',
    data: todos,
    op: 'updateOne',
    args: [{ _id: 'a' }, { $inc: { title: 1 } }],
    expect: { error: 'BadValue' },
    after: todos,
  },
  {
    name: 'updateOne: upsert inserts from the filter equalities and $setOnInsert',
    data: [],
    op: 'updateOne',
    args: [{ _id: 'x', listId: 'inbox' }, { $set: { title: 't' }, $setOnInsert: { n: 0 } }, { upsert: true }],
    expect: { affectedDocs: 1, result: { matchedCount: 0, modifiedCount: 0, upsertedId: 'x' } },
    after: [{ _id: 'x', listId: 'inbox', title: 't', n: 0 }],
  },
  {
    name: 'insertMany: a duplicate _id anywhere rejects the whole batch',
    data: todos,
    op: 'insertMany',
    args: [[{ _id: 'new' }, { _id: 'a' }]],
    expect: { error: 'DuplicateKey' },
    after: todos,
  },
  {
    name: 'distinct: array values count element by element, sorted',
    data: todos,
    op: 'distinct',
    args: ['tags', {}],
    expect: { affectedDocs: 2, result: ['home', 'shop'] },
  },
  {
    name: 'aggregate: $group with $sum, then $sort',
    data: todos,
    op: 'aggregate',
    args: [[{ $group: { _id: '$done', n: { $sum: '$n' } } }, { $sort: { n: 1 } }]],
    expect: {
      affectedDocs: 2,
      result: [
        { _id: true, n: 1 },
        { _id: false, n: 5 },
      ],
    },
  },
  {
    name: 'aggregate: $lookup reads another collection',
    data: todos,
    others: { lists: [{ _id: 'L', todo: 'b', name: 'groceries' }] },
    op: 'aggregate',
    args: [[{ $match: { _id: 'b' } }, { $lookup: { from: 'lists', localField: '_id', foreignField: 'todo', as: 'lists' } }, { $project: { lists: 1 } }]],
    expect: { affectedDocs: 1, result: [{ _id: 'b', lists: [{ _id: 'L', todo: 'b', name: 'groceries' }] }] },
  },

  // find: sort. Ties are broken by _id ascending; null and missing sort first.
  {
    name: 'find: sort ascending puts null first and breaks ties by _id',
    data: people,
    op: 'find',
    args: [{}, { sort: { age: 1 }, ...ID_ONLY }],
    expect: ids('p5', 'p2', 'p1', 'p3', 'p4'),
  },
  {
    name: 'find: sort on two keys',
    data: people,
    op: 'find',
    args: [{}, { sort: { age: -1, name: 1 }, ...ID_ONLY }],
    expect: ids('p4', 'p1', 'p3', 'p2', 'p5'),
  },
  {
    name: 'find: sort on a dotted path',
    data: people,
    op: 'find',
    args: [{}, { sort: { 'addr.zip': 1 }, ...ID_ONLY }],
    expect: ids('p4', 'p2', 'p5', 'p1', 'p3'),
  },
  {
    name: 'find: ascending sort on an array uses its smallest element; [] sorts before null',
    data: people,
    op: 'find',
    args: [{}, { sort: { scores: 1 }, ...ID_ONLY }],
    expect: ids('p3', 'p5', 'p4', 'p1', 'p2'),
  },
  {
    name: 'find: descending sort on an array uses its largest element',
    data: people,
    op: 'find',
    args: [{}, { sort: { scores: -1 }, ...ID_ONLY }],
    expect: ids('p4', 'p1', 'p2', 'p5', 'p3'),
  },
  {
    name: 'find: sort across types follows BSON order',
    data: mixed,
    op: 'find',
    args: [{}, { sort: { v: 1 }, ...ID_ONLY }],
    expect: ids('t3', 't2', 't6', 't1', 't5', 't4'),
  },
  {
    name: 'find: sort values other than 1 and -1 are refused by the SDK',
    data: people,
    op: 'find',
    args: [{}, { sort: { age: 2 } }],
    expect: { error: 'ValidationFailed' },
  },

  // find: skip and limit.
  {
    name: 'find: sort, then skip, then limit',
    data: people,
    op: 'find',
    args: [{}, { limit: 2, skip: 1, sort: { age: 1 }, ...ID_ONLY }],
    expect: ids('p2', 'p1'),
  },
  {
    name: 'find: skip and limit without sort follow natural order',
    data: people,
    op: 'find',
    args: [{}, { skip: 1, limit: 2, ...ID_ONLY }],
    expect: ids('p2', 'p3'),
  },
  { name: 'find: limit 0 means no limit', data: people, op: 'find', args: [{}, { limit: 0, ...ID_ONLY }], expect: ids('p1', 'p2', 'p3', 'p4', 'p5') },

  // find: projection.
  {
    name: 'find: inclusion projection omits fields a document lacks',
    data: people,
    op: 'find',
    args: [{ age: { $gte: 30 } }, { projection: { name: 1, city: 1 } }],
    expect: {
      affectedDocs: 3,
      result: [
        { _id: 'p1', name: 'Ann', city: 'Oslo' },
        { _id: 'p3', name: 'Cid', city: 'Oslo' },
        { _id: 'p4', name: 'Dee' },
      ],
    },
  },
  {
    name: 'find: exclusion projection',
    data: people,
    op: 'find',
    args: [{ _id: 'p1' }, { projection: { addr: 0, langs: 0, scores: 0 } }],
    expect: { affectedDocs: 1, result: [{ _id: 'p1', name: 'Ann', age: 30, city: 'Oslo' }] },
  },
  {
    name: 'find: inclusion projection without _id',
    data: people,
    op: 'find',
    args: [{ city: 'Rome' }, { projection: { _id: 0, name: 1 } }],
    expect: { affectedDocs: 2, result: [{ name: 'Bob' }, { name: 'Eve' }] },
  },
  {
    name: 'find: inclusion of a nested path',
    data: people,
    op: 'find',
    args: [{}, { projection: { 'addr.zip': 1 } }],
    expect: {
      affectedDocs: 5,
      result: [
        { _id: 'p1', addr: { zip: '0150' } },
        { _id: 'p2', addr: { zip: '00100' } },
        { _id: 'p3', addr: { zip: '0250' } },
        { _id: 'p4' },
        { _id: 'p5', addr: { zip: '00200' } },
      ],
    },
  },
  {
    name: 'find: exclusion of a nested path',
    data: people,
    op: 'find',
    args: [{ _id: 'p1' }, { projection: { 'addr.street': 0, langs: 0, scores: 0 } }],
    expect: { affectedDocs: 1, result: [{ _id: 'p1', name: 'Ann', age: 30, city: 'Oslo', addr: { zip: '0150' } }] },
  },
  {
    name: 'find: inclusion of a path into an array of subdocuments',
    data: orders,
    op: 'find',
    args: [{ _id: 'o1' }, { projection: { 'lines.sku': 1 } }],
    expect: { affectedDocs: 1, result: [{ _id: 'o1', lines: [{ sku: 'x' }, { sku: 'y' }] }] },
  },
  {
    name: 'find: mixing inclusion and exclusion is BadValue',
    data: people,
    op: 'find',
    args: [{}, { projection: { name: 1, age: 0 } }],
    expect: { error: 'BadValue' },
  },
  {
    name: 'find: projection value true is refused by the SDK',
    data: people,
    op: 'find',
    args: [{}, { projection: { name: true } }],
    expect: { error: 'ValidationFailed' },
  },

  // findOne
  { name: 'findOne: the first match in natural order', data: people, op: 'findOne', args: [{ city: 'Rome' }], expect: { affectedDocs: 1, result: p2 } },
  { name: 'findOne: no match is null', data: people, op: 'findOne', args: [{ city: 'Paris' }], expect: { affectedDocs: 0, result: null } },
  {
    name: 'findOne: sort picks the first in sort order',
    data: people,
    op: 'findOne',
    args: [{}, { sort: { age: -1 } }],
    expect: { affectedDocs: 1, result: p4 },
  },
  {
    name: 'findOne: sort and projection',
    data: people,
    op: 'findOne',
    args: [{ city: 'Oslo' }, { sort: { name: -1 }, projection: { name: 1 } }],
    expect: { affectedDocs: 1, result: { _id: 'p3', name: 'Cid' } },
  },

  // count
  { name: 'count: skip', data: people, op: 'count', args: [{}, { skip: 1 }], expect: { affectedDocs: 4, result: 4 } },
  {
    name: 'count: skip then limit',
    data: people,
    op: 'count',
    args: [{ city: { $exists: true } }, { skip: 3, limit: 2 }],
    expect: { affectedDocs: 1, result: 1 },
  },
  { name: 'count: limit 0 means no limit', data: people, op: 'count', args: [{}, { limit: 0 }], expect: { affectedDocs: 5, result: 5 } },

  // distinct
  {
    name: 'distinct: skips documents without the field',
    data: people,
    op: 'distinct',
    args: ['city', {}],
    expect: { affectedDocs: 2, result: ['Oslo', 'Rome'] },
  },
  { name: 'distinct: null values are listed first', data: people, op: 'distinct', args: ['age', {}], expect: { affectedDocs: 4, result: [null, 25, 30, 41] } },
  {
    name: 'distinct: a dotted path into an array of subdocuments, with a query',
    data: orders,
    op: 'distinct',
    args: ['lines.sku', { status: 'open' }],
    expect: { affectedDocs: 3, result: ['x', 'y', 'z'] },
  },
  {
    name: 'distinct: array elements with a query',
    data: people,
    op: 'distinct',
    args: ['scores', { age: { $gte: 30 } }],
    expect: { affectedDocs: 5, result: [1, 3, 4, 9, 10] },
  },
  {
    name: 'distinct: values of several types in BSON order',
    data: mixed,
    op: 'distinct',
    args: ['v', {}],
    expect: { affectedDocs: 6, result: [null, 2, 10, 'b', { x: 1 }, true] },
  },
  { name: 'distinct: query is required by the SDK', data: people, op: 'distinct', args: ['city'], expect: { error: 'ValidationFailed' } },

  // insertOne
  {
    name: 'insertOne: returns the insertedId',
    data: [{ _id: 'a', title: 'x' }],
    op: 'insertOne',
    args: [{ _id: 'n1', title: 't', at: '2024-05-06T07:08:09.010Z', tags: ['a'], meta: { by: 'me' } }],
    expect: { affectedDocs: 1, insertedId: 'n1', result: { insertedId: 'n1' } },
    after: [
      { _id: 'a', title: 'x' },
      { _id: 'n1', title: 't', at: '2024-05-06T07:08:09.010Z', tags: ['a'], meta: { by: 'me' } },
    ],
  },
  {
    name: 'insertOne: a numeric _id sorts before string ids',
    data: [{ _id: 'a', title: 'x' }],
    op: 'insertOne',
    args: [{ _id: 7, title: 'n' }],
    expect: { affectedDocs: 1, insertedId: 7, result: { insertedId: 7 } },
    after: [
      { _id: 7, title: 'n' },
      { _id: 'a', title: 'x' },
    ],
  },
  {
    name: 'insertOne: an existing _id is DuplicateKey',
    data: todos,
    op: 'insertOne',
    args: [{ _id: 'b', title: 'again' }],
    expect: { error: 'DuplicateKey' },
    after: todos,
  },
  { name: 'insertOne: an array _id is BadValue', data: [], op: 'insertOne', args: [{ _id: ['x'], title: 'n' }], expect: { error: 'BadValue' }, after: [] },
  {
    name: 'insertOne: a field name with a dot is refused by the SDK',
    data: [],
    op: 'insertOne',
    args: [{ _id: 'n', 'a.b': 1 }],
    expect: { error: 'ValidationFailed' },
    after: [],
  },
  {
    name: 'insertOne: a field name starting with $ is refused by the SDK',
    data: [],
    op: 'insertOne',
    args: [{ _id: 'n', $x: 1 }],
    expect: { error: 'ValidationFailed' },
    after: [],
  },

  // insertMany
  {
    name: 'insertMany: returns the insertedIds in order',
    data: [{ _id: 'm', title: 'x' }],
    op: 'insertMany',
    args: [[{ _id: 'n2', x: 1 }, { _id: 'n1' }]],
    expect: { affectedDocs: 2, insertedIds: ['n2', 'n1'], result: { insertedIds: ['n2', 'n1'] } },
    after: [{ _id: 'm', title: 'x' }, { _id: 'n1' }, { _id: 'n2', x: 1 }],
  },
  {
    name: 'insertMany: a duplicate _id inside the batch rejects the whole batch',
    data: [],
    op: 'insertMany',
    args: [[{ _id: 'n1' }, { _id: 'n2' }, { _id: 'n1' }]],
    expect: { error: 'DuplicateKey' },
    after: [],
  },
  { name: 'insertMany: an empty list is refused by the SDK', data: [], op: 'insertMany', args: [[]], expect: { error: 'ValidationFailed' }, after: [] },

  // updateOne and updateMany: matching and upserts.
  {
    name: 'updateOne: no match changes nothing',
    data: todos,
    op: 'updateOne',
    args: [{ _id: 'zz' }, { $set: { done: true } }],
    expect: updated(0, 0),
    after: todos,
  },
  {
    name: 'updateOne: updates the first match in natural order',
    data: twins,
    op: 'updateOne',
    args: [{ k: 1 }, { $set: { hit: true } }],
    expect: updated(1, 1),
    after: [
      { _id: 'a', k: 1 },
      { _id: 'z', k: 1, hit: true },
    ],
  },
  {
    name: 'updateOne: upsert takes equality fields from the filter, $and and $eq, not operator conditions',
    data: [],
    op: 'updateOne',
    args: [
      { _id: 'u1', listId: 'inbox', n: { $gt: 5 }, $and: [{ kind: 'task' }], owner: { $eq: 'me' }, 'meta.src': 'web', $or: [{ x: 1 }, { x: 2 }] },
      { $set: { title: 't' } },
      { upsert: true },
    ],
    expect: updated(0, 0, 'u1'),
    after: [{ _id: 'u1', listId: 'inbox', kind: 'task', owner: 'me', meta: { src: 'web' }, title: 't' }],
  },
  {
    name: 'updateOne: upsert applies the update on top of the filter fields',
    data: [],
    op: 'updateOne',
    args: [{ _id: 'u2', n: 5 }, { $inc: { n: 1 }, $push: { log: 'made' } }, { upsert: true }],
    expect: updated(0, 0, 'u2'),
    after: [{ _id: 'u2', n: 6, log: ['made'] }],
  },
  {
    name: 'updateOne: upsert may take its _id from $setOnInsert',
    data: [],
    op: 'updateOne',
    args: [{ key: 'k' }, { $setOnInsert: { _id: 'fixed' }, $set: { v: 1 } }, { upsert: true }],
    expect: updated(0, 0, 'fixed'),
    after: [{ _id: 'fixed', key: 'k', v: 1 }],
  },
  {
    name: 'updateOne: upsert with a match updates it and inserts nothing',
    data: todos,
    op: 'updateOne',
    args: [{ _id: 'c' }, { $set: { done: true }, $setOnInsert: { n: 0 } }, { upsert: true }],
    expect: updated(1, 1),
    after: [todoA, todoB, { ...todoC, done: true }],
  },
  {
    name: 'updateMany: upsert without a match inserts one document',
    data: todos,
    op: 'updateMany',
    args: [{ _id: 'm1', group: 'new' }, { $set: { v: 1 } }, { upsert: true }],
    expect: updated(0, 0, 'm1'),
    after: [...todos, { _id: 'm1', group: 'new', v: 1 }],
  },
  {
    name: 'updateMany: upsert with matches updates them all',
    data: twins,
    op: 'updateMany',
    args: [{ k: 1 }, { $inc: { k: 1 } }, { upsert: true }],
    expect: updated(2, 2),
    after: [
      { _id: 'a', k: 2 },
      { _id: 'z', k: 2 },
    ],
  },

  // replaceOne
  {
    name: 'replaceOne: replaces the whole document and keeps _id',
    data: todos,
    op: 'replaceOne',
    args: [{ _id: 'a' }, { title: 'new' }],
    expect: updated(1, 1),
    after: [{ _id: 'a', title: 'new' }, todoB, todoC],
  },
  {
    name: 'replaceOne: an identical replacement modifies nothing',
    data: twins,
    op: 'replaceOne',
    args: [{ _id: 'a' }, { k: 1 }],
    expect: updated(1, 0),
    after: [
      { _id: 'a', k: 1 },
      { _id: 'z', k: 1 },
    ],
  },
  {
    name: 'replaceOne: changing _id is BadValue',
    data: twins,
    op: 'replaceOne',
    args: [{ _id: 'a' }, { _id: 'b', k: 1 }],
    expect: { error: 'BadValue' },
    after: [
      { _id: 'a', k: 1 },
      { _id: 'z', k: 1 },
    ],
  },
  {
    name: 'replaceOne: no match without upsert changes nothing',
    data: todos,
    op: 'replaceOne',
    args: [{ _id: 'zz' }, { title: 'new' }],
    expect: updated(0, 0),
    after: todos,
  },
  {
    name: 'replaceOne: upsert inserts the replacement with the filter _id only',
    data: [],
    op: 'replaceOne',
    args: [{ _id: 'r1', kind: 'x' }, { title: 'new' }, { upsert: true }],
    expect: updated(0, 0, 'r1'),
    after: [{ _id: 'r1', title: 'new' }],
  },
  {
    name: 'replaceOne: upsert keeps the _id of the replacement',
    data: [],
    op: 'replaceOne',
    args: [{ kind: 'x' }, { _id: 'r2', title: 'y' }, { upsert: true }],
    expect: updated(0, 0, 'r2'),
    after: [{ _id: 'r2', title: 'y' }],
  },

  // findOneAndUpdate
  {
    name: 'findOneAndUpdate: returns the document before the update by default',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ _id: 't1' }, { $inc: { n: 1 } }],
    expect: { affectedDocs: 1, result: t1 },
    after: [{ ...t1, n: 4 }, t2, t3],
  },
  {
    name: 'findOneAndUpdate: returnNewDocument true returns the document after',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ _id: 't1' }, { $inc: { n: 1 } }, { returnNewDocument: true }],
    expect: { affectedDocs: 1, result: { ...t1, n: 4 } },
    after: [{ ...t1, n: 4 }, t2, t3],
  },
  {
    name: 'findOneAndUpdate: returnNewDocument false returns the document before',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ _id: 't1' }, { $inc: { n: 1 } }, { returnNewDocument: false }],
    expect: { affectedDocs: 1, result: t1 },
    after: [{ ...t1, n: 4 }, t2, t3],
  },
  {
    name: 'findOneAndUpdate: sort picks the document to update',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ tag: 'x' }, { $set: { picked: true } }, { sort: { n: 1 } }],
    expect: { affectedDocs: 1, result: t2 },
    after: [t1, { ...t2, picked: true }, t3],
  },
  {
    name: 'findOneAndUpdate: projection applies to the returned document',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ _id: 't3' }, { $inc: { n: 10 } }, { returnNewDocument: true, projection: { n: 1 } }],
    expect: { affectedDocs: 1, result: { _id: 't3', n: 12 } },
    after: [t1, t2, { ...t3, n: 12 }],
  },
  {
    name: 'findOneAndUpdate: no match returns null',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ tag: 'none' }, { $set: { n: 0 } }],
    expect: { affectedDocs: 0, result: null },
    after: tasks,
  },
  {
    name: 'findOneAndUpdate: an update that changes nothing writes nothing',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ _id: 't2' }, { $set: { n: 1 } }, { returnNewDocument: true }],
    expect: { affectedDocs: 0, result: t2 },
    after: tasks,
  },
  {
    name: 'findOneAndUpdate: upsert returns null for the inserted document by default',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ _id: 't9', tag: 'z' }, { $set: { n: 1 } }, { upsert: true }],
    expect: { affectedDocs: 1, result: null },
    after: [...tasks, { _id: 't9', tag: 'z', n: 1 }],
  },
  {
    name: 'findOneAndUpdate: upsert with returnNewDocument returns the inserted document, projected',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ _id: 't9', tag: 'z' }, { $set: { n: 1 } }, { upsert: true, returnNewDocument: true, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: { tag: 'z', n: 1 } },
    after: [...tasks, { _id: 't9', tag: 'z', n: 1 }],
  },
  {
    name: 'findOneAndUpdate: a refused update is BadValue and changes nothing',
    data: tasks,
    op: 'findOneAndUpdate',
    args: [{ _id: 't1' }, { $inc: { tag: 1 } }],
    expect: { error: 'BadValue' },
    after: tasks,
  },

  // findOneAndReplace
  {
    name: 'findOneAndReplace: returns the document before by default',
    data: tasks,
    op: 'findOneAndReplace',
    args: [{ _id: 't1' }, { tag: 'w' }],
    expect: { affectedDocs: 1, result: t1 },
    after: [{ _id: 't1', tag: 'w' }, t2, t3],
  },
  {
    name: 'findOneAndReplace: returnNewDocument true returns the replacement with its _id',
    data: tasks,
    op: 'findOneAndReplace',
    args: [{ _id: 't1' }, { tag: 'w' }, { returnNewDocument: true }],
    expect: { affectedDocs: 1, result: { _id: 't1', tag: 'w' } },
    after: [{ _id: 't1', tag: 'w' }, t2, t3],
  },
  {
    name: 'findOneAndReplace: sort picks the document to replace',
    data: tasks,
    op: 'findOneAndReplace',
    args: [{ tag: 'x' }, { tag: 'x', n: 0 }, { sort: { n: 1 } }],
    expect: { affectedDocs: 1, result: t2 },
    after: [t1, { _id: 't2', tag: 'x', n: 0 }, t3],
  },
  {
    name: 'findOneAndReplace: projection applies to the returned document',
    data: tasks,
    op: 'findOneAndReplace',
    args: [{ _id: 't2' }, { tag: 'w' }, { projection: { tag: 1 } }],
    expect: { affectedDocs: 1, result: { _id: 't2', tag: 'x' } },
    after: [t1, { _id: 't2', tag: 'w' }, t3],
  },
  {
    name: 'findOneAndReplace: upsert returns null for the inserted document by default',
    data: tasks,
    op: 'findOneAndReplace',
    args: [{ _id: 't9', tag: 'q' }, { n: 9 }, { upsert: true }],
    expect: { affectedDocs: 1, result: null },
    after: [...tasks, { _id: 't9', n: 9 }],
  },
  {
    name: 'findOneAndReplace: upsert with returnNewDocument returns the inserted document',
    data: tasks,
    op: 'findOneAndReplace',
    args: [{ _id: 't9', tag: 'q' }, { n: 9 }, { upsert: true, returnNewDocument: true }],
    expect: { affectedDocs: 1, result: { _id: 't9', n: 9 } },
    after: [...tasks, { _id: 't9', n: 9 }],
  },
  {
    name: 'findOneAndReplace: changing _id is BadValue',
    data: tasks,
    op: 'findOneAndReplace',
    args: [{ _id: 't1' }, { _id: 'other', n: 1 }],
    expect: { error: 'BadValue' },
    after: tasks,
  },

  // findOneAndDelete
  {
    name: 'findOneAndDelete: returns the deleted document',
    data: tasks,
    op: 'findOneAndDelete',
    args: [{ _id: 't3' }],
    expect: { affectedDocs: 1, result: t3 },
    after: [t1, t2],
  },
  {
    name: 'findOneAndDelete: sort picks the document to delete',
    data: tasks,
    op: 'findOneAndDelete',
    args: [{ tag: 'x' }, { sort: { n: 1 } }],
    expect: { affectedDocs: 1, result: t2 },
    after: [t1, t3],
  },
  {
    name: 'findOneAndDelete: sort and projection',
    data: tasks,
    op: 'findOneAndDelete',
    args: [{}, { sort: { n: -1 }, projection: { n: 1 } }],
    expect: { affectedDocs: 1, result: { _id: 't1', n: 3 } },
    after: [t2, t3],
  },
  {
    name: 'findOneAndDelete: no match returns null',
    data: tasks,
    op: 'findOneAndDelete',
    args: [{ tag: 'none' }],
    expect: { affectedDocs: 0, result: null },
    after: tasks,
  },

  // deleteOne and deleteMany
  {
    name: 'deleteOne: deletes the first match in natural order',
    data: twins,
    op: 'deleteOne',
    args: [{ k: 1 }],
    expect: { affectedDocs: 1, result: { deletedCount: 1 } },
    after: [{ _id: 'a', k: 1 }],
  },
  {
    name: 'deleteOne: no match deletes nothing',
    data: twins,
    op: 'deleteOne',
    args: [{ k: 2 }],
    expect: { affectedDocs: 0, result: { deletedCount: 0 } },
    after: [
      { _id: 'a', k: 1 },
      { _id: 'z', k: 1 },
    ],
  },
  {
    name: 'deleteOne: filter is required by the SDK',
    data: twins,
    op: 'deleteOne',
    args: [],
    expect: { error: 'ValidationFailed' },
    after: [
      { _id: 'a', k: 1 },
      { _id: 'z', k: 1 },
    ],
  },
  {
    name: 'deleteMany: deletes every match',
    data: tasks,
    op: 'deleteMany',
    args: [{ tag: 'x' }],
    expect: { affectedDocs: 2, result: { deletedCount: 2 } },
    after: [t3],
  },
  {
    name: 'deleteMany: an empty filter deletes everything',
    data: tasks,
    op: 'deleteMany',
    args: [{}],
    expect: { affectedDocs: 3, result: { deletedCount: 3 } },
    after: [],
  },
  { name: 'deleteMany: filter is required by the SDK', data: tasks, op: 'deleteMany', args: [], expect: { error: 'ValidationFailed' }, after: tasks },
];
