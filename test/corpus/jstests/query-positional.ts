import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';

// The test reads with findOne; the official SDK refuses positional projections in findOne and
// find (ValidationFailed) but sends them with findOneAndDelete, which answers the same document.
const SOURCE = 'jstests/core/query/project/positional_projection.js';

let run = 0;
function single(query: JsonObject, projection: JsonObject, input: JsonObject, expected: JsonObject): CorpusCase {
  run++;
  return {
    name: `positional projection #${run}: ${JSON.stringify(projection)} after ${JSON.stringify(query)}`,
    source: SOURCE,
    data: [{ _id: 1, ...input }],
    op: 'findOneAndDelete',
    args: [query, { projection }],
    expect: { affectedDocs: 1, result: { _id: 1, ...expected } },
    after: [],
  };
}

function fails(query: JsonObject, projection: JsonObject, input: JsonObject, why: string): CorpusCase {
  const doc = { _id: 1, ...input };
  return {
    name: `positional projection fails: ${why}`,
    source: SOURCE,
    data: [doc],
    op: 'findOneAndDelete',
    args: [query, { projection }],
    expect: { error: 'BadValue' },
    after: [doc],
  };
}

const xy = {
  x: [
    { a: 1, b: 2 },
    { a: 2, c: 3 },
    { a: 1, d: 5 },
  ],
  y: [
    { aa: 1, bb: 2 },
    { aa: 2, cc: 3 },
    { aa: 1, dd: 5 },
  ],
};
const pq = {
  a: [
    { p: [1, 2], q: [3, 4] },
    { p: [5, 6], q: [7, 8] },
  ],
  b: [11, 12],
};
const abc = { a: [1, 2, 3], b: [4, 5, 6], c: [7, 8, 9] };
const invalid = {
  x: [
    { a: 1, b: 2 },
    { a: 2, c: 3 },
    { a: 1, d: 5 },
  ],
  y: [{ aa: 1 }],
};

/** Positional projection (`'a.$'`): which element the query matched, on which array, and its errors. */
export const positionalCases: CorpusCase[] = [
  single({ 'x.a': 2 }, { 'x.$': 1 }, xy, { x: [{ a: 2, c: 3 }] }),
  single({ 'x.a': 1 }, { 'x.$': 1 }, xy, { x: [{ a: 1, b: 2 }] }),
  single(
    { 'x.a': 1 },
    { 'x.$': 1 },
    {
      x: [
        { a: 1, b: 3 },
        { a: -6, c: 3 },
      ],
    },
    { x: [{ a: 1, b: 3 }] },
  ),
  single({ 'y.dd': 5 }, { 'y.$': 1 }, xy, { y: [{ aa: 1, dd: 5 }] }),
  single(
    { 'x.y.a': 1 },
    { 'x.y.$': 1 },
    {
      x: {
        y: [
          { a: 1, b: 1 },
          { a: 1, b: 2 },
        ],
      },
    },
    { x: { y: [{ a: 1, b: 1 }] } },
  ),
  single({}, { 'g.$': 1 }, xy, {}),
  single({ 'a.b': 1 }, { 'g.$': 1 }, { a: { b: 1 } }, {}),
  single({ x: 1 }, { 'a.$': 1 }, { x: 1 }, {}),
  single({ x: { $gt: 0 } }, { 'a.b.c.$': 1 }, { x: [-1, 1, 2], a: { b: { d: [1, 2, 3], f: 456 }, e: 123 } }, { a: { b: {} } }),
  single({ x: 1 }, { 'a.b.c.$': 1 }, { x: [1], a: [{ b: [[[{ c: 1, d: 2 }]]] }] }, { a: [{ b: [[[{ c: 1 }]]] }] }),
  single({ x: { $gt: 0 } }, { 'a.b.c.$': 1 }, { x: [-1, 1, 2], a: { b: { c: { d: { e: 1 } } } } }, { a: { b: { c: { d: { e: 1 } } } } }),
  single({ x: { $gt: 0 } }, { 'a.b.c.$': 1 }, { x: [-1, 1, 2], a: { b: { c: 123 } } }, { a: { b: { c: 123 } } }),
  single(
    { 'x.y.z': 1 },
    { 'a.b.c.$': 1 },
    { x: { y: { z: [0, 1, 2] } }, a: [{ b: { c: [1, 2, 3] } }, { b: { c: [4, 5, 6] } }, { b: { c: [7, 8, 9] } }] },
    { a: [{ b: { c: [4, 5, 6] } }] },
  ),
  single(
    { 'x.y.z': 1 },
    { 'a.b.c.$': 1 },
    { x: { y: { z: [0, 1, 2] } }, a: { b: [{ c: [1, 2, 3] }, { c: [4, 5, 6] }, { c: [7, 8, 9] }] } },
    { a: { b: [{ c: [4, 5, 6] }] } },
  ),
  single({ 'x.y.z': 1 }, { 'a.b.c.$': 1 }, { x: { y: { z: [0, 1, 2] } }, a: { b: { c: [1, 2, 3] } } }, { a: { b: { c: [2] } } }),
  single({ x: { $elemMatch: { $gt: 1, $lt: 3 } } }, { 'x.$': 1 }, { x: [1, 2, 3] }, { x: [2] }),
  single({ x: { $elemMatch: { y: { $gt: 1 } } } }, { 'x.$': 1 }, { x: [{ y: 1 }, { y: 2 }, { y: 3 }] }, { x: [{ y: 2 }] }),
  single(
    { x: { $elemMatch: { a: 1, b: 2 } } },
    { 'x.$': 1 },
    {
      x: [
        { a: 1, b: 2 },
        { a: 2, c: 3 },
        { a: 1, d: 5 },
      ],
    },
    { x: [{ a: 1, b: 2 }] },
  ),
  single(
    { a: { $elemMatch: { $elemMatch: { $eq: 3 } } } },
    { 'b.$': 1 },
    {
      a: [
        [1, 2],
        [3, 4],
      ],
      b: [
        [5, 6],
        [7, 8],
      ],
    },
    { b: [[7, 8]] },
  ),
  single({ a: { $elemMatch: { p: { $elemMatch: { $eq: 2 } } } } }, { 'b.$': 1 }, pq, { b: [11] }),
  single({ a: { $elemMatch: { p: { $elemMatch: { $eq: 6 } } } } }, { 'b.$': 1 }, pq, { b: [12] }),
  single({ a: { $elemMatch: { q: { $elemMatch: { $eq: 3 } } } } }, { 'b.$': 1 }, pq, { b: [11] }),
  single({ a: { $elemMatch: { q: { $elemMatch: { $eq: 7 } } } } }, { 'b.$': 1 }, pq, { b: [12] }),
  single(
    { 'y.d': 4 },
    { 'y.$': 1 },
    {
      x: [
        { a: 1, b: 2 },
        { a: 3, b: 4 },
      ],
      y: [
        { c: 1, d: 2 },
        { c: 3, d: 4 },
      ],
    },
    { y: [{ c: 3, d: 4 }] },
  ),
  single({ $and: [{ a: 1 }, { a: 2 }, { a: 3 }] }, { 'b.$': 1 }, { a: [1, 2, 3], b: [4, 5, 6] }, { b: [6] }),
  single({ $and: [{ a: 3 }, { a: 2 }, { a: 1 }] }, { 'b.$': 1 }, { a: [1, 2, 3], b: [4, 5, 6] }, { b: [4] }),
  single({ a: { $in: [2, 3] } }, { 'b.$': 1 }, { a: [1, 2, 3], b: [4, 5, 6] }, { b: [5] }),
  single({ $or: [{ a: 2 }, { a: 3 }] }, { 'b.$': 1 }, { a: [1, 2, 3], b: [4, 5, 6] }, { b: [5] }),
  single({ a: { $elemMatch: { y: { $exists: true } } } }, { 'a.$': 1 }, { a: [{ y: 1 }, { y: 2 }] }, { a: [{ y: 1 }] }),
  single({ a: { $elemMatch: { y: { $type: ['array'] } } } }, { 'a.$': 1 }, { a: [{ y: 1 }, { y: [] }] }, { a: [{ y: [] }] }),
  // The shell's 1 is a double; a JSON 1 reaches MongoDB as an int, so the double here is 1.5.
  single({ a: { $elemMatch: { y: { $type: ['array', 'double'] } } } }, { 'a.$': 1 }, { a: [{ y: 1.5 }, { y: [] }] }, { a: [{ y: 1.5 }] }),

  fails({ x: 1 }, { 'x.$': { $slice: 1 } }, invalid, 'with $slice'),
  fails({ 'x.a': 2 }, { 'x.$': 1, y: 0 }, invalid, 'with an exclusion'),
  fails({ 'x.a': 1, 'y.aa': 1 }, { 'x.$': 1, 'y.$': 1 }, invalid, 'two positional fields'),
  fails({}, { 'x.$': 1 }, invalid, 'no condition recorded an index'),
  fails({ b: [4, 5, 6] }, { 'c.$': 1 }, abc, 'whole-array equality records no index'),
  fails({ $or: [{ a: 1 }, { b: 5 }] }, { 'a.$': 1 }, abc, '$or over two fields records no index'),
  fails({ $or: [{ a: 0 }, { b: 5 }] }, { 'a.$': 1 }, abc, '$or over two fields, one not matching'),
  fails({ $nor: [{ a: -1 }, { a: -2 }] }, { 'a.$': 1 }, abc, '$nor records no index'),
  fails({}, { '.$': 1 }, abc, 'an empty path'),
  fails({ a: { $not: { $elemMatch: { $eq: 100 } } } }, { 'a.$': 1 }, abc, '$not records no index'),
];
