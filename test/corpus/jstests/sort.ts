import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { sortCasesOf, sortErrorCases } from './sort-helpers';

const DOTTED = 'jstests/core/query/sort/sort_dotted_paths.js';
const ARRAY = 'jstests/core/query/sort/sort_array.js';
const PARALLEL = 'jstests/core/query/sort/sort_dotted_paths_parallel_arrays.js';

// The jstest's documents with `a: undefined` and `a: [undefined]` are left out: JSON has no
// undefined, so the SDK cannot send them. The order of the others is unchanged.
const mixedA: JsonObject[] = [
  { _id: 1, a: 1 },
  { _id: 3, a: null },
  { _id: 4, a: {} },
  { _id: 5, a: [] },
  { _id: 6, a: [1] },
  { _id: 7, a: [[1]] },
  { _id: 8 },
];

const aOrB: JsonObject[] = [
  { _id: 1, a: 1, b: [2] },
  { _id: 2, a: 2, b: [] },
  { _id: 3, a: [], b: 4 },
  { _id: 4, a: [1], b: 4 },
  { _id: 5, a: [2, 3], b: 2 },
  { _id: 6, a: 2, b: [3, 5] },
  { _id: 7, a: 1, b: [1, 3] },
  { _id: 8, a: [1, 2], b: 3 },
  { _id: 9, a: 2, b: 3 },
];

const pathOf2: JsonObject[] = [
  { _id: 1, a: { b: 2 } },
  { _id: 2, a: { b: [] } },
  { _id: 3, a: { b: [2, 3] } },
  { _id: 4, a: { c: 1 } },
  { _id: 5, a: [] },
  { _id: 6, a: [{ b: [5] }] },
  { _id: 7, a: [{ b: [4, 5] }, { b: 7 }] },
  { _id: 8, a: [{ b: [1, 3] }, { b: [2, 5] }] },
  { _id: 9, a: [{ b: [] }, { b: [1, 3] }] },
];

const commonPrefix: JsonObject[] = [
  {
    _id: 1,
    a: [
      { b: 4, c: 1 },
      { b: 1, c: 2 },
    ],
  },
  {
    _id: 2,
    a: [
      { b: 2, c: 1 },
      { b: 4, c: 2 },
    ],
  },
  {
    _id: 3,
    a: [
      { b: 6, c: 1 },
      { b: 9, c: 2 },
    ],
  },
  {
    _id: 4,
    a: [
      { b: 4, c: 1 },
      { b: 5, c: 3 },
    ],
  },
  {
    _id: 5,
    a: [
      { b: 2, c: 1 },
      { b: 7, c: 3 },
    ],
  },
  {
    _id: 6,
    a: [
      { b: 5, c: 1 },
      { b: 3, c: 3 },
    ],
  },
  {
    _id: 7,
    a: [
      { b: 7, c: 2 },
      { b: 2, c: 3 },
    ],
  },
  {
    _id: 8,
    a: [
      { b: 3, c: 2 },
      { b: 8, c: 3 },
    ],
  },
  {
    _id: 9,
    a: [
      { b: 8, c: 2 },
      { b: 6, c: 3 },
    ],
  },
];

const commonPrefixArrays: JsonObject[] = [
  {
    _id: 1,
    a: [
      { b: [4, 1], c: 1 },
      { b: [1, 5], c: 2 },
    ],
  },
  {
    _id: 2,
    a: [
      { b: 2, c: [1, 3] },
      { b: 4, c: [2, 4] },
    ],
  },
  {
    _id: 3,
    a: [
      { b: [6, 4], c: 1 },
      { b: [9, 7], c: 2 },
    ],
  },
  {
    _id: 4,
    a: [
      { b: 4, c: [1, 2] },
      { b: 5, c: [3, 2] },
    ],
  },
  {
    _id: 5,
    a: [
      { b: [2, 3], c: 1 },
      { b: [7, 6], c: 3 },
    ],
  },
  {
    _id: 6,
    a: [
      { b: 5, c: [] },
      { b: 3, c: 3 },
    ],
  },
  {
    _id: 7,
    a: [
      { b: [], c: 2 },
      { b: 2, c: 3 },
    ],
  },
  {
    _id: 8,
    a: [
      { b: 3, c: [2] },
      { b: 8, c: [3] },
    ],
  },
  {
    _id: 9,
    a: [
      { b: [8], c: 2 },
      { b: [6], c: 3 },
    ],
  },
];

const noCommonPrefix: JsonObject[] = [
  { _id: 1, a: { b: 1 }, c: [{ d: [4, 1] }, { d: [1, 5] }] },
  { _id: 2, a: [{ b: [1, 3] }, { b: [2, 4] }], c: { d: 2 } },
  { _id: 3, a: { b: 1 }, c: [{ d: [6, 4] }, { d: [9, 7] }] },
  { _id: 4, a: [{ b: [2] }, { b: [3, 2] }], c: { d: 4 } },
  { _id: 5, a: { b: 1 }, c: [{ d: [2, 3] }, { d: [7, 6] }] },
  { _id: 6, a: [{ b: [] }, { b: 3 }], c: { d: 4 } },
  { _id: 7, a: { b: 2 }, c: [{ d: [] }, { d: 2 }] },
  { _id: 8, a: [{ b: [2] }, { b: [3] }], c: { d: 3 } },
  { _id: 9, a: { b: 3 }, c: [{ d: [8] }, { d: [6] }] },
];

const pathOf3: JsonObject[] = [
  { _id: 1, a: { b: { c: 2 } } },
  { _id: 2, a: { b: { c: [] } } },
  { _id: 3, a: [{ b: [] }, { b: { c: [] } }] },
  { _id: 4, a: [{ b: { c: 1 } }] },
  { _id: 5, a: { b: [{ c: 3 }, { d: 1 }] } },
  { _id: 6, a: { b: [{ c: [5] }] } },
  { _id: 7, a: [] },
  { _id: 8, a: { b: [{ c: [1, 3] }, { c: [2, 5] }] } },
  { _id: 9, a: [{ b: [{ c: [] }, { c: [1, 3] }] }] },
];

const dotted: CorpusCase[] = [
  ...sortCasesOf(DOTTED, 'null, missing, {}, [], [1], [[1]]', mixedA, { a: 1, _id: 1 }, [5, 3, 8, 1, 6, 4, 7]),
  ...sortCasesOf(DOTTED, 'null, missing, {}, [], [1], [[1]]', mixedA, { a: -1, _id: 1 }, [7, 4, 1, 6, 3, 8, 5]),
  ...sortCasesOf(DOTTED, 'a.0 over arrays and scalars', mixedA, { 'a.0': 1, _id: 1 }, [1, 3, 4, 5, 8, 6, 7]),
  ...sortCasesOf(DOTTED, 'a.0 over arrays and scalars', mixedA, { 'a.0': -1, _id: 1 }, [7, 6, 1, 3, 4, 5, 8]),
  ...sortCasesOf(DOTTED, 'a or b an array', aOrB, { a: 1, b: 1, _id: 1 }, [3, 7, 1, 8, 4, 2, 5, 6, 9]),
  ...sortCasesOf(DOTTED, 'a or b an array', aOrB, { a: 1, b: -1, _id: 1 }, [3, 4, 7, 8, 1, 6, 9, 5, 2]),
  ...sortCasesOf(DOTTED, 'a or b an array', aOrB, { a: -1, b: 1, _id: 1 }, [5, 2, 6, 8, 9, 7, 1, 4, 3]),
  ...sortCasesOf(DOTTED, 'a or b an array', aOrB, { a: -1, b: -1, _id: 1 }, [5, 6, 8, 9, 2, 4, 7, 1, 3]),
  ...sortCasesOf(DOTTED, 'path of length 2', pathOf2, { 'a.b': 1, _id: 1 }, [2, 9, 4, 5, 8, 1, 3, 7, 6]),
  ...sortCasesOf(DOTTED, 'path of length 2', pathOf2, { 'a.b': 1, _id: -1 }, [9, 2, 5, 4, 8, 3, 1, 7, 6]),
  ...sortCasesOf(DOTTED, 'path of length 2', pathOf2, { 'a.b': -1, _id: 1 }, [7, 6, 8, 3, 9, 1, 4, 5, 2]),
  ...sortCasesOf(DOTTED, 'path of length 2', pathOf2, { 'a.b': -1, _id: -1 }, [7, 8, 6, 9, 3, 1, 5, 4, 2]),
  ...sortCasesOf(DOTTED, 'two paths under one array', commonPrefix, { 'a.c': 1, 'a.b': 1, _id: 1 }, [2, 5, 1, 4, 6, 3, 8, 7, 9]),
  ...sortCasesOf(DOTTED, 'two paths under one array', commonPrefix, { 'a.c': 1, 'a.b': -1, _id: 1 }, [3, 6, 1, 4, 2, 5, 9, 7, 8]),
  ...sortCasesOf(DOTTED, 'two paths under one array', commonPrefix, { 'a.c': -1, 'a.b': 1, _id: 1 }, [7, 6, 4, 9, 5, 8, 1, 2, 3]),
  ...sortCasesOf(DOTTED, 'two paths under one array', commonPrefix, { 'a.c': -1, 'a.b': -1, _id: 1 }, [8, 5, 9, 4, 6, 7, 3, 2, 1]),
  ...sortCasesOf(DOTTED, 'a path and its prefix', commonPrefix, { 'a.c': 1, a: 1, _id: 1 }, [2, 5, 1, 4, 6, 3, 8, 7, 9]),
  ...sortCasesOf(DOTTED, 'a path and its prefix', commonPrefix, { 'a.c': 1, a: -1, _id: 1 }, [3, 6, 1, 4, 2, 5, 9, 7, 8]),
  ...sortCasesOf(DOTTED, 'a path and its prefix', commonPrefix, { 'a.c': -1, a: 1, _id: 1 }, [7, 6, 4, 9, 5, 8, 1, 2, 3]),
  ...sortCasesOf(DOTTED, 'a path and its prefix', commonPrefix, { 'a.c': -1, a: -1, _id: 1 }, [8, 5, 9, 4, 6, 7, 3, 2, 1]),
  ...sortCasesOf(DOTTED, 'two paths under one array, arrays inside', commonPrefixArrays, { 'a.c': 1, 'a.b': 1, _id: 1 }, [6, 1, 2, 5, 3, 4, 7, 8, 9]),
  ...sortCasesOf(DOTTED, 'two paths under one array, arrays inside', commonPrefixArrays, { 'a.c': 1, 'a.b': -1, _id: 1 }, [6, 3, 1, 4, 5, 2, 9, 8, 7]),
  ...sortCasesOf(DOTTED, 'two paths under one array, arrays inside', commonPrefixArrays, { 'a.c': -1, 'a.b': 1, _id: 1 }, [2, 7, 6, 4, 5, 9, 8, 1, 3]),
  ...sortCasesOf(DOTTED, 'two paths under one array, arrays inside', commonPrefixArrays, { 'a.c': -1, 'a.b': -1, _id: 1 }, [2, 8, 5, 9, 4, 6, 7, 3, 1]),
  ...sortCasesOf(DOTTED, 'a path and its prefix, arrays inside', commonPrefixArrays, { 'a.b': 1, a: 1, _id: 1 }, [7, 1, 2, 5, 6, 8, 4, 3, 9]),
  ...sortCasesOf(DOTTED, 'a path and its prefix, arrays inside', commonPrefixArrays, { 'a.b': 1, a: -1, _id: 1 }, [7, 1, 5, 2, 8, 6, 3, 4, 9]),
  ...sortCasesOf(DOTTED, 'a path and its prefix, arrays inside', commonPrefixArrays, { 'a.b': -1, a: 1, _id: 1 }, [3, 8, 9, 5, 6, 4, 1, 2, 7]),
  ...sortCasesOf(DOTTED, 'a path and its prefix, arrays inside', commonPrefixArrays, { 'a.b': -1, a: -1, _id: 1 }, [3, 9, 8, 5, 1, 4, 6, 2, 7]),
  ...sortCasesOf(DOTTED, 'a.0.b over mixed types', commonPrefixArrays, { 'a.0.b': 1, _id: 1 }, [7, 1, 2, 5, 8, 3, 4, 6, 9]),
  ...sortCasesOf(DOTTED, 'a.0.b over mixed types', commonPrefixArrays, { 'a.0.b': 1, _id: -1 }, [7, 1, 5, 2, 8, 4, 3, 6, 9]),
  ...sortCasesOf(DOTTED, 'a.0.b over mixed types', commonPrefixArrays, { 'a.0.b': -1, _id: 1 }, [9, 3, 6, 1, 4, 5, 8, 2, 7]),
  ...sortCasesOf(DOTTED, 'a.0.b over mixed types', commonPrefixArrays, { 'a.0.b': -1, _id: -1 }, [9, 3, 6, 4, 1, 8, 5, 2, 7]),
  ...sortCasesOf(DOTTED, 'two paths without a common prefix', noCommonPrefix, { 'a.b': 1, 'c.d': 1, _id: 1 }, [6, 1, 2, 5, 3, 7, 8, 4, 9]),
  ...sortCasesOf(DOTTED, 'two paths without a common prefix', noCommonPrefix, { 'a.b': 1, 'c.d': -1, _id: 1 }, [6, 3, 5, 1, 2, 4, 8, 7, 9]),
  ...sortCasesOf(DOTTED, 'two paths without a common prefix', noCommonPrefix, { 'a.b': -1, 'c.d': 1, _id: 1 }, [2, 8, 4, 6, 9, 7, 1, 5, 3]),
  ...sortCasesOf(DOTTED, 'two paths without a common prefix', noCommonPrefix, { 'a.b': -1, 'c.d': -1, _id: 1 }, [2, 9, 4, 6, 8, 7, 3, 5, 1]),
  ...sortCasesOf(DOTTED, 'path of length 3', pathOf3, { 'a.b.c': 1, _id: 1 }, [2, 3, 9, 5, 7, 4, 8, 1, 6]),
  ...sortCasesOf(DOTTED, 'path of length 3', pathOf3, { 'a.b.c': 1, _id: -1 }, [9, 3, 2, 7, 5, 8, 4, 1, 6]),
  ...sortCasesOf(DOTTED, 'path of length 3', pathOf3, { 'a.b.c': -1, _id: 1 }, [6, 8, 5, 9, 1, 4, 3, 7, 2]),
  ...sortCasesOf(DOTTED, 'path of length 3', pathOf3, { 'a.b.c': -1, _id: -1 }, [8, 6, 9, 5, 1, 4, 7, 3, 2]),
];

const filterNotBothArrays = { $or: [{ a: { $not: { $type: 'array' } } }, { b: { $not: { $type: 'array' } } }] };
const parallelData: JsonObject[] = [
  { _id: 1, a: [], b: 1 },
  { _id: 2, a: 1, b: [] },
  { _id: 3, a: [], b: [] },
];

const parallel: CorpusCase[] = [
  ...sortErrorCases(PARALLEL, 'a and b both arrays', parallelData, { a: 1, b: 1 }, 'BadValue'),
  ...sortErrorCases(PARALLEL, 'a and b both arrays', parallelData, { _id: 1, a: 1, b: 1 }, 'BadValue'),
  ...sortErrorCases(PARALLEL, 'a and b both arrays', parallelData, { a: 1, _id: 1, b: 1 }, 'BadValue'),
  ...sortErrorCases(PARALLEL, 'a and b both arrays', parallelData, { a: 1, b: 1, _id: 1 }, 'BadValue'),
  ...sortErrorCases(PARALLEL, 'a.b and a.c both arrays', [{ _id: 1, a: { b: [1, 2], c: [3, 4] } }], { 'a.b': 1, 'a.c': 1 }, 'BadValue'),
  ...sortErrorCases(PARALLEL, 'a.b and c.d both arrays', [{ _id: 1, a: { b: [1, 2] }, c: { d: [3, 4] } }], { 'a.b': 1, 'c.d': 1 }, 'BadValue'),
  ...sortCasesOf(DOTTED, 'parallel arrays filtered out', parallelData, { a: 1, b: 1 }, [1, 2], filterNotBothArrays),
  ...sortCasesOf(DOTTED, 'parallel arrays filtered out', parallelData, { _id: 1, a: 1, b: 1 }, [1, 2], filterNotBothArrays),
  ...sortCasesOf(DOTTED, 'parallel arrays filtered out', parallelData, { a: 1, _id: 1, b: 1 }, [1, 2], filterNotBothArrays),
  ...sortCasesOf(DOTTED, 'parallel arrays filtered out', parallelData, { a: 1, b: 1, _id: 1 }, [1, 2], filterNotBothArrays),
];

const xyz: JsonObject[] = [
  {
    _id: 0,
    x: [
      { y: [4, 0, 1], z: 7 },
      { y: 0, z: 9 },
    ],
  },
  {
    _id: 1,
    x: [
      { y: 1, z: 7 },
      { y: 0, z: [8, 6] },
    ],
  },
];
const dEfg: JsonObject[] = [
  { _id: 0, a: 1, b: { c: 1 }, d: [{ e: { f: 1, g: [6, 5, 4] } }, { e: { g: [3, 2, 1] } }] },
  { _id: 1, a: 2, b: { c: 2 }, d: [{ e: { f: 2, g: [5, 4, 3] } }, { e: { g: [2, 1, 0] } }] },
];
const sharedPrefix: JsonObject[] = [
  {
    _id: 2,
    a: [
      { b: 1, c: 2 },
      { b: 2, c: 3 },
    ],
  },
  {
    _id: 0,
    a: [
      { b: 2, c: 0 },
      { b: 1, c: 4 },
    ],
  },
  {
    _id: 1,
    a: [
      { b: 1, c: 5 },
      { b: 2, c: 1 },
    ],
  },
];

const arrays: CorpusCase[] = [
  ...sortCasesOf(
    ARRAY,
    'ascending by the smallest element',
    [
      { _id: 0, a: [3, 0, 1] },
      { _id: 1, a: [8, 4, -1] },
    ],
    { a: 1 },
    [1, 0],
    { a: { $gte: 2 } },
  ),
  ...sortCasesOf(
    ARRAY,
    'descending by the largest element',
    [
      { _id: 0, a: [3, 0, 1] },
      { _id: 1, a: [0, 4, -1] },
    ],
    { a: -1 },
    [1, 0],
    { a: { $gte: 2 } },
  ),
  ...sortCasesOf(
    ARRAY,
    'descending by the largest element, no filter',
    [
      { _id: 0, a: [3, 0, 1] },
      { _id: 1, a: [0, 4, -1] },
    ],
    { a: -1 },
    [1, 0],
  ),
  ...sortCasesOf(
    ARRAY,
    'ascending by the smallest element, no filter',
    [
      { _id: 0, a: [3, 0, 1] },
      { _id: 1, a: [0, 4, -1] },
    ],
    { a: 1 },
    [1, 0],
  ),
  ...sortCasesOf(ARRAY, 'mixed directions under one array', xyz, { 'x.y': 1, 'x.z': -1 }, [0, 1]),
  ...sortCasesOf(ARRAY, 'mixed directions under one array', xyz, { 'x.y': -1, 'x.z': 1 }, [0, 1]),
  ...sortCasesOf(ARRAY, 'filter on one path, sort on another under the same array', xyz, { 'x.z': -1 }, [0, 1], { 'x.y': 1 }),
  ...sortCasesOf(ARRAY, 'filter and sort on the same array path', xyz, { 'x.y': -1 }, [0, 1], { 'x.y': 1 }),
  ...sortCasesOf(ARRAY, 'no match under both paths', xyz, { 'x.y': -1, 'x.z': -1 }, [], { 'x.y': 1, 'x.z': 1 }),
  ...sortCasesOf(ARRAY, 'sort on the array holding the filtered path', xyz, { x: -1 }, [0, 1], { 'x.y': 1 }),
  ...sortCasesOf(
    ARRAY,
    'filter on a scalar that matches nothing',
    [
      { _id: 0, d: 3, e: [1, 2, 3] },
      { _id: 1, d: [0, 4, -1], e: 4 },
    ],
    { e: 1 },
    [],
    { d: 1 },
  ),
  ...sortCasesOf(ARRAY, 'array of arrays inside subdocuments', dEfg, { 'd.e.g': 1 }, [1, 0]),
  ...sortCasesOf(ARRAY, 'trailing path sharing a prefix with the filter', sharedPrefix, { 'a.c': 1 }, [0, 1, 2], { 'a.b': 1 }),
  ...sortCasesOf(
    ARRAY,
    'a.x through a one-element array',
    [
      { _id: 0, a: [{ x: 2 }] },
      { _id: 1, a: [{ x: 1 }] },
      { _id: 2, a: [{ x: 3 }] },
    ],
    { 'a.x': 1 },
    [1, 0, 2],
  ),
  ...sortCasesOf(
    ARRAY,
    'a.x through two-element arrays',
    [
      { _id: 0, a: [{ x: 2 }, { x: 3 }] },
      { _id: 1, a: [{ x: 1 }, { x: 4 }] },
      { _id: 2, a: [{ x: 3 }, { x: 4 }] },
    ],
    { 'a.x': 1 },
    [1, 0, 2],
  ),
];

const S = (n: string) => `jstests/core/query/sort/${n}.js`;
const xs: JsonObject[] = [
  { _id: 1, x: 3, z: 33 },
  { _id: 2, x: 5, z: 33 },
  { _id: 3, x: 2, z: 33 },
  { _id: 4, x: 3, z: 33 },
  { _id: 5, x: 1, z: 33 },
];
const strings: JsonObject[] = [
  { _id: 1, x: 'a' },
  { _id: 2, x: 'aba' },
  { _id: 3, x: 'zed' },
  { _id: 4, x: 'foo' },
];
const ys: JsonObject[] = [
  { _id: 1, x: 1, y: { a: 5, b: 4 } },
  { _id: 2, x: 1, y: { a: 7, b: 3 } },
  { _id: 3, x: 1, y: { a: 2, b: 3 } },
  { _id: 4, x: 1, y: { a: 9, b: 3 } },
];
const names: JsonObject[] = [
  { _id: 1, name: 'A', prename: 'B' },
  { _id: 2, name: 'A', prename: 'C' },
  { _id: 3, name: 'B', prename: 'B' },
  { _id: 4, name: 'B', prename: 'D' },
];
const compound: JsonObject[] = [
  { _id: 5, x: 1, y: { a: 5, b: 4 } },
  { _id: 7, x: 2, y: { a: 7, b: 3 } },
  { _id: 2, x: 3, y: { a: 2, b: 3 } },
  { _id: 9, x: 4, y: { a: 9, b: 3 } },
];
const numeric: JsonObject[] = [3, 3.1, 2.9, 1, 1.9, 5, 4.9, 2.91].map((a, i) => ({ _id: i + 1, a }));
// sorta.js also stores MinKey and MaxKey, which JSON cannot carry; the rest keep their order.
const missing: JsonObject[] = [
  { _id: 1, a: [] },
  { _id: 2, a: [] },
  { _id: 3, a: null },
  { _id: 4 },
  { _id: 5, a: null },
  { _id: 6, a: 1 },
  { _id: 7, a: [2] },
];

const basics: CorpusCase[] = [
  ...sortCasesOf(S('sort1'), 'numbers', xs, { x: 1 }, [5, 3, 1, 4, 2]),
  ...sortCasesOf(S('sort1'), 'numbers', xs, { x: -1 }, [2, 1, 4, 3, 5]),
  {
    name: 'sort: numbers with skip 1 {"x":1}',
    source: S('sort1'),
    data: xs,
    op: 'find',
    args: [{}, { sort: { x: 1 }, skip: 1, limit: 1, projection: { _id: 0, x: 1 } }],
    expect: { affectedDocs: 1, result: [{ x: 2 }] },
  },
  {
    name: 'sort: numbers with skip 1 {"x":-1}',
    source: S('sort1'),
    data: xs,
    op: 'find',
    args: [{}, { sort: { x: -1 }, skip: 1, limit: 1, projection: { _id: 0, x: 1 } }],
    expect: { affectedDocs: 1, result: [{ x: 3 }] },
  },
  ...sortCasesOf(S('sort1'), 'strings', strings, { x: 1 }, [1, 2, 4, 3]),
  ...sortCasesOf(S('sort1'), 'strings', strings, { x: -1 }, [3, 4, 2, 1]),
  {
    name: 'sort: first string with limit 1',
    source: S('sort1'),
    data: strings,
    op: 'findOne',
    args: [{}, { sort: { x: 1 }, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: { x: 'a' } },
  },
  {
    name: 'sort: last string with limit 1',
    source: S('sort1'),
    data: strings,
    op: 'findOne',
    args: [{}, { sort: { x: -1 }, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: { x: 'zed' } },
  },
  ...sortCasesOf(S('sort2'), 'subdocument field', ys, { 'y.a': 1 }, [3, 1, 2, 4]),
  ...sortCasesOf(
    S('sort2'),
    'large and small numbers',
    [
      { _id: 1, x: 1 },
      { _id: 2, x: 5000000000 },
      { _id: 3, x: -2.5 },
    ],
    { x: 1 },
    [3, 1, 2],
  ),
  ...sortCasesOf(S('sort4'), 'two string keys', names, { name: 1, prename: 1 }, [1, 2, 3, 4]),
  ...sortCasesOf(S('sort4'), 'two string keys', names, { prename: 1, name: 1 }, [1, 3, 2, 4]),
  ...sortCasesOf(S('sort4'), 'missing second key first', [...names, { _id: 5, name: 'A' }], { name: 1, prename: 1 }, [5, 1, 2, 3, 4]),
  ...sortCasesOf(
    S('sort4'),
    'missing second key, one more name',
    [...names, { _id: 5, name: 'A' }, { _id: 6, name: 'C' }],
    { name: 1, prename: 1 },
    [5, 1, 2, 3, 4, 6],
  ),
  ...sortCasesOf(S('sort5'), 'compound on subdocument fields', compound, { 'y.b': 1, 'y.a': -1 }, [9, 7, 2, 5]),
  ...sortCasesOf(S('sort5'), 'compound with _id descending', compound, { 'y.b': 1, _id: -1 }, [9, 7, 2, 5]),
  ...sortCasesOf(S('sort5'), 'compound with _id ascending', compound, { 'y.a': 1, 'y.b': 1, _id: 1 }, [2, 5, 7, 9]),
  ...sortCasesOf(
    S('sort6'),
    'null below numbers',
    [
      { _id: 1, c: null },
      { _id: 2, c: 1 },
      { _id: 3, c: 2 },
    ],
    { c: -1 },
    [3, 2, 1],
  ),
  ...sortCasesOf(
    S('sort6'),
    'null below numbers',
    [
      { _id: 1, c: null },
      { _id: 2, c: 1 },
      { _id: 3, c: 2 },
    ],
    { c: 1 },
    [1, 2, 3],
  ),
  ...sortCasesOf(S('sort6'), 'missing below numbers', [{ _id: 1 }, { _id: 2, c: 1 }, { _id: 3, c: 2 }], { c: -1 }, [3, 2, 1]),
  ...sortCasesOf(S('sort6'), 'missing below numbers', [{ _id: 1 }, { _id: 2, c: 1 }, { _id: 3, c: 2 }], { c: 1 }, [1, 2, 3]),
  ...sortCasesOf(
    S('sort8'),
    'array members, not the array',
    [
      { _id: 1, a: [1, 10] },
      { _id: 2, a: 5 },
    ],
    { a: 1 },
    [1, 2],
  ),
  ...sortCasesOf(
    S('sort8'),
    'array members, not the array',
    [
      { _id: 1, a: [1, 10] },
      { _id: 2, a: 5 },
    ],
    { a: -1 },
    [1, 2],
  ),
  ...sortCasesOf(
    S('sort8'),
    'array members with a bound',
    [
      { _id: 1, a: [1, 10] },
      { _id: 2, a: 5 },
    ],
    { a: 1 },
    [1, 2],
    { a: { $gte: 5 } },
  ),
  ...sortCasesOf(
    S('sort8'),
    'array members with an upper bound',
    [
      { _id: 1, a: [1, 10] },
      { _id: 2, a: 5 },
    ],
    { a: -1 },
    [1, 2],
    { a: { $lte: 5 } },
  ),
  ...sortCasesOf(
    S('sort9'),
    'empty array and array holding one',
    [
      { _id: 1, a: [] },
      { _id: 2, a: [[]] },
    ],
    { a: 1 },
    [1, 2],
    { a: { $ne: 4 } },
  ),
  ...sortCasesOf(
    S('sort9'),
    'a.b over empty arrays',
    [
      { _id: 1, a: [] },
      { _id: 2, a: [[]] },
    ],
    { 'a.b': 1 },
    [1, 2],
    { 'a.b': { $ne: 4 } },
  ),
  ...sortCasesOf(
    S('sort9'),
    'a.b over empty arrays, filter on a',
    [
      { _id: 1, a: [] },
      { _id: 2, a: [[]] },
    ],
    { 'a.b': 1 },
    [1, 2],
    { a: { $ne: 4 } },
  ),
  ...sortCasesOf(S('sort9'), 'empty document', [{ _id: 1 }], { a: 1 }, [1], { a: { $ne: 4 } }),
  ...sortCasesOf(S('sort9'), 'empty document by a.b', [{ _id: 1 }], { 'a.b': 1 }, [1], { 'a.b': { $ne: 4 } }),
  ...sortCasesOf(S('sort9'), 'empty document missing a', [{ _id: 1 }], { a: 1 }, [1], { a: { $exists: false } }),
  ...sortCasesOf(S('sort9'), 'empty subdocument', [{ _id: 1, a: {} }], { a: 1 }, [1], { a: { $ne: 4 } }),
  ...sortCasesOf(S('sort9'), 'empty subdocument by a.b', [{ _id: 1, a: {} }], { 'a.b': 1 }, [1], { 'a.b': { $ne: 4 } }),
  ...sortCasesOf(S('sort9'), 'empty subdocument missing a.b', [{ _id: 1, a: {} }], { a: 1 }, [1], { 'a.b': { $exists: false } }),
  ...sortCasesOf(S('sort_numeric'), 'integers and doubles', numeric, { a: 1 }, [4, 5, 3, 8, 1, 2, 7, 6]),
  {
    name: 'count: 3 equals 3.0 among doubles',
    source: S('sort_numeric'),
    data: numeric,
    op: 'count',
    args: [{ a: 3.0 }],
    expect: { affectedDocs: 1, result: 1 },
  },
  ...sortCasesOf(S('sorta'), 'empty arrays, null and missing', missing, { a: 1, _id: 1 }, [1, 2, 3, 4, 5, 6, 7]),
  ...sortCasesOf(S('sort_dotted_paths_numeric'), 'positional a.0', mixedA, { 'a.0': 1, _id: 1 }, [1, 3, 4, 5, 8, 6, 7]),
  ...sortCasesOf(S('sort_dotted_paths_numeric'), 'positional a.0', mixedA, { 'a.0': -1, _id: 1 }, [7, 6, 1, 3, 4, 5, 8]),
  ...sortCasesOf(S('sort_dotted_paths_numeric'), 'positional a.0.b', commonPrefixArrays, { 'a.0.b': 1, _id: 1 }, [7, 1, 2, 5, 8, 3, 4, 6, 9]),
  ...sortCasesOf(S('sort_dotted_paths_numeric'), 'positional a.0.b', commonPrefixArrays, { 'a.0.b': -1, _id: -1 }, [9, 3, 6, 4, 1, 8, 5, 2, 7]),
];

// sort10.js sorts Dates; the SDK sends a Date as its ISO string, and for these years the strings
// sort as the times do.
const iso = (ms: number) => new Date(ms).toISOString();
const dates: JsonObject[] = [-5000000000000, 5000000000000, 0, 5, -5].map((ms, i) => ({ _id: i + 1, x: iso(ms) }));
const firstA = (sort: JsonObject, skip: number, filter: JsonObject, a: number): CorpusCase => ({
  name: `sort: first of ${JSON.stringify(sort)} after skipping ${skip} with ${JSON.stringify(filter)}`,
  source: S('sortc'),
  data: [
    { _id: 1, a: 1 },
    { _id: 2, a: 2 },
  ],
  op: 'find',
  args: [filter, { sort, skip, limit: 1, projection: { _id: 0, a: 1 } }],
  expect: { affectedDocs: 1, result: [{ a }] },
});
const ab6: JsonObject[] = [
  [1, 1],
  [1, 2],
  [1, 3],
  [2, 4],
  [2, 5],
  [2, 0],
].map(([a, b], i) => ({ _id: i + 1, a: a as number, b: b as number }));
const abc8: JsonObject[] = [
  [0, 0, -1],
  [0, 2, 1],
  [1, 1, 1],
  [1, 1, 2],
  [1, 1, 3],
  [1, 2, 4],
  [1, 2, 5],
  [1, 2, 0],
].map(([a, b, c], i) => ({ _id: i + 1, a: a as number, b: b as number, c: c as number }));
const page = (name: string, data: JsonObject[], filter: JsonObject, sort: JsonObject, options: JsonObject, field: string, values: number[]): CorpusCase => ({
  name: `sort: ${name}`,
  source: S('sortk'),
  data,
  op: 'find',
  args: [filter, { sort, ...options, projection: { _id: 0, [field]: 1 } }],
  expect: { affectedDocs: values.length, result: values.map((v) => ({ [field]: v })) },
});
const more: CorpusCase[] = [
  ...sortCasesOf(S('sort10'), 'dates before and after 1970', dates, { x: 1 }, [1, 5, 3, 4, 2]),
  ...sortCasesOf(S('sort10'), 'dates before and after 1970', dates, { x: -1 }, [2, 4, 3, 5, 1]),
  firstA({ a: 1 }, 0, {}, 1),
  firstA({ a: 1 }, 1, {}, 2),
  firstA({ a: 1 }, 0, { a: { $gt: 0 }, b: null }, 1),
  firstA({ a: 1 }, 1, { a: { $gt: 0 }, b: null }, 2),
  firstA({ a: -1 }, 0, {}, 2),
  firstA({ a: -1 }, 1, {}, 1),
  firstA({ a: -1 }, 0, { a: { $gt: 0 }, b: null }, 2),
  firstA({ a: -1 }, 1, { a: { $gt: 0 }, b: null }, 1),
  {
    name: 'sort: an array and a scalar matching $gt 0, with b null',
    source: S('sortd'),
    data: [
      { _id: 1, a: [1, 2, 3, 4, 5] },
      { _id: 2, a: 10 },
    ],
    op: 'find',
    args: [
      { a: { $gt: 0 }, b: null },
      { sort: { a: 1 }, projection: { _id: 1 } },
    ],
    expect: { affectedDocs: 2, result: [{ _id: 1 }, { _id: 2 }] },
  },
  page('$in with limit 1', ab6, { a: { $in: [1, 2] } }, { b: 1 }, { limit: 1 }, 'b', [0]),
  page('$in with limit 2', ab6, { a: { $in: [1, 2] } }, { b: 1 }, { limit: 2 }, 'b', [0, 1]),
  page('$in with skip 1 and limit 1', ab6, { a: { $in: [1, 2] } }, { b: 1 }, { skip: 1, limit: 1 }, 'b', [1]),
  page('$in without limit', ab6, { a: { $in: [1, 2] } }, { b: 1 }, {}, 'b', [0, 1, 2, 3, 4, 5]),
  page('$in with skip 1', ab6, { a: { $in: [1, 2] } }, { b: 1 }, { skip: 1 }, 'b', [1, 2, 3, 4, 5]),
  page('$in descending with limit 1', ab6, { a: { $in: [1, 2] } }, { b: -1 }, { limit: 1 }, 'b', [5]),
  page('$in by a descending then b with limit 1', ab6, { a: { $in: [1, 2] } }, { a: -1, b: 1 }, { limit: 1 }, 'b', [0]),
  page(
    '$in over three values with limit 2',
    ab6.filter((d) => d.b !== 0),
    { a: { $in: [1, 2, 3] } },
    { b: 1 },
    { limit: 2 },
    'b',
    [1, 2],
  ),
  page(
    '$in over three values with a new smallest',
    [...ab6.filter((d) => d.b !== 0), { _id: 9, a: 3, b: 0 }],
    { a: { $in: [1, 2, 3] } },
    { b: 1 },
    { limit: 2 },
    'b',
    [0, 1],
  ),
  // The jstest counts 3; the two equal arrays tie, so the case shows b, the same whatever their order.
  {
    name: 'sort: $in over array values with limit 3',
    source: S('sortk'),
    data: [
      { _id: 1, a: 1, b: [0, 1, 2] },
      { _id: 2, a: 2, b: [0, 1, 2] },
      { _id: 3, a: 1, b: 5 },
    ],
    op: 'find',
    args: [{ a: { $in: [1, 2] } }, { sort: { b: 1 }, limit: 3, projection: { _id: 0, b: 1 } }],
    expect: { affectedDocs: 3, result: [{ b: [0, 1, 2] }, { b: [0, 1, 2] }, { b: 5 }] },
  },
  page('equality and $in with limit 2', abc8, { a: 1, b: { $in: [1, 2] } }, { c: 1 }, { limit: 2 }, 'c', [0, 1]),
  page('$and of equality and $in with limit 2', abc8, { $and: [{ a: 1 }, { b: { $in: [1, 2] } }] }, { c: 1 }, { limit: 2 }, 'c', [0, 1]),
  page('$in sorted by b then c with limit 2', abc8, { a: { $in: [0, 1] } }, { b: 1, c: 1 }, { limit: 2 }, 'b', [0, 1]),
];

/** Cases transcribed from MongoDB's jstests; each names its source file. */
export const sortCases: CorpusCase[] = [...dotted, ...parallel, ...arrays, ...basics, ...more];
