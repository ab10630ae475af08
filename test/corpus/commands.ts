import type { CorpusCase } from './types';

const todos = [
  { _id: 'a', title: 'milk', done: false, n: 3, tags: ['home', 'shop'], at: '2024-01-02T03:04:05.678Z' },
  { _id: 'b', title: 'bread', done: true, n: 1, tags: ['shop'], at: '2024-01-03T03:04:05.678Z' },
  { _id: 'c', title: 'tax', done: false, n: 2, tags: [], at: '2024-01-01T03:04:05.678Z' },
];

/** One or more cases per collection operation and per option, with MongoDB's answers. */
export const commandCases: CorpusCase[] = [
  { name: 'find: no query returns every document in natural order', data: todos, op: 'find', args: [],
    expect: { affectedDocs: 3, result: todos } },
  { name: 'find: sort desc, skip, limit, projection', data: todos, op: 'find', args: [{}, { sort: { n: -1 }, skip: 1, limit: 1, projection: { title: 1 } }],
    expect: { affectedDocs: 1, result: [{ _id: 'c', title: 'tax' }] } },
  { name: 'find: ISO date strings compare as dates do', data: todos, op: 'find', args: [{ at: { $gt: '2024-01-02T00:00:00.000Z' } }, { projection: { _id: 1 } }],
    expect: { affectedDocs: 2, result: [{ _id: 'a' }, { _id: 'b' }] } },
  { name: 'find: a RegExp is sent as {} and matches only an empty object', data: todos, op: 'find', args: [{ title: /mi/ }],
    expect: { affectedDocs: 0, result: [] } },
  { name: 'find: negative limit is refused by the SDK', data: todos, op: 'find', args: [{}, { limit: -1 }],
    expect: { error: 'ValidationFailed' } },
  { name: 'count: query is required by the SDK', data: todos, op: 'count', args: [],
    expect: { error: 'ValidationFailed' } },
  { name: 'count: matching documents', data: todos, op: 'count', args: [{ done: false }],
    expect: { affectedDocs: 2, result: 2 } },
  { name: 'updateOne: $inc on a string is BadValue and changes nothing', data: todos, op: 'updateOne', args: [{ _id: 'a' }, { $inc: { title: 1 } }],
    expect: { error: 'BadValue' }, after: todos },
  { name: 'updateOne: upsert inserts from the filter equalities and $setOnInsert', data: [], op: 'updateOne',
    args: [{ _id: 'x', listId: 'inbox' }, { $set: { title: 't' }, $setOnInsert: { n: 0 } }, { upsert: true }],
    expect: { affectedDocs: 1, result: { matchedCount: 0, modifiedCount: 0, upsertedId: 'x' } },
    after: [{ _id: 'x', listId: 'inbox', title: 't', n: 0 }] },
  { name: 'insertMany: a duplicate _id anywhere rejects the whole batch', data: todos, op: 'insertMany', args: [[{ _id: 'new' }, { _id: 'a' }]],
    expect: { error: 'DuplicateKey' }, after: todos },
  { name: 'distinct: array values count element by element, sorted', data: todos, op: 'distinct', args: ['tags', {}],
    expect: { affectedDocs: 2, result: ['home', 'shop'] } },
  { name: 'aggregate: $group with $sum, then $sort', data: todos, op: 'aggregate',
    args: [[{ $group: { _id: '$done', n: { $sum: '$n' } } }, { $sort: { n: 1 } }]],
    expect: { affectedDocs: 2, result: [{ _id: true, n: 1 }, { _id: false, n: 5 }] } },
  { name: 'aggregate: $lookup reads another collection', data: todos, others: { lists: [{ _id: 'L', todo: 'b', name: 'groceries' }] }, op: 'aggregate',
    args: [[{ $match: { _id: 'b' } }, { $lookup: { from: 'lists', localField: '_id', foreignField: 'todo', as: 'lists' } }, { $project: { lists: 1 } }]],
    expect: { affectedDocs: 1, result: [{ _id: 'b', lists: [{ _id: 'L', todo: 'b', name: 'groceries' }] }] } },
];
