import type { JsonObject, JsonValue } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { sortCasesOf } from './sort-helpers';

const A = (n: string) => `jstests/aggregation/${n}.js`;

/** An aggregate whose answer is exactly `result`. */
function agg(source: string, name: string, data: readonly JsonObject[], pipeline: JsonValue[], result: JsonValue[]): CorpusCase {
  return { name: `aggregate: ${name}`, source, data, op: 'aggregate', args: [pipeline], expect: { affectedDocs: result.length, result } };
}

function aggFails(source: string, name: string, data: readonly JsonObject[], pipeline: JsonValue[], code = 'BadValue'): CorpusCase {
  return { name: `aggregate fails: ${name}`, source, data, op: 'aggregate', args: [pipeline], expect: { error: code } };
}

// count.js inserts 1000 documents; 100 keep the cases small and ask the same questions.
const hundred: JsonObject[] = Array.from({ length: 100 }, (_, i) => ({ _id: i, a: i, condition: i % 2 }));
const COUNT = A('sources/count');
const count: CorpusCase[] = [
  aggFails(COUNT, '$count of a number', [], [{ $count: 1 }]),
  aggFails(COUNT, '$count of an empty name', [], [{ $count: '' }]),
  aggFails(COUNT, '$count of a $ name', [], [{ $count: '$x' }]),
  aggFails(COUNT, '$count of a dotted name', [], [{ $count: 'test.string' }]),
  aggFails(COUNT, '$count named _id', [], [{ $count: '_id' }]),
  agg(COUNT, '$count as test', hundred, [{ $count: 'test' }], [{ test: 100 }]),
  agg(COUNT, '$count as myCount', hundred, [{ $count: 'myCount' }], [{ myCount: 100 }]),
  agg(COUNT, '$count after $match', hundred, [{ $match: { condition: 1 } }, { $count: 'quantity' }], [{ quantity: 50 }]),
];

const GROUP_MISSING = A('sources/group/groupMissing');
const FIRSTLAST = A('sources/group/firstlast');
const firstLast = (
  name: string,
  data: JsonObject[],
  stages: JsonValue[],
  first: JsonValue | undefined,
  last: JsonValue | undefined,
  expr: JsonValue = '$b',
): CorpusCase[] => {
  const pipeline: JsonValue[] = [
    { $sort: { _id: 1 } },
    ...stages,
    { $group: { _id: '$a', first: { $first: expr }, last: { $last: expr } } },
    { $match: { _id: 1 } },
  ];
  const row: JsonObject = { _id: 1 };
  if (first !== undefined) row.first = first;
  if (last !== undefined) row.last = last;
  // A missing value makes $first/$last null in the output (MongoDB writes the missing value as null).
  if (first === undefined) row.first = null;
  if (last === undefined) row.last = null;
  return [agg(FIRSTLAST, `$first and $last: ${name}`, data, pipeline, [row])];
};
const ab = (...pairs: Array<[number, JsonValue | undefined]>): JsonObject[] =>
  pairs.map(([a, b], i) => (b === undefined ? { _id: i + 1, a } : { _id: i + 1, a, b }));
const group: CorpusCase[] = [
  agg(GROUP_MISSING, '$group puts null and missing together', [{ _id: 1, a: null }, { _id: 2 }], [{ $group: { _id: '$a' } }], [{ _id: null }]),
  agg(
    GROUP_MISSING,
    '$group after $sort puts null and missing together',
    [{ _id: 1, a: null }, { _id: 2 }],
    [{ $sort: { a: 1 } }, { $group: { _id: '$a' } }],
    [{ _id: null }],
  ),
  agg(
    A('accumulators/avg_ignore_missing'),
    '$avg ignores missing values',
    [
      { _id: 1, a: 1 },
      { _id: 2, a: 4 },
      { _id: 3, b: 1 },
    ],
    [{ $group: { _id: null, avg: { $avg: '$a' } } }],
    [{ _id: null, avg: 2.5 }],
  ),
  ...[
    ['$missing', 'a missing field'],
    ['$c', 'a string field'],
    ['$d', 'a null field'],
  ].map(([expr, what]) =>
    agg(
      A('accumulators/avg_null_no_input'),
      `$avg of ${what} is null`,
      [{ _id: 1, a: 1, b: 2, c: 'string', d: null }],
      [{ $group: { _id: '$a', avg: { $avg: expr as string } } }],
      [{ _id: 1, avg: null }],
    ),
  ),
  agg(
    A('accumulators/avg_null_no_input'),
    '$avg of null, string and missing is null',
    [
      { _id: 1, a: 1, b: 2, c: 'string', d: null },
      { _id: 2, a: 1, d: 'string' },
      { _id: 3, a: 1 },
    ],
    [{ $group: { _id: '$a', avg: { $avg: '$d' } } }],
    [{ _id: 1, avg: null }],
  ),
  agg(
    A('accumulators/avg_null_no_input'),
    '$avg of one value',
    [{ _id: 1, a: 1, b: 2 }],
    [{ $group: { _id: '$a', avg: { $avg: '$b' } } }],
    [{ _id: 1, avg: 2 }],
  ),
  agg(
    A('accumulators/avg_null_no_input'),
    '$avg of two values',
    [
      { _id: 1, a: 1, b: 2 },
      { _id: 2, a: 1, b: 4 },
    ],
    [{ $group: { _id: '$a', avg: { $avg: '$b' } } }],
    [{ _id: 1, avg: 3 }],
  ),
  agg(
    A('accumulators/avg_null_no_input'),
    '$avg of zero',
    [
      { _id: 1, a: 1, b: 2 },
      { _id: 2, a: 1, b: 4 },
      { _id: 3, a: 1, b: -6 },
    ],
    [{ $group: { _id: '$a', avg: { $avg: '$b' } } }],
    [{ _id: 1, avg: 0 }],
  ),
  agg(
    A('accumulators/avg_null_no_input'),
    '$avg skips missing, string and null',
    [
      { _id: 1, a: 1, b: 2 },
      { _id: 2, a: 1, b: 4 },
      { _id: 3, a: 1, b: -6 },
      { _id: 4, a: 1 },
      { _id: 5, a: 1, b: 'string' },
      { _id: 6, a: 1, b: null },
    ],
    [{ $group: { _id: '$a', avg: { $avg: '$b' } } }],
    [{ _id: 1, avg: 0 }],
  ),
  ...firstLast('one document', ab([1, 1]), [], 1, 1),
  ...firstLast('two documents', ab([1, 1], [1, 2]), [], 1, 2),
  ...firstLast('three documents', ab([1, 1], [1, 2], [1, 3]), [], 1, 3),
  ...firstLast('other groups do not matter', ab([3, 0], [1, 1], [1, 2], [1, 3], [2, 0]), [], 1, 3),
  ...firstLast(
    'through two $project stages',
    ab([3, 0], [1, 1], [1, 2], [1, 3], [2, 0]),
    [{ $project: { x: '$a', y: '$b' } }, { $project: { a: '$x', b: '$y' } }],
    1,
    3,
  ),
  ...firstLast('after a $sort that reverses', ab([3, 0], [1, 1], [1, 2], [1, 3], [2, 0]), [{ $sort: { b: -1 } }], 3, 1),
  ...firstLast('after $limit', ab([1, 1], [1, 2], [1, 3]), [{ $limit: 2 }], 1, 2),
  ...firstLast('after $skip and $limit', ab([1, 1], [1, 2], [1, 3]), [{ $skip: 1 }, { $limit: 2 }], 2, 3),
  ...firstLast('after $skip and $limit of one', ab([1, 1], [1, 2], [1, 3]), [{ $skip: 1 }, { $limit: 1 }], 2, 2),
  ...firstLast('mixed types', ab([1, 1], [1, 2], [1, 3], [1, 'foo']), [], 1, 'foo'),
  ...firstLast('a string and a boolean', ab([1, 'bar'], [1, true]), [], 'bar', true),
  ...firstLast('null first', ab([1, null], [1, 2]), [], null, 2),
  ...firstLast('null last', ab([1, 2], [1, null]), [], 2, null),
  ...firstLast('two nulls', ab([1, null], [1, null]), [], null, null),
  ...firstLast('missing first', ab([1, undefined], [1, 2]), [], undefined, 2),
  ...firstLast('missing last', ab([1, 2], [1, undefined]), [], 2, undefined),
  ...firstLast('both missing', ab([1, undefined], [1, undefined]), [], undefined, undefined),
  ...firstLast(
    'a dotted field through arrays',
    [
      { _id: 1, a: 1, b: [{ c: 1 }, { c: 2 }] },
      { _id: 2, a: 1, b: [{ c: 6 }, {}] },
    ],
    [],
    [1, 2],
    [6],
    '$b.c',
  ),
  ...firstLast('a computed $mod', ab([1, 1], [1, 2]), [], 1, 0, { $mod: ['$b', 2] }),
  ...firstLast('a computed $mod of $add', ab([1, 1], [1, 2]), [], 0, 1, { $mod: [{ $add: ['$b', 1] }, 2] }),
  agg(
    FIRSTLAST,
    '$first of an array keeps it whole',
    [{ _id: 1, mk: [1, 2, 3], notMk: 4 }],
    [{ $group: { _id: '$notMk', acc: { $first: '$mk' } } }],
    [{ _id: 4, acc: [1, 2, 3] }],
  ),
  agg(
    FIRSTLAST,
    '$last of an array keeps it whole',
    [{ _id: 1, mk: [1, 2, 3], notMk: 4 }],
    [{ $group: { _id: '$notMk', acc: { $last: '$mk' } } }],
    [{ _id: 4, acc: [1, 2, 3] }],
  ),
  agg(
    FIRSTLAST,
    '$last after $match keeps the array whole',
    [{ _id: 1, mk: [1, 2, 3], notMk: 4 }],
    [{ $match: { notMk: { $eq: 4 } } }, { $group: { _id: '$notMk', acc: { $last: '$mk' } } }],
    [{ _id: 4, acc: [1, 2, 3] }],
  ),
];

const UNWIND = A('sources/unwind/unwind');
const unwindData: JsonObject[] = [{ _id: 1 }, { _id: 2, x: null }, { _id: 3, x: [] }, { _id: 4, x: [1, 2] }, { _id: 5, x: [3] }, { _id: 6, x: 4 }];
const indexData: JsonObject[] = [{ _id: 0 }, { _id: 1, x: null }, { _id: 2, x: [] }, { _id: 3, x: [1, 2, 3] }, { _id: 4, x: 5 }];
const unwind: CorpusCase[] = [
  agg(
    UNWIND,
    '$unwind of a scalar keeps it',
    unwindData,
    [{ $unwind: '$x' }, { $sort: { _id: 1 } }],
    [
      { _id: 4, x: 1 },
      { _id: 4, x: 2 },
      { _id: 5, x: 3 },
      { _id: 6, x: 4 },
    ],
  ),
  agg(A('sources/unwind/unwind_preserve_null_and_empty_arrays'), '$unwind of nothing', [], [{ $unwind: { path: '$x' } }], []),
  ...[
    [{ _id: 0 }, { _id: 0 }],
    [
      { _id: 0, x: null },
      { _id: 0, x: null },
    ],
    [{ _id: 0, x: [] }, { _id: 0 }],
  ].flatMap(([input, output]) => [
    agg(
      A('sources/unwind/unwind_preserve_null_and_empty_arrays'),
      `$unwind preserving ${JSON.stringify(input)}`,
      [input as JsonObject],
      [{ $unwind: { path: '$x', preserveNullAndEmptyArrays: true } }],
      [output as JsonObject],
    ),
    agg(
      A('sources/unwind/unwind_preserve_null_and_empty_arrays'),
      `$unwind dropping ${JSON.stringify(input)}`,
      [input as JsonObject],
      [{ $unwind: { path: '$x' } }],
      [],
    ),
  ]),
  agg(
    A('sources/unwind/unwind_include_array_index'),
    '$unwind with a path document',
    indexData,
    [{ $unwind: { path: '$x' } }, { $sort: { _id: 1, x: 1 } }],
    [
      { _id: 3, x: 1 },
      { _id: 3, x: 2 },
      { _id: 3, x: 3 },
      { _id: 4, x: 5 },
    ],
  ),
  agg(
    A('sources/unwind/unwind_include_array_index'),
    '$unwind with includeArrayIndex over null, [], an array and a scalar',
    indexData,
    [{ $unwind: { path: '$x', includeArrayIndex: 'index' } }, { $sort: { _id: 1, x: 1 } }],
    [
      { _id: 3, x: 1, index: 0 },
      { _id: 3, x: 2, index: 1 },
      { _id: 3, x: 3, index: 2 },
      { _id: 4, x: 5, index: null },
    ],
  ),
  agg(
    A('sources/unwind/unwind_include_array_index'),
    '$unwind with includeArrayIndex and preserveNullAndEmptyArrays',
    indexData,
    [{ $unwind: { path: '$x', includeArrayIndex: 'index', preserveNullAndEmptyArrays: true } }, { $sort: { _id: 1, x: 1 } }],
    [
      { _id: 0, index: null },
      { _id: 1, x: null, index: null },
      { _id: 2, index: null },
      { _id: 3, x: 1, index: 0 },
      { _id: 3, x: 2, index: 1 },
      { _id: 3, x: 3, index: 2 },
      { _id: 4, x: 5, index: null },
    ],
  ),
  agg(A('sources/unwind/unwind_empty_array'), '$unwind drops an empty array', [{ _id: 0, a: 1, b: [], c: 2 }], [{ $unwind: '$b' }], []),
  agg(
    A('sources/unwind/unwind_empty_array'),
    "$unwind of another document's array",
    [
      { _id: 0, a: 1, b: [], c: 2 },
      { _id: 1, b: [4, 5] },
    ],
    [{ $unwind: '$b' }],
    [
      { _id: 1, b: 4 },
      { _id: 1, b: 5 },
    ],
  ),
  agg(
    A('sources/unwind/unwind_empty_array'),
    '$unwind drops two empty arrays',
    [
      { _id: 0, a: 1, b: [], c: 2 },
      { _id: 1, b: [4, 5] },
      { _id: 2, b: [] },
    ],
    [{ $unwind: '$b' }],
    [
      { _id: 1, b: 4 },
      { _id: 1, b: 5 },
    ],
  ),
  agg(
    A('sources/unwind/unwind_empty_array'),
    '$unwind drops a nested empty array',
    [{ _id: 0, a: 1, b: { x: 10, y: [], z: 20 }, c: 2 }],
    [{ $unwind: '$b.y' }],
    [],
  ),
  agg(A('sources/unwind/unwind_empty_array'), '$unwind drops null', [{ _id: 0, a: 1, b: null, c: 2 }], [{ $unwind: '$b' }], []),
  agg(A('sources/unwind/unwind_empty_array'), '$unwind drops a missing field', [{ _id: 0, a: 1, c: 2 }], [{ $unwind: '$b' }], []),
  agg(A('sources/unwind/unwind_empty_array'), '$unwind drops a missing nested field', [{ _id: 0, a: 1, b: { d: 4 }, c: 2 }], [{ $unwind: '$b.y' }], []),
  agg(A('sources/unwind/unwind_empty_array'), '$unwind drops a path through a scalar', [{ _id: 0, a: 1, b: 10, c: 2 }], [{ $unwind: '$b.y' }], []),
  agg(
    A('sources/unwind/unwind_skip'),
    '$skip after $unwind',
    [{ _id: 0, a: [1, 2, 3] }],
    [{ $unwind: '$a' }, { $skip: 1 }],
    [
      { _id: 0, a: 2 },
      { _id: 0, a: 3 },
    ],
  ),
  agg(
    A('sources/unwind/unwind_skip'),
    '$skip 2 after $unwind of two documents',
    [
      { _id: 0, a: [1, 2, 3] },
      { _id: 1, a: [4, 5, 6] },
    ],
    [{ $unwind: '$a' }, { $skip: 2 }],
    [
      { _id: 0, a: 3 },
      { _id: 1, a: 4 },
      { _id: 1, a: 5 },
      { _id: 1, a: 6 },
    ],
  ),
  agg(
    A('sources/unwind/unwind_sort'),
    '$sort ascending after $unwind',
    [
      { _id: 1, a: [3, 4, 5] },
      { _id: 2, a: [1, 2] },
    ],
    [{ $unwind: '$a' }, { $sort: { a: 1 } }, { $project: { _id: 0 } }],
    [{ a: 1 }, { a: 2 }, { a: 3 }, { a: 4 }, { a: 5 }],
  ),
  agg(
    A('sources/unwind/unwind_sort'),
    '$sort descending after $unwind',
    [
      { _id: 1, a: [3, 4, 5] },
      { _id: 2, a: [1, 2] },
    ],
    [{ $unwind: '$a' }, { $sort: { a: -1 } }, { $project: { _id: 0 } }],
    [{ a: 5 }, { a: 4 }, { a: 3 }, { a: 2 }, { a: 1 }],
  ),
  agg(
    A('sources/unwind/unwind_sort'),
    '$sort by the array index after $unwind',
    [
      { _id: 1, a: [3, 4, 5] },
      { _id: 2, a: [1, 2] },
    ],
    [{ $unwind: { path: '$a', includeArrayIndex: 'i' } }, { $sort: { i: 1, a: 1 } }, { $project: { _id: 0, i: 1 } }],
    [{ i: 0 }, { i: 0 }, { i: 1 }, { i: 1 }, { i: 2 }],
  ),
];

// A computed field at a dotted path through an array (docs/emulator.md, known differences).
const throughArray = (c: CorpusCase, result: JsonObject[]): CorpusCase => ({
  ...c,
  compat: { note: 'a computed $project field through an array replaces the array by one document', expect: { affectedDocs: result.length, result } },
});

const project: CorpusCase[] = [
  agg(
    A('sources/project/handle_missing_subpath'),
    '$project of a missing subpath',
    [
      { _id: 0, a: 1 },
      { _id: 1, foo: 2 },
      { _id: 2, foo: { bar: 3 } },
    ],
    [{ $sort: { _id: 1 } }, { $project: { _id: 0, 'foo.bar': 1, field: '$foo', path: '$foo.bar' } }],
    [{}, { field: 2 }, { foo: { bar: 3 }, field: { bar: 3 }, path: 3 }],
  ),
  agg(
    A('sources/project/project_dotted_paths'),
    '$project of a literal',
    [{ _id: 1, a: [1, { b: 2 }, 3, {}] }],
    [{ $project: { a: { $literal: 'newValue' }, _id: 0 } }],
    [{ a: 'newValue' }],
  ),
  throughArray(
    agg(
      A('sources/project/project_dotted_paths'),
      '$project of a literal at a.b through an array',
      [{ _id: 1, a: [1, { b: 2 }, 3, {}] }],
      [{ $project: { 'a.b': { $literal: 'newValue' }, _id: 0 } }],
      [{ a: [{ b: 'newValue' }, { b: 'newValue' }, { b: 'newValue' }, { b: 'newValue' }] }],
    ),
    [{ a: { b: 'newValue' } }],
  ),
  throughArray(
    agg(
      A('sources/project/project_dotted_paths'),
      '$project of a literal at a.b.c through an array',
      [{ _id: 1, a: [1, { b: 2 }, 3, {}] }],
      [{ $project: { 'a.b.c': { $literal: 'newValue' }, _id: 0 } }],
      [{ a: [{ b: { c: 'newValue' } }, { b: { c: 'newValue' } }, { b: { c: 'newValue' } }, { b: { c: 'newValue' } }] }],
    ),
    [{ a: { b: { c: 'newValue' } } }],
  ),
  agg(
    A('sources/project/non_existent_subfield'),
    '$project of a.b over arrays, documents and scalars',
    [
      { _id: 1, a: [1] },
      { _id: 2, a: { c: 1 } },
      { _id: 3, a: [{ c: 1 }, { b: 1, c: 1 }, { c: 1 }] },
      { _id: 4, a: 1 },
      { _id: 5, b: 1 },
    ],
    [{ $project: { 'a.b': 1 } }, { $sort: { _id: 1 } }],
    [{ _id: 1, a: [] }, { _id: 2, a: {} }, { _id: 3, a: [{}, { b: 1 }, {}] }, { _id: 4 }, { _id: 5 }],
  ),
  {
    name: 'find: projection of a.b over arrays, documents and scalars',
    source: A('sources/project/non_existent_subfield'),
    data: [
      { _id: 1, a: [1] },
      { _id: 2, a: { c: 1 } },
      { _id: 3, a: [{ c: 1 }, { b: 1, c: 1 }, { c: 1 }] },
      { _id: 4, a: 1 },
      { _id: 5, b: 1 },
    ],
    op: 'find',
    args: [{}, { projection: { 'a.b': 1 }, sort: { _id: 1 } }],
    expect: { affectedDocs: 5, result: [{ _id: 1, a: [] }, { _id: 2, a: {} }, { _id: 3, a: [{}, { b: 1 }, {}] }, { _id: 4 }, { _id: 5 }] },
  },
];

const missingKeys: JsonObject[] = [{ _id: 2, a: null }, { _id: 3, a: [] }, { _id: 4 }, { _id: 5 }, { _id: 6, a: [] }, { _id: 7, a: null }];
const missingNested: JsonObject[] = [
  { _id: 2, a: [{ b: null }] },
  { _id: 3, a: [{ b: [] }] },
  { _id: 4, a: [{}] },
  { _id: 5 },
  { _id: 6, a: [{ b: [] }] },
  { _id: 7, a: [{ b: null }] },
];
const sorts: CorpusCase[] = [
  ...sortCasesOf(
    A('sources/sort/array_sort_key_semantics'),
    'by the smallest element',
    [
      { _id: 2, a: [2, 3] },
      { _id: 3, a: [2, 4] },
      { _id: 4, a: [2, 1] },
    ],
    { a: 1, _id: 1 },
    [4, 2, 3],
  ),
  // sort_key_with_missing_fields.js also stores `a: undefined`, which JSON cannot carry; it sorts with [].
  ...sortCasesOf(A('sources/sort/sort_key_with_missing_fields'), 'empty arrays before null and missing', missingKeys, { a: 1, _id: 1 }, [3, 6, 2, 4, 5, 7]),
  ...sortCasesOf(A('sources/sort/sort_key_with_missing_fields'), 'empty arrays before null and missing', missingKeys, { a: -1, _id: -1 }, [7, 5, 4, 2, 6, 3]),
  ...sortCasesOf(
    A('sources/sort/sort_key_with_missing_fields'),
    'a.b: empty arrays before null and missing',
    missingNested,
    { 'a.b': 1, _id: 1 },
    [3, 6, 2, 4, 5, 7],
  ),
  ...sortCasesOf(
    A('sources/sort/sort_key_with_missing_fields'),
    'a.b: empty arrays before null and missing',
    missingNested,
    { 'a.b': -1, _id: -1 },
    [7, 5, 4, 2, 6, 3],
  ),
];

// sort_different_types.js: every BSON type in order; those JSON carries (null, numbers, a string,
// an object, arrays, a boolean) keep their relative order. The jstest shuffles them; here they
// are inserted out of order.
const typesInOrder: JsonObject[] = [
  { _id: 1, a: null },
  { _id: 2, a: 1 },
  { _id: 3, a: 2 },
  { _id: 4, a: '3' },
  { _id: 5, a: {} },
  { _id: 7, a: [[]] },
  { _id: 8, a: [[1, 2, 'a', 'B']] },
  { _id: 11, a: true },
];
const shuffled = [4, 0, 7, 2, 5, 1, 6, 3].map((i) => typesInOrder[i] as JsonObject);
const nested = shuffled.map((d) => ({ _id: d._id as JsonValue, a: { b: d.a as JsonValue } }));
const ascending = typesInOrder.map((d) => d._id as JsonValue);
const TYPES = A('sources/sort/sort_different_types');
const types: CorpusCase[] = [
  ...sortCasesOf(TYPES, 'every JSON type', shuffled, { a: 1 }, ascending),
  ...sortCasesOf(TYPES, 'every JSON type', shuffled, { a: -1 }, [...ascending].reverse()),
  ...sortCasesOf(TYPES, 'every JSON type nested', nested, { a: 1 }, ascending),
  ...sortCasesOf(TYPES, 'every JSON type nested', nested, { 'a.b': 1 }, ascending),
  ...sortCasesOf(TYPES, 'every JSON type nested', nested, { a: -1 }, [...ascending].reverse()),
  ...sortCasesOf(TYPES, 'every JSON type nested', nested, { 'a.b': -1 }, [...ascending].reverse()),
];

const G = (n: string) => A(`sources/group/${n}`);
const groups: CorpusCase[] = [
  agg(
    G('numeric_grouping'),
    '$group of equal numbers sums them together',
    [
      { _id: 1, key: 24, value: 17 },
      { _id: 2, key: 24, value: 8 },
      { _id: 3, key: 24, value: 5 },
      { _id: 4, key: 42, value: 11 },
      { _id: 5, key: 42, value: 13 },
      { _id: 6, key: 42, value: 6 },
    ],
    [{ $group: { _id: '$key', s: { $sum: '$value' } } }, { $sort: { _id: 1 } }],
    [
      { _id: 24, s: 30 },
      { _id: 42, s: 30 },
    ],
  ),
  agg(
    G('group_key_is_array'),
    '$group by an array of missing and null fields',
    [
      { _id: 1, x: null },
      { _id: 2, y: null },
      { _id: 3, x: null, y: null },
    ],
    [{ $group: { _id: ['$x', '$y'] } }],
    [{ _id: [null, null] }],
  ),
  agg(
    G('group_key_is_array'),
    '$group by a document holding that array',
    [
      { _id: 1, x: null },
      { _id: 2, y: null },
      { _id: 3, x: null, y: null },
    ],
    [{ $group: { _id: { z: ['$x', '$y'] } } }],
    [{ _id: { z: [null, null] } }],
  ),
  aggFails(G('group_no_dotted_output_field'), '$group output field with a dot', [], [{ $group: { _id: null, 'bar.baz': { $addToSet: '$foo' } } }]),
  aggFails(G('group_empty_field'), '$group output field that is empty', [{ _id: 1 }], [{ $group: { _id: null, '': { $avg: '$a' } } }]),
  agg(
    G('group_by_empty_object'),
    '$group by an empty document',
    [
      { _id: 1, x: 1 },
      { _id: 2, x: 2 },
    ],
    [{ $group: { _id: {} } }],
    [{ _id: {} }],
  ),
];

const MATCH = A('sources/match/match');
const m3: JsonObject[] = [
  { _id: 0, a: 1 },
  { _id: 1, a: 2 },
  { _id: 2, a: 3 },
];
const matches: CorpusCase[] = [
  aggFails(MATCH, '$match with $mod by zero', m3, [{ $match: { a: { $mod: [0, 0] } } }]),
  agg(MATCH, '$match of nothing', [], [{ $match: {} }], []),
  agg(MATCH, '$match with an empty filter', m3, [{ $match: {} }], m3),
  agg(MATCH, '$match a: 1', m3, [{ $match: { a: 1 } }], [{ _id: 0, a: 1 }]),
  agg(MATCH, '$match after an identity $project', m3, [{ $project: { _id: '$_id', a: '$a' } }, { $match: { a: 2 } }], [{ _id: 1, a: 2 }]),
  agg(
    MATCH,
    '$match $gt',
    m3,
    [{ $match: { a: { $gt: 1 } } }],
    [
      { _id: 1, a: 2 },
      { _id: 2, a: 3 },
    ],
  ),
  agg(
    MATCH,
    '$match $lte',
    m3,
    [{ $match: { a: { $lte: 2 } } }],
    [
      { _id: 0, a: 1 },
      { _id: 1, a: 2 },
    ],
  ),
  agg(
    MATCH,
    '$match $in',
    m3,
    [{ $match: { a: { $in: [1, 3] } } }],
    [
      { _id: 0, a: 1 },
      { _id: 2, a: 3 },
    ],
  ),
  agg(
    MATCH,
    '$match an anchored $regex',
    [
      { _id: 0, a: 'x' },
      { _id: 1, a: 'yx' },
    ],
    [{ $match: { a: { $regex: '^x' } } }],
    [{ _id: 0, a: 'x' }],
  ),
  agg(
    MATCH,
    '$match a $regex anywhere',
    [
      { _id: 0, a: 'x' },
      { _id: 1, a: 'yx' },
    ],
    [{ $match: { a: { $regex: 'x' } } }],
    [
      { _id: 0, a: 'x' },
      { _id: 1, a: 'yx' },
    ],
  ),
  agg(
    MATCH,
    '$match a dotted field',
    [
      { _id: 0, a: { b: 4 } },
      { _id: 1, a: 2 },
    ],
    [{ $match: { 'a.b': 4 } }],
    [{ _id: 0, a: { b: 4 } }],
  ),
  agg(
    MATCH,
    '$match a value within an array',
    [
      { _id: 0, a: [1, 2, 3] },
      { _id: 1, a: [2, 2, 3] },
      { _id: 2, a: [2, 2, 2] },
    ],
    [{ $match: { a: 3 } }],
    [
      { _id: 0, a: [1, 2, 3] },
      { _id: 1, a: [2, 2, 3] },
    ],
  ),
  agg(
    MATCH,
    '$match $elemMatch with $gt and $mod',
    [
      { _id: 0, a: [1, 2] },
      { _id: 1, a: [1, 2, 3] },
    ],
    [{ $match: { a: { $elemMatch: { $gt: 1, $mod: [2, 1] } } } }],
    [{ _id: 1, a: [1, 2, 3] }],
  ),
  agg(
    MATCH,
    '$match $elemMatch on two fields',
    [
      { _id: 0, a: [{ b: 1 }, { c: 2 }] },
      { _id: 1, a: [{ b: 1, c: 2 }] },
    ],
    [{ $match: { a: { $elemMatch: { b: 1, c: 2 } } } }],
    [{ _id: 1, a: [{ b: 1, c: 2 }] }],
  ),
  agg(MATCH, '$match $and of two fields', m3, [{ $match: { $and: [{ a: 2 }, { _id: 1 }] } }], [{ _id: 1, a: 2 }]),
  agg(MATCH, '$match $and that nothing meets', m3, [{ $match: { $and: [{ a: 1 }, { _id: 1 }] } }], []),
  agg(
    MATCH,
    '$match $and of two $or',
    m3,
    [{ $match: { $and: [{ $or: [{ _id: 1 }, { a: 3 }] }, { $or: [{ _id: 2 }, { a: 2 }] }] } }],
    [
      { _id: 1, a: 2 },
      { _id: 2, a: 3 },
    ],
  ),
  agg(
    MATCH,
    '$match $or',
    m3,
    [{ $match: { $or: [{ _id: 0 }, { a: 3 }] } }],
    [
      { _id: 0, a: 1 },
      { _id: 2, a: 3 },
    ],
  ),
];

// skip_with_limit.js counts results with itcount(); here a final $count stage counts them.
const SKIP = A('sources/match/skip_with_limit');
const twenty: JsonObject[] = Array.from({ length: 20 }, (_, y) => ({ _id: y, x: 4, y }));
const counted = (stages: JsonValue[], n: number): CorpusCase =>
  agg(SKIP, `${JSON.stringify(stages)} leaves ${n}`, twenty, [{ $match: { x: 4 } }, ...stages, { $count: 'n' }], n === 0 ? [] : [{ n }]);
const skipLimit: CorpusCase[] = [
  counted([{ $skip: 10 }, { $limit: 5 }], 5),
  counted([{ $skip: 7 }, { $skip: 3 }, { $limit: 5 }], 5),
  counted([{ $skip: 10 }, { $addFields: { y: 1 } }, { $limit: 5 }], 5),
  counted([{ $skip: 10 }, { $group: { _id: '$y' } }, { $limit: 5 }], 5),
  counted([{ $limit: 10 }, { $skip: 5 }], 5),
  counted([{ $limit: 7 }, { $limit: 3 }, { $skip: 1 }], 2),
  counted([{ $limit: 10 }, { $addFields: { y: 1 } }, { $skip: 5 }], 5),
  counted([{ $limit: 10 }, { $group: { _id: '$y' } }, { $skip: 5 }], 5),
  counted([{ $skip: 18 }, { $limit: 5 }], 2),
  counted([{ $skip: 11 }, { $skip: 7 }, { $limit: 5 }], 2),
  counted([{ $skip: 18 }, { $addFields: { y: 1 } }, { $limit: 5 }], 2),
  counted([{ $skip: 18 }, { $group: { _id: '$y' } }, { $limit: 5 }], 2),
  counted([{ $sort: { x: 1 } }, { $skip: 10 }, { $skip: 8 }, { $limit: 5 }], 2),
  counted([{ $skip: 5 }, { $limit: 10 }, { $skip: 5 }, { $limit: 4 }], 4),
  counted([{ $skip: 7 }, { $skip: 4 }, { $limit: 4 }], 4),
  counted([{ $sort: { y: -1 } }, { $skip: 7 }, { $skip: 4 }, { $limit: 4 }], 4),
  counted([{ $skip: 7 }, { $skip: 10 }, { $limit: 4 }], 3),
  counted([{ $sort: { y: -1 } }, { $skip: 7 }, { $skip: 10 }, { $limit: 4 }], 3),
];

/** Aggregation cases transcribed from MongoDB's jstests; each names its source file. */
export const aggregateCases: CorpusCase[] = [...count, ...group, ...groups, ...matches, ...skipLimit, ...unwind, ...project, ...sorts, ...types];
