import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { casesFrom } from './query-helpers';

const OR1 = 'jstests/core/query/or/or1.js';
const or1 = casesFrom(OR1, 'or1', [
  { _id: 0, a: 1 },
  { _id: 1, a: 2 },
  { _id: 2, b: 1 },
  { _id: 3, b: 2 },
  { _id: 4, a: 1, b: 1 },
  { _id: 5, a: 1, b: 2 },
  { _id: 6, a: 2, b: 1 },
  { _id: 7, a: 2, b: 2 },
]);
const or1Arrays = casesFrom(OR1, 'or1 arrays', [{ _id: 1, a: [0, 1], b: [0, 1] }]);

const ORF = 'jstests/core/query/or/orf.js';
const ids200: JsonObject[] = Array.from({ length: 200 }, (_, i) => ({ _id: i }));
const orf = casesFrom(ORF, 'orf 200 clauses', ids200);

const TYPE2 = 'jstests/core/query/type/type2.js';
const type2 = casesFrom(TYPE2, 'type2', [{ _id: 1, a: null }, { _id: 2 }, { _id: 3, a: 'a' }]);

/** `$or` (its argument errors, array fields, many clauses) and `$type: 10` against null and missing. */
export const logicalCases: CorpusCase[] = [
  or1.fails('find', { $or: 'a' }, 'BadValue'),
  or1.fails('find', { $or: [] }, 'BadValue'),
  or1.fails('find', { $or: ['a'] }, 'BadValue'),
  or1.find({ $or: [{ a: 1 }] }, [0, 4, 5]),
  or1.find({ $or: [{ a: 1 }, { b: 2 }] }, [0, 3, 4, 5, 7]),
  or1Arrays.count({ $or: [{ a: { $in: [0, 1] } }] }, 1),
  or1Arrays.count({ $or: [{ b: { $in: [0, 1] } }] }, 1),
  or1Arrays.count({ $or: [{ a: { $in: [0, 1] } }, { b: { $in: [0, 1] } }] }, 1),
  orf.count({ $or: ids200 }, 200),
  type2.count({ a: null }, 2),
  type2.count({ a: { $type: 10 } }, 1),
  type2.count({ a: { $exists: true } }, 2),
  type2.count({ a: { $exists: false } }, 1),
];
