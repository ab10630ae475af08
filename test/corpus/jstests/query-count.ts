import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { casesFrom } from './query-helpers';

const COUNT = 'jstests/core/query/count/count.js';
const two = casesFrom(COUNT, 'count', [
  { _id: 1, i: 1 },
  { _id: 2, i: 2 },
]);
const flags = casesFrom(COUNT, 'count two fields', [{ _id: 1, a: true, b: false }]);

// count2 inserts { num: i, m: i % 20 } for i < 1000. The SDK's count takes skip and limit as
// options, which count the way the shell's count(true) does.
const COUNT2 = 'jstests/core/query/count/count2.js';
const thousand: JsonObject[] = Array.from({ length: 1000 }, (_, i) => ({ _id: i + 1, num: i, m: i % 20 }));
const m5 = thousand.filter((d) => d.m === 5).map((d) => d._id as number);

function counted(what: string, query: JsonObject, options: JsonObject | undefined, n: number): CorpusCase {
  return {
    name: `count2: count ${JSON.stringify(query)}${options ? ` with ${JSON.stringify(options)}` : ''}${what}`,
    source: COUNT2,
    data: thousand,
    op: 'count',
    args: options ? [query, options] : [query],
    expect: { affectedDocs: n, result: n },
  };
}

function found(query: JsonObject, options: JsonObject, ids: readonly number[]): CorpusCase {
  return {
    name: `count2: find ${JSON.stringify(query)} with ${JSON.stringify(options)}`,
    source: COUNT2,
    data: thousand,
    op: 'find',
    args: [query, { projection: { _id: 1 }, ...options }],
    expect: { affectedDocs: ids.length, result: ids.map((_id) => ({ _id })) },
  };
}

/** `count` with and without a query, with `skip` and `limit`; `find` with the same. */
export const countCases: CorpusCase[] = [
  two.count({ i: 1 }, 1),
  two.count({}, 2),
  flags.count({ a: true, b: false }, 1),
  flags.count({ b: false, a: true }, 1),
  counted('', {}, undefined, 1000),
  counted('', { m: 5 }, undefined, 50),
  counted('', { m: 5 }, { skip: 10 }, 40),
  counted('', { m: 5 }, { skip: 10, limit: 20 }, 20),
  counted('', { m: 5 }, { skip: 45, limit: 20 }, 5),
  found({ m: 5 }, {}, m5),
  found({ m: 5 }, { skip: 10 }, m5.slice(10)),
  found({ m: 5 }, { skip: 10, limit: 20 }, m5.slice(10, 30)),
  {
    ...counted(' fails (a negative skip)', {}, { skip: -2 }, 0),
    expect: { error: 'InvalidParameter' },
    compat: { note: 'the official SDK refuses a negative skip before sending it (ValidationFailed)', expect: { error: 'ValidationFailed' } },
  },
];
