import type { JsonObject, JsonValue } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { casesFrom } from './query-helpers';

const numbered = (values: readonly JsonValue[]): JsonObject[] => values.map((a, i) => ({ _id: i + 1, a }));

const VALUE = 'jstests/core/query/elemmatch/elemmatch_value.js';
const valueDocs = numbered([
  5,
  [5],
  [3, 7],
  [[5]],
  [[3, 7]],
  [[[5]]],
  [[[3, 7]]],
  { b: 5 },
  { b: [5] },
  { b: [3, 7] },
  [{ b: 5 }],
  [{ b: 3 }, { b: 7 }],
  [{ b: [5] }],
  [{ b: [3, 7] }],
  [[{ b: 5 }]],
  [[{ b: 3 }, { b: 7 }]],
  [[{ b: [5] }]],
  [[{ b: [3, 7] }]],
]);
const v = casesFrom(VALUE, 'elemmatch_value', valueDocs);

const OBJECT = 'jstests/core/query/elemmatch/elemmatch_object.js';
const objectDocs = numbered([
  { b: 1, c: 4 },
  [{ b: 1, c: 4 }],
  [{ b: 2, c: 3 }],
  [
    { b: 1, c: 2 },
    { b: 3, c: 4 },
  ],
  [
    { b: 1, c: 2 },
    { b: 3, c: 4 },
    { b: 1, c: 4 },
  ],
  [{ b: [], c: [] }],
  [{ b: [12, 2], c: [13, 3] }],
  [{ b: [11, 1], c: [14, 4] }],
  [{ b: { w: 1, x: 2 }, c: { y: 3, z: 4 } }],
  [
    {
      b: [
        { w: 5, x: 6 },
        { w: 1, x: 2 },
      ],
      c: [
        { y: 7, z: 8 },
        { y: 3, z: 4 },
      ],
    },
  ],
  [
    {
      b: [
        { w: 5, x: 2 },
        { w: 1, x: 6 },
      ],
      c: [
        { y: 7, z: 4 },
        { y: 3, z: 8 },
      ],
    },
  ],
  [
    {
      b: [
        { w: 5, x: 6 },
        { w: 1, x: 2 },
      ],
      c: [
        { y: 7, z: 4 },
        { y: 3, z: 8 },
      ],
    },
  ],
  [{ b: [{ w: [11, 1], x: [12, 2] }], c: [{ y: [13, 3], z: [14, 4] }] }],
]);
const o = casesFrom(OBJECT, 'elemmatch_object', objectDocs);
const shapes = casesFrom(OBJECT, 'elemmatch_object shapes', [
  { _id: 1 },
  ...numbered([1, 'foo', [], {}, [1], ['foo'], [[]], [{}], [[1]], [1, []], [1, {}], [{ b: 1 }]]).map((d) => ({ ...d, _id: (d._id as number) + 1 })),
]);

const MATCH4 = 'jstests/core/query/array/array_match4.js';
const match4 = casesFrom(MATCH4, 'array_match4', [{ _id: 1, a: [1, 2] }]);

// arrayfind8's checkQuery: documents { a: both }, { a: elemOnly }, { a: standardOnly }; the query on
// `a` (or `a.<field>`) and the same condition inside `$elemMatch`, each with extra constraints.
const ARRAYFIND8 = 'jstests/core/query/array/arrayfind8.js';
let arrayfind8Run = 0;
function checkQuery(sub: JsonObject, both: JsonValue | null, elemOnly: JsonValue | null, standardOnly: JsonValue | null, extra: JsonObject = {}): CorpusCase[] {
  const docs: JsonObject[] = [];
  const ids: Record<string, number> = {};
  for (const [key, value] of [
    ['both', both],
    ['elem', elemOnly],
    ['standard', standardOnly],
  ] as const) {
    if (value === null) continue;
    ids[key] = docs.length + 1;
    docs.push({ _id: docs.length + 1, a: value });
  }
  const first = Object.keys(sub)[0] as string;
  const standard = first.startsWith('$') ? { $and: [{ a: sub }, extra] } : { $and: [{ [`a.${first}`]: sub[first] as JsonValue }, extra] };
  const elem = { $and: [{ a: { $elemMatch: sub } }, extra] };
  const c = casesFrom(ARRAYFIND8, `arrayfind8 #${++arrayfind8Run}`, docs);
  const pick = (...keys: string[]) => keys.map((k) => ids[k]).filter((id): id is number => id !== undefined);
  return [...c.both(standard, pick('both', 'standard')), ...c.both(elem, pick('both', 'elem'))];
}

/** `$elemMatch` over scalars, nested arrays and subdocuments; whole-array comparisons. */
export const elemMatchCases: CorpusCase[] = [
  v.find({ a: { $elemMatch: { $lt: 6, $gt: 4 } } }, [2]),
  v.find({ 'a.b': { $elemMatch: { $lt: 6, $gt: 4 } } }, [9, 13]),
  v.find({ a: { $elemMatch: { $elemMatch: { $lt: 6, $gt: 4 } } } }, [4]),
  v.find({ a: { $elemMatch: { $type: 'number' } } }, [2, 3]),
  v.find({ a: { $elemMatch: { $type: 'array' } } }, [4, 5, 6, 7, 15, 16, 17, 18]),
  v.find({ a: { $elemMatch: { b: { $lt: 6, $gt: 4 } } } }, [11, 13, 14]),
  v.find({ a: { $elemMatch: { b: { $elemMatch: { $lt: 6, $gt: 4 } } } } }, [13]),
  v.find({ a: { $elemMatch: { $elemMatch: { b: { $lt: 6, $gt: 4 } } } } }, [15, 17, 18]),

  o.find({ a: { $elemMatch: { b: 2 } } }, [3, 7]),
  o.find({ a: { $elemMatch: { b: 1 } } }, [2, 4, 5, 8]),
  o.find({ a: { $elemMatch: { b: 1, c: 4 } } }, [2, 5, 8]),
  o.find({ a: { $elemMatch: { b: { $elemMatch: {} }, c: { $elemMatch: {} } } } }, [10, 11, 12, 13]),
  o.find({ a: { $elemMatch: { b: { $elemMatch: { w: 1, x: 2 } }, c: { $elemMatch: {} } } } }, [10, 12, 13]),
  o.find({ a: { $elemMatch: { b: { $elemMatch: { w: 1, x: 2 } }, c: { $elemMatch: { y: 3, z: 4 } } } } }, [10, 13]),
  shapes.find({ a: { $elemMatch: {} } }, [8, 9, 10, 11, 12, 13]),
  shapes.find({ a: { $elemMatch: { $or: [{}, {}] } } }, [8, 9, 10, 11, 12, 13]),

  match4.count({ a: [1, 2] }, 1),
  match4.find({ a: { $gte: [1, 2] } }, [1]),

  ...checkQuery({ $gt: 4 }, [5], null, null),
  ...checkQuery({ $gt: 4, $lt: 6 }, [5], null, [3, 7]),
  ...checkQuery({ $gt: 4, $not: { $gte: 6 } }, [5], null, null),
  ...checkQuery({ $gt: 4, $not: { $ne: 6 } }, [6], null, null),
  ...checkQuery({ $gte: 5, $lte: 5 }, [5], null, [4, 6]),
  ...checkQuery({ $in: [4, 6], $gt: 5 }, [6], null, [4, 7]),
  ...checkQuery({ $regex: '^a' }, ['a'], null, null),
  ...checkQuery({ $gt: 4 }, [5], null, null, { a: { $lt: 6 } }),
  ...checkQuery({ $gte: 5 }, [5], null, null, { a: { $lte: 5 } }),
  ...checkQuery({ $in: [4, 6] }, [6], null, null, { a: { $gt: 5 } }),
  ...checkQuery({ $gt: 4 }, [5], null, null, { a: { $elemMatch: { $lt: 6 } } }),
  ...checkQuery({ $gt: 4 }, [3, 7], null, null, { a: { $elemMatch: { $lt: 6 } } }),
  ...checkQuery({ $gte: 5 }, [5], null, null, { a: { $elemMatch: { $lte: 5 } } }),
  ...checkQuery({ $in: [4, 6] }, [6], null, null, { a: { $elemMatch: { $gt: 5 } } }),
  ...checkQuery({ $elemMatch: { $in: [5] } }, null, [[5]], [5]),
  ...checkQuery({ $elemMatch: { b: { $gte: 1, $lte: 1 } } }, null, [[{ b: 1 }]], [{ b: 1 }]),
  ...checkQuery({ $elemMatch: { b: { $gte: 1, $lte: 1 } } }, null, [[{ b: [0, 2] }]], [{ b: [0, 2] }]),
  ...checkQuery({ b: { $elemMatch: { $gte: 1, $lte: 1 } } }, [{ b: [1] }], null, null),
  ...checkQuery({ b: { $elemMatch: { $gte: 1, $lte: 4 } } }, [{ b: [1] }], null, null),
  ...checkQuery({ b: { $elemMatch: { $gte: 1, $lte: 4 } } }, [{ b: [2] }], null, null, { 'a.b': { $in: [2, 5] } }),
  ...checkQuery({ b: { $elemMatch: { $in: [1, 2] }, $in: [2, 3] } }, [{ b: [2] }], null, [{ b: [1] }, { b: [3] }]),
];
