import type { JsonObject, JsonValue } from '../../../src/core/json';
import type { CorpusCase } from '../types';

const ARRAY1 = 'jstests/core/query/distinct/distinct_array1.js';
const scalars: JsonObject[] = [
  { _id: 1, a: [1, 2, 3] },
  { _id: 2, a: [2, 3, 4] },
  { _id: 3, a: [3, 4, 5] },
  { _id: 4, a: 9 },
];
const subdocs: JsonObject[] = [
  ...scalars,
  { _id: 5, a: [{ b: 'a' }, { b: 'd' }], c: 12 },
  { _id: 6, a: [{ b: 'b' }, { b: 'd' }], c: 12 },
  { _id: 7, a: [{ b: 'c' }, { b: 'e' }], c: 12 },
  { _id: 8, a: [{ b: 'c' }, { b: 'f' }], c: 12 },
  { _id: 9, a: [], c: 12 },
  { _id: 10, a: { b: 'z' }, c: 12 },
];
const ids: JsonObject[] = [...subdocs, { _id: { a: [1, 2, 3] } }, { _id: { a: [2, 3, 4] } }, { _id: { a: [3, 4, 5] } }, { _id: { a: 9 } }];

// The SDK requires a query for distinct: `{}` stands for none.
// Only the answers the test gives without an index (an index may add null, SERVER-14832).
const MULTIKEY = 'jstests/core/query/distinct/distinct_multikey_dotted_path.js';
const flat: JsonObject[] = [
  { _id: 1, a: { b: { c: 1 } } },
  { _id: 2, a: { b: { c: 2 } } },
  { _id: 3, a: { b: { c: 3 } } },
  { _id: 4, a: { b: { notRelevant: 3 } } },
  { _id: 5, a: { notRelevant: 3 } },
];
const multikey: JsonObject[] = [
  ...flat,
  { _id: 6, a: { b: [{ c: 4 }, { c: 5 }] } },
  { _id: 7, a: { b: [{ c: 4 }, { c: 6 }] } },
  { _id: 8, a: { b: { c: [] } } },
];

function distinct(
  source: string,
  what: string,
  data: readonly JsonObject[],
  key: string,
  query: JsonObject | undefined,
  values: readonly JsonValue[],
): CorpusCase {
  return {
    name: `distinct ${what}: ${key}${query ? ` where ${JSON.stringify(query)}` : ''}`,
    source,
    data,
    op: 'distinct',
    args: [key, query ?? {}],
    expect: { affectedDocs: values.length, result: values },
  };
}

/** `distinct` over arrays, array indexes and dotted paths through arrays of subdocuments. */
export const distinctCases: CorpusCase[] = [
  distinct(ARRAY1, 'array elements', scalars, 'a', undefined, [1, 2, 3, 4, 5, 9]),
  distinct(ARRAY1, 'array elements', scalars, 'a.0', undefined, [1, 2, 3]),
  distinct(ARRAY1, 'array elements', scalars, 'a.1', undefined, [2, 3, 4]),
  distinct(ARRAY1, 'arrays of subdocuments', subdocs, 'a.b', undefined, ['a', 'b', 'c', 'd', 'e', 'f', 'z']),
  distinct(ARRAY1, 'arrays of subdocuments', subdocs, 'a.0.b', undefined, ['a', 'b', 'c']),
  distinct(ARRAY1, 'arrays of subdocuments', subdocs, 'a.1.b', undefined, ['d', 'e', 'f']),
  distinct(ARRAY1, 'inside _id', ids, '_id.a', undefined, [1, 2, 3, 4, 5, 9]),
  distinct(ARRAY1, 'inside _id', ids, '_id.a.0', undefined, [1, 2, 3]),
  distinct(ARRAY1, 'inside _id', ids, '_id.a.1', undefined, [2, 3, 4]),
  distinct(MULTIKEY, 'dotted', flat, 'a.b.c', { 'a.b.c': { $gt: 0 } }, [1, 2, 3]),
  distinct(MULTIKEY, 'dotted through arrays', multikey, 'a.b.c', { 'a.b.c': 4 }, [4, 5, 6]),
  distinct(MULTIKEY, 'dotted through arrays', multikey, 'a.b', { 'a.b': { $type: 'array' } }, [{ c: 4 }, { c: 5 }, { c: 6 }]),
  distinct(MULTIKEY, 'dotted through arrays', multikey, 'a.b.0', undefined, [{ c: 4 }]),
  distinct(MULTIKEY, 'dotted through arrays', [...multikey, { _id: 9, a: { b: { 0: 'hello world' } } }], 'a.b.0', { 'a.b.0': { $type: 'object' } }, [{ c: 4 }]),
];
