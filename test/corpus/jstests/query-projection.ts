import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';

// Each case stores one document and reads it back by _id with the projection, as the test does.
// Documents with a dotted field name ("a.b") or undefined cannot be stored through the SDK.
const SEMANTICS = 'jstests/core/query/project/projection_semantics.js';

let id = 0;
function project(projection: JsonObject, input: JsonObject, expected: JsonObject): CorpusCase {
  const _id = ++id;
  const doc = { _id, ...input };
  return {
    name: `projection ${JSON.stringify(projection)} of ${JSON.stringify(input)}`,
    source: SEMANTICS,
    data: [doc],
    op: 'find',
    args: [{ _id }, { projection }],
    expect: { affectedDocs: 1, result: [projection._id === 0 ? expected : { _id, ...expected }] },
  };
}

const includeA = { a: 1 };
const onlyA = { a: 1, _id: 0 };
const includeAB = { 'a.b': 1 };
const onlyAB = { 'a.b': 1, _id: 0 };
const onlyABAC = { 'a.b': 1, 'a.c': 1, _id: 0 };
const onlyABC = { 'a.b.c': 1, _id: 0 };
const onlyA2 = { _id: 0, 'a.2': 1 };

/** Inclusion and exclusion projections of top-level, dotted and numeric paths over subdocuments, arrays and nested arrays. */
export const projectionCases: CorpusCase[] = [
  project(includeA, { a: 'demo', b: 'other', x: 'extra' }, { a: 'demo' }),
  project(includeA, { a: 'demo', aWSuffix: 'other' }, { a: 'demo' }),
  project(includeA, { a: null, b: 'other', x: 'extra' }, { a: null }),
  project(includeA, { b: 'other', x: 'extra' }, {}),
  project(includeA, {}, {}),
  ...[null, {}, [], { x: 1, b: 'scalar' }, 'scalar', { b: {} }, [null], ['scalar'], [[]], [{}], [1, {}, 2], [[1, 2], [{}], 2], [{ b: 'scalar' }]].map((a) =>
    project(includeA, { a }, { a }),
  ),
  project(onlyA, { a: 'demo', b: 'other', x: 'extra' }, { a: 'demo' }),
  project(onlyA, { a: null, b: 'other', x: 'extra' }, { a: null }),
  project(onlyA, { b: 'other', x: 'extra' }, {}),
  project(onlyA, {}, {}),
  ...[null, {}, [], { x: 1, b: 'scalar' }, { b: {} }, [{ b: 'scalar' }]].map((a) => project(onlyA, { a }, { a })),

  project(includeAB, { a: { b: 'demo', y: 'extra' }, x: 'extra' }, { a: { b: 'demo' } }),
  project(includeAB, { a: { b: 'demo', _id: 'extra' } }, { a: { b: 'demo' } }),
  project(
    includeAB,
    {
      a: [
        { b: 1, c: 1 },
        { b: 2, c: 2 },
      ],
      x: 'extra',
    },
    { a: [{ b: 1 }, { b: 2 }] },
  ),
  project(includeAB, { a: [{ b: 1, c: 1 }, { c: 2 }], x: 'extra' }, { a: [{ b: 1 }, {}] }),
  project(includeAB, { b: 'other', x: 'extra' }, {}),
  project(includeAB, {}, {}),
  project(includeAB, { a: {} }, { a: {} }),
  project(includeAB, { a: 'scalar' }, {}),
  project(onlyAB, { a: { b: 'demo', y: 'extra' }, x: 'extra' }, { a: { b: 'demo' } }),
  project(onlyAB, { a: { b: 'demo', _id: 'extra' } }, { a: { b: 'demo' } }),
  project(
    onlyAB,
    {
      a: [
        { b: 1, c: 1 },
        { b: 2, c: 2 },
      ],
      x: 'extra',
    },
    { a: [{ b: 1 }, { b: 2 }] },
  ),
  project(onlyAB, { a: [{ b: 1, c: 1 }, { c: 2 }], x: 'extra' }, { a: [{ b: 1 }, {}] }),
  project(onlyAB, { a: [], x: 'extra' }, { a: [] }),
  project(onlyAB, { a: [{}, {}], x: 'extra' }, { a: [{}, {}] }),
  project(onlyAB, { a: ['scalar', 'scalar'], x: 'extra' }, { a: [] }),
  project(onlyAB, { a: [null] }, { a: [] }),
  project(onlyAB, { a: ['scalar', {}, 'scalar', { c: 1 }], x: 'extra' }, { a: [{}, {}] }),
  project(onlyAB, { a: [[]] }, { a: [[]] }),
  project(onlyAB, { a: [[1, 2, 3]] }, { a: [[]] }),
  project(onlyAB, { a: [[1, { b: 1 }, { b: 2, c: 2 }, 'scalar']] }, { a: [[{ b: 1 }, { b: 2 }]] }),
  project(
    onlyAB,
    { a: [['x', { b: 1 }, { b: 2, c: 2 }, 'x'], [[{ b: 1 }]], [{ b: 1 }, [{ b: 2 }], [[{ b: [2] }]]]] },
    { a: [[{ b: 1 }, { b: 2 }], [[{ b: 1 }]], [{ b: 1 }, [{ b: 2 }], [[{ b: [2] }]]]] },
  ),
  project(onlyAB, { a: [[], [[], [], [1], [{ c: 1 }]], { b: 1 }] }, { a: [[], [[], [], [], [{}]], { b: 1 }] }),
  project(onlyABAC, { a: { b: 'scalar', c: 'scalar', d: 'extra' } }, { a: { b: 'scalar', c: 'scalar' } }),
  project(
    onlyABAC,
    {
      a: [
        { b: 1, c: 2, d: 3 },
        { b: 4, c: 5, d: 6 },
      ],
    },
    {
      a: [
        { b: 1, c: 2 },
        { b: 4, c: 5 },
      ],
    },
  ),
  project(
    onlyABAC,
    {
      a: [
        { b: 1, c: 2 },
        { b: 3, d: 4 },
      ],
    },
    { a: [{ b: 1, c: 2 }, { b: 3 }] },
  ),
  project(
    onlyABAC,
    {
      a: [
        { c: 1, d: 2 },
        { b: 3, d: 4 },
      ],
    },
    { a: [{ c: 1 }, { b: 3 }] },
  ),
  project(onlyABAC, { a: [] }, { a: [] }),
  project(
    onlyABAC,
    { a: [{ b: 1, c: 2 }, 'extra', { b: 3, c: 4 }] },
    {
      a: [
        { b: 1, c: 2 },
        { b: 3, c: 4 },
      ],
    },
  ),
  project(onlyABAC, { a: { b: 'scalar', d: 'extra' } }, { a: { b: 'scalar' } }),
  project(onlyABAC, { a: { c: 'scalar', d: 'extra' } }, { a: { c: 'scalar' } }),
  project(onlyABAC, { a: { d: 'extra' } }, { a: {} }),
  project(onlyABC, { a: { b: { c: 'demo', z: 'extra' }, y: 'extra' }, x: 'extra' }, { a: { b: { c: 'demo' } } }),
  project(onlyABC, { a: [{ b: { c: 1, d: 1 } }, { b: { c: 2, d: 2 } }] }, { a: [{ b: { c: 1 } }, { b: { c: 2 } }] }),
  project(
    onlyABC,
    {
      a: {
        b: [
          { c: 1, d: 1 },
          { c: 2, d: 2 },
        ],
      },
    },
    { a: { b: [{ c: 1 }, { c: 2 }] } },
  ),
  project(
    onlyABC,
    {
      a: [
        {
          b: [
            { c: 1, d: 1 },
            { c: 2, d: 2 },
          ],
        },
        {
          b: [
            { c: 3, d: 3 },
            { c: 4, d: 4 },
          ],
        },
      ],
    },
    { a: [{ b: [{ c: 1 }, { c: 2 }] }, { b: [{ c: 3 }, { c: 4 }] }] },
  ),
  project(
    onlyABC,
    {
      a: [
        {
          b: [
            { c: [1, 2, 3], d: 1 },
            { c: [2, 3, 4], d: 2 },
          ],
        },
        {
          b: [
            { c: [3, 4, 5], d: 3 },
            { c: [4, 5, 6], d: 4 },
          ],
        },
      ],
    },
    { a: [{ b: [{ c: [1, 2, 3] }, { c: [2, 3, 4] }] }, { b: [{ c: [3, 4, 5] }, { c: [4, 5, 6] }] }] },
  ),
  project(
    onlyABC,
    {
      a: [
        { bPrime: [{ c: 'x' }, { c: 'x' }] },
        {
          b: [
            { cPrime: 'x', d: 1 },
            { cPrime: 'x', d: 2 },
          ],
        },
        { b: [{ c: 3, d: 3 }, { cPrime: 'x', d: 4 }, { c: 5 }] },
        { bPrime: { somethingDifferent: 'just because' } },
      ],
    },
    { a: [{}, { b: [{}, {}] }, { b: [{ c: 3 }, {}, { c: 5 }] }, {}] },
  ),
  project(onlyABC, {}, {}),
  project(onlyABC, { b: 'other', x: 'extra' }, {}),
  project(onlyABC, { a: 'scalar' }, {}),
  project(onlyABC, { a: null }, {}),
  project(onlyABC, { a: {} }, { a: {} }),
  project(onlyABC, { a: { bPrime: { c: 1 } } }, { a: {} }),
  project(onlyABC, { a: { b: 'scalar' } }, { a: {} }),
  project(onlyABC, { a: { b: { x: 1, y: 1 } } }, { a: { b: {} } }),
  project(onlyABC, { a: [], x: 'extra' }, { a: [] }),
  project(onlyABC, { a: [{}, {}], x: 'extra' }, { a: [{}, {}] }),
  project(onlyABC, { a: ['scalar', 'scalar'], x: 'extra' }, { a: [] }),
  project(onlyABC, { a: [null] }, { a: [] }),
  project(onlyABC, { a: ['scalar', {}, 'scalar', { c: 1 }], x: 'extra' }, { a: [{}, {}] }),
  project(onlyABC, { a: [[]] }, { a: [[]] }),
  project(onlyABC, { a: [[1, 2, 3]] }, { a: [[]] }),
  project(onlyABC, { a: { b: [] } }, { a: { b: [] } }),
  project(onlyABC, { a: { b: ['scalar'] } }, { a: { b: [] } }),
  project(onlyABC, { a: { b: [[]] } }, { a: { b: [[]] } }),
  project(onlyABC, { a: [{ b: 'scalar' }] }, { a: [{}] }),
  project(onlyABC, { a: [{ b: [] }] }, { a: [{ b: [] }] }),
  project(onlyABC, { a: [{ b: ['scalar'] }] }, { a: [{ b: [] }] }),
  project(onlyABC, { a: [{ b: [[]] }] }, { a: [{ b: [[]] }] }),
  project(onlyABC, { a: [{ b: { x: 1 } }] }, { a: [{ b: {} }] }),
  project(onlyABC, { a: [{ b: [{}] }] }, { a: [{ b: [{}] }] }),
  project(onlyABC, { a: [[1, { b: 1 }, { b: 2, c: 2 }, 'scalar']] }, { a: [[{}, {}]] }),
  project(onlyABC, { a: [1, { b: [[1, 2], [{}], 2] }, 2] }, { a: [{ b: [[], [{}]] }] }),
  project(onlyABC, { a: [[1, 2], [{ b: [[1, 2], [{ c: [[1, 2], [{}], 2] }], 2] }], 2] }, { a: [[], [{ b: [[], [{ c: [[1, 2], [{}], 2] }]] }]] }),
  project(
    onlyABC,
    { a: [['x', { b: 1 }, { b: 2, c: 2 }, 'x'], [[{ b: 1 }]], [{ b: 1 }, [{ b: 2 }], [[{ b: [2] }]]]] },
    { a: [[{}, {}], [[{}]], [{}, [{}], [[{ b: [] }]]]] },
  ),
  project(onlyABC, { a: [[], [[], [], [1], [{ x: 1 }]], { b: 1 }] }, { a: [[], [[], [], [], [{}]], {}] }),
  project(onlyABC, { a: [{ b: { x: 1, c: 'scalar' } }] }, { a: [{ b: { c: 'scalar' } }] }),
  project(onlyABC, { a: [1, { b: { c: { x: 1 } } }, 2] }, { a: [{ b: { c: { x: 1 } } }] }),
  project(onlyABC, { a: [[1, 2], [{ b: { x: 1, c: 'scalar' } }], 2] }, { a: [[], [{ b: { c: 'scalar' } }]] }),
  project(onlyABC, { a: { b: [1, { c: 'scalar' }, 2] } }, { a: { b: [{ c: 'scalar' }] } }),
  project(onlyABC, { a: { b: [[1, 2], [{ c: 'scalar' }], 2] } }, { a: { b: [[], [{ c: 'scalar' }]] } }),
  project(onlyABC, { a: { x: 1, b: { x: 1, c: ['scalar'] } } }, { a: { b: { c: ['scalar'] } } }),
  project(onlyABC, { a: { b: { c: [[1, 2], [{}], 2] } } }, { a: { b: { c: [[1, 2], [{}], 2] } } }),
  project(onlyABC, { a: { x: 1, b: [1, { c: [[1, 2], [{}], 2] }, 2] } }, { a: { b: [{ c: [[1, 2], [{}], 2] }] } }),
  project(onlyABC, { a: [1, { b: [1, { c: 'scalar' }, 2] }, 2] }, { a: [{ b: [{ c: 'scalar' }] }] }),
  project(onlyABC, { a: [[1, 2], [{ b: [[1, 2], [{ c: 'scalar' }], 2] }], 2] }, { a: [[], [{ b: [[], [{ c: 'scalar' }]] }]] }),
  project(onlyABC, { a: [1, { b: { x: 1, c: [[]] } }, 2] }, { a: [{ b: { c: [[]] } }] }),
  project(onlyABC, { a: [{ b: [[1, 2], [{ c: ['scalar'] }], 2] }] }, { a: [{ b: [[], [{ c: ['scalar'] }]] }] }),

  project({ a: 0 }, { a: 1, b: 1, c: 1 }, { b: 1, c: 1 }),
  project({ a: 0, b: 0 }, { a: 1, b: 1, c: 1 }, { c: 1 }),
  project({ 'a.b': 0 }, { a: { b: 1, c: 1, d: 1 }, x: { y: 1, z: 1 } }, { a: { c: 1, d: 1 }, x: { y: 1, z: 1 } }),
  project({ 'a.b': 0 }, { a: ['scalar', { b: 1, c: 1, d: 1 }, { b: 2, c: 2 }, { b: 3 }] }, { a: ['scalar', { c: 1, d: 1 }, { c: 2 }, {}] }),
  project({ 'a.b': 0, 'a.c': 0 }, { a: [{ b: 1, c: 1, d: 1 }, { b: 2, c: 2 }, { b: 3 }] }, { a: [{ d: 1 }, {}, {}] }),
  project({ 'a.b': 0 }, { a: [] }, { a: [] }),
  project({ 'a.b.c': 0 }, { a: [[], [{ b: [[1, 2], { c: 1, d: 1 }] }]] }, { a: [[], [{ b: [[1, 2], { d: 1 }] }]] }),

  project(onlyA2, { a: { 2: 99 }, b: 1 }, { a: { 2: 99 } }),
  project(onlyA2, { a: [0, 1, 2, 3, 4] }, { a: [] }),
  project(onlyA2, { a: [{ x: 1 }, { y: 1 }, { z: 1 }] }, { a: [{}, {}, {}] }),
  project(onlyA2, { a: [0, 1, 2, 3, 4, { obj: 123 }, { 2: 123 }] }, { a: [{}, { 2: 123 }] }),
  project({ _id: 1 }, {}, {}),
  project({ _id: 0 }, {}, {}),
];
