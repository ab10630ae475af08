import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { refuses, updates } from './update-helpers';

const RENAME = 'jstests/core/rename_operator.js';
const one: JsonObject[] = [{ _id: 1, a: 2 }];
const nested: JsonObject[] = [{ _id: 1, a: [1], b: { c: [2] }, d: [{ e: 3 }], f: 4 }];

// Paths MongoDB refuses whatever the document holds (the jstest runs them on an empty collection
// first; here on one document, where they fail the same way).
const badPaths: CorpusCase[] = [
  ['a', 'a'],
  ['', 'a'],
  ['a', ''],
  ['.a', 'b'],
  ['a', '.b'],
  ['a.', 'b'],
  ['a', 'b.'],
  ['a.b', 'a'],
  ['a.$', 'b'],
  ['a', 'b.$'],
].flatMap(([from, to]) => [
  refuses(RENAME, `$rename ${JSON.stringify(from)} to ${JSON.stringify(to)}`, one, {}, { $rename: { [from as string]: to } }),
  refuses(RENAME, `$rename ${JSON.stringify(from)} to ${JSON.stringify(to)} on no documents`, [], {}, { $rename: { [from as string]: to } }),
]);

const conflicts: CorpusCase[] = [
  refuses(RENAME, '$rename of _id', one, {}, { $rename: { _id: 'a' } }),
  refuses(RENAME, '$set b with $rename a to b', one, {}, { $set: { b: 1 }, $rename: { a: 'b' } }),
  refuses(RENAME, '$rename a to b with $set b', one, {}, { $rename: { a: 'b' }, $set: { b: 1 } }),
  refuses(RENAME, '$rename a to b with $set a', one, {}, { $rename: { a: 'b' }, $set: { a: 1 } }),
  refuses(RENAME, '$set b.c with $rename a to b', one, {}, { $set: { 'b.c': 1 }, $rename: { a: 'b' } }),
  refuses(RENAME, '$set b with $rename a to b.c', one, {}, { $set: { b: 1 }, $rename: { a: 'b.c' } }),
  refuses(RENAME, '$rename a to b with $set b.c', one, {}, { $rename: { a: 'b' }, $set: { 'b.c': 1 } }),
  refuses(RENAME, '$rename a to b.c with $set b', one, {}, { $rename: { a: 'b.c' }, $set: { b: 1 } }),
];

const throughArrays: CorpusCase[] = [
  ['a.0', 'f'],
  ['a.0', 'g'],
  ['f', 'a.0'],
  ['b.c.0', 'f'],
  ['f', 'b.c.0'],
  ['d.e', 'd.f'],
  ['d.e', 'f'],
  ['d.f', 'd.e'],
  ['f', 'd.e'],
  ['d.0.e', 'd.f'],
  ['d.0.e', 'f'],
  ['d.f', 'd.0.e'],
  ['f', 'd.0.e'],
  ['f.g', 'a'],
  ['a', 'f.g'],
].map(([from, to]) => refuses(RENAME, `$rename ${from} to ${to} through an array or a scalar`, nested, {}, { $rename: { [from as string]: to } }));

// The jstest drops `_id` before comparing; here every document has `_id: 1`.
const good = (start: JsonObject, mod: JsonObject, expected: JsonObject, modified = 1): CorpusCase =>
  updates(RENAME, `${JSON.stringify(mod)} on ${JSON.stringify(start)}`, [{ _id: 1, ...start }], {}, mod, [{ _id: 1, ...expected }], { matched: 1, modified });

const goods: CorpusCase[] = [
  good({ a: 1 }, { $rename: { a: 'b' } }, { b: 1 }),
  good({ a: 1 }, { $rename: { a: 'bb' } }, { bb: 1 }),
  good({ b: 1 }, { $rename: { b: 'a' } }, { a: 1 }),
  good({ bb: 1 }, { $rename: { bb: 'a' } }, { a: 1 }),
  good({ a: { y: 1 } }, { $rename: { 'a.y': 'a.z' } }, { a: { z: 1 } }),
  good({ a: { yy: 1 } }, { $rename: { 'a.yy': 'a.z' } }, { a: { z: 1 } }),
  good({ a: { z: 1 } }, { $rename: { 'a.z': 'a.y' } }, { a: { y: 1 } }),
  good({ a: { zz: 1 } }, { $rename: { 'a.zz': 'a.y' } }, { a: { y: 1 } }),
  good({ a: { c: 1 } }, { $rename: { a: 'b' } }, { b: { c: 1 } }),
  good({ aa: { c: 1 } }, { $rename: { aa: 'b' } }, { b: { c: 1 } }),
  good({ a: 1, b: 2 }, { $rename: { a: 'b' } }, { b: 1 }),
  good({ aa: 1, b: 2 }, { $rename: { aa: 'b' } }, { b: 1 }),
  good({ a: 1, bb: 2 }, { $rename: { a: 'bb' } }, { bb: 1 }),
  good({ a: 1 }, { $rename: { a: 'b.c' } }, { b: { c: 1 } }),
  good({ aa: 1 }, { $rename: { aa: 'b.c' } }, { b: { c: 1 } }),
  good({ a: 1, b: {} }, { $rename: { a: 'b.c' } }, { b: { c: 1 } }),
  good({ aa: 1, b: {} }, { $rename: { aa: 'b.c' } }, { b: { c: 1 } }),
  good({ a: 1 }, { $rename: { b: 'c' } }, { a: 1 }, 0),
  good({ aa: 1 }, { $rename: { b: 'c' } }, { aa: 1 }, 0),
  good({}, { $rename: { b: 'c' } }, {}, 0),
  good({ a: { b: 1, c: 2 } }, { $rename: { 'a.b': 'd' } }, { a: { c: 2 }, d: 1 }),
  good({ a: { bb: 1, c: 2 } }, { $rename: { 'a.bb': 'd' } }, { a: { c: 2 }, d: 1 }),
  good({ a: { b: 1 } }, { $rename: { 'a.b': 'd' } }, { a: {}, d: 1 }),
  good({ a: [5] }, { $rename: { a: 'b' } }, { b: [5] }),
  good({ aa: [5] }, { $rename: { aa: 'b' } }, { b: [5] }),
  good({ '0': 1 }, { $rename: { '0': '5' } }, { '5': 1 }),
  good({ a: 1, b: 2 }, { $rename: { a: 'c' }, $set: { b: 5 } }, { b: 5, c: 1 }),
  good({ aa: 1, b: 2 }, { $rename: { aa: 'c' }, $set: { b: 5 } }, { b: 5, c: 1 }),
  good({ a: 1, b: 2 }, { $rename: { z: 'c' }, $set: { b: 5 } }, { a: 1, b: 5 }),
  good({ aa: 1, b: 2 }, { $rename: { z: 'c' }, $set: { b: 5 } }, { aa: 1, b: 5 }),
  good({ a: { z: 1, b: 1 } }, { $rename: { 'a.b': 'a.c' } }, { a: { c: 1, z: 1 } }),
  good({ a: { z: 1, tomato: 1 } }, { $rename: { 'a.tomato': 'a.potato' } }, { a: { potato: 1, z: 1 } }),
  good({ a: { z: 1, b: 1, c: 1 } }, { $rename: { 'a.b': 'a.c' } }, { a: { c: 1, z: 1 } }),
  good({ a: { z: 1, tomato: 1, potato: 1 } }, { $rename: { 'a.tomato': 'a.potato' } }, { a: { potato: 1, z: 1 } }),
  good({ a: { z: 1, b: 1 } }, { $rename: { 'a.b': 'a.cc' } }, { a: { cc: 1, z: 1 } }),
  good({ a: { z: 1, b: 1, c: 1 } }, { $rename: { 'a.b': 'aa.c' } }, { a: { c: 1, z: 1 }, aa: { c: 1 } }),
  good({ a: 1, c: 4 }, { $rename: { b: 'c.d' } }, { a: 1, c: 4 }, 0),
];

/** `$rename` cases from rename_operator.js. */
export const renameCases: CorpusCase[] = [...badPaths, ...conflicts, ...throughArrays, ...goods];
