import { Query } from 'mingo/query';
import { describe, expect, it } from 'vitest';
import type { Doc, JsonObject, JsonValue } from '../../src/core/json';
import { seededRandom, type Random } from '../../src/core/random';
import { compileFastFilter } from '../../src/query/fast-filter';
import { compileFilter } from '../../src/query/filter';
import { MINGO_OPTIONS } from '../../src/query/mingo-context';
import { rewriteFilter } from '../../src/query/filter-rewrite';

// Replay or vary a run with FAST_FILTER_SEED=<integer>; the default keeps CI deterministic.
const SEED = Number(process.env.FAST_FILTER_SEED ?? 20_250_611);
const DOCS = 2_000;
const FILTERS = 2_500;

/** mingo's answer, exactly as compileFilter would get it without the fast path. */
function mingoTest(filter: JsonObject): (doc: Doc) => boolean {
  const query = new Query(rewriteFilter(filter), MINGO_OPTIONS);
  return (doc) => query.test(doc);
}

/** A value as a JavaScript literal, so a failure can be pasted back (-0 and NaN survive). */
function show(value: unknown): string {
  if (Object.is(value, -0)) return '-0';
  if (value === undefined || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${show(v)}`)
      .join(', ')} }`;
  return JSON.stringify(value);
}

const SCALARS: readonly JsonValue[] = [null, 0, -0, 1, -1, 2, 2.5, -2.5, 10, 1e21, -1e-7, '', 'a', 'b', 'B', 'ab', '1', '10', '2', '-1', true, false];
const FIELDS = ['a', 'b', 'c', '_id'];
const SUBFIELDS = ['x', 'y'];
const PATHS = ['a', 'b', 'c', '_id', 'a.x', 'a.y', 'b.x', 'a.x.y', 'a.x.x', 'c.y.x'];

function generators(random: Random) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number) => random() < p;
  const value = (depth: number): JsonValue => {
    const r = random();
    if (depth >= 3 || r < 0.45) return pick(SCALARS);
    if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    const obj: JsonObject = {};
    for (const k of SUBFIELDS) if (chance(0.7)) obj[k] = value(depth + 1);
    return obj;
  };
  const doc = (i: number): Doc => {
    const d: Doc = { _id: chance(0.8) ? `d${i}` : pick(SCALARS) };
    for (const f of FIELDS.slice(0, 3)) if (chance(0.8)) d[f] = value(0);
    return d;
  };

  // Each generator returns the piece and whether it is inside the fast subset.
  const scalarOperand = (): [JsonValue, boolean] => (chance(0.95) ? [pick(SCALARS), true] : [pick<JsonValue>([[1], { x: 1 }, []]), false]);
  const rangeOperand = (): [JsonValue, boolean] => {
    const v = pick(SCALARS);
    return [v, typeof v === 'number' || typeof v === 'string'];
  };
  const listOperand = (): [JsonValue, boolean] => {
    const list = Array.from({ length: Math.floor(random() * 4) }, () => pick(SCALARS));
    if (chance(0.05)) return [[...list, { x: 1 }], false];
    if (chance(0.03)) return [pick(SCALARS), false];
    return [list, true];
  };
  const operator = (): [string, JsonValue, boolean] => {
    // rewriteFilter turns `$all` of scalars into equalities (and `$all: []` into `$in: []`): fast too.
    const op = pick(['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte', '$exists', '$eq', '$in', '$gte', '$lt', '$all']);
    const [arg, ok] =
      op === '$eq' || op === '$ne'
        ? scalarOperand()
        : op === '$in' || op === '$nin' || op === '$all'
          ? listOperand()
          : op === '$exists'
            ? chance(0.95)
              ? [chance(0.5), true]
              : [1, false]
            : rangeOperand();
    return [op, arg, ok];
  };
  const outsideCondition = (): JsonValue =>
    pick<JsonValue>([
      { x: 1 },
      {},
      [1, 2],
      [],
      { $size: 1 },
      { $type: 'number' },
      { $all: [[1]] },
      { $elemMatch: { $gt: 1 } },
      { $not: { $gt: 1 } },
      { $regex: '^a' },
      { $mod: [2, 0] },
      { $gt: 1, x: 1 },
    ]);
  const condition = (): [JsonValue, boolean] => {
    if (chance(0.04)) return [outsideCondition(), false];
    if (chance(0.35)) return scalarOperand();
    const cond: JsonObject = {};
    const fine = new Map<string, boolean>();
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
      const [op, arg, ok] = operator();
      cond[op] = arg;
      fine.set(op, ok);
    }
    return [cond, [...fine.values()].every(Boolean)];
  };
  const filter = (depth: number): [JsonObject, boolean] => {
    const out: JsonObject = {};
    // Per key: a key drawn twice keeps its last value, and only that one counts.
    const fine = new Map<string, boolean>();
    for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
      if (depth < 2 && chance(0.15)) {
        const clauses = Array.from({ length: 1 + Math.floor(random() * 3) }, () => filter(depth + 1));
        const key = chance(0.85) ? '$and' : pick(['$or', '$nor']);
        out[key] = clauses.map(([f]) => f);
        fine.set(key, key === '$and' && clauses.every(([, ok]) => ok));
        continue;
      }
      const outsidePath = chance(0.03);
      const path = outsidePath ? pick(['a.0', 'a.0.x', 'a..x', 'constructor', 'a.toString', 'a.']) : pick(PATHS);
      const [cond, ok] = condition();
      out[path] = cond;
      fine.set(path, ok && !outsidePath);
    }
    return [out, [...fine.values()].every(Boolean)];
  };
  return { doc, filter };
}

describe('compileFastFilter', () => {
  it(`answers exactly as mingo on random filters and documents (seed ${SEED})`, () => {
    console.log(`fast-filter differential: seed ${SEED} (FAST_FILTER_SEED replays or varies it)`);
    const gen = generators(seededRandom(SEED));
    const docs = Array.from({ length: DOCS }, (_, i) => gen.doc(i));
    let compared = 0;
    let fastFilters = 0;
    for (let f = 0; f < FILTERS; f++) {
      const [filter, inSubset] = gen.filter(0);
      const where = `seed ${SEED}, filter #${f}: ${show(filter)}`;
      const fast = compileFastFilter(rewriteFilter(filter));
      if ((fast !== undefined) !== inSubset) expect.fail(`${where}: expected ${inSubset ? 'a fast predicate' : 'undefined'}`);
      if (!fast) continue;
      fastFilters++;
      // A fast filter must be one mingo accepts, or compileFilter would stop throwing for it.
      const slow = mingoTest(filter);
      for (const doc of docs) {
        const want = slow(doc);
        if (fast(doc) !== want) expect.fail(`${where}\n  document ${show(doc)}\n  mingo ${want}, fast ${!want}`);
        compared++;
      }
    }
    console.log(`fast-filter differential: ${fastFilters} of ${FILTERS} filters fast, ${compared} (filter, document) pairs equal`);
    expect(fastFilters).toBeGreaterThan(FILTERS / 2);
  });

  // [filter, document, MongoDB's and mingo's answer]
  const EDGES: Array<[JsonObject, JsonObject, boolean]> = [
    // null: a null or missing field, or an array holding null; not an empty array, not [[null]].
    [{ a: null }, {}, true],
    [{ a: null }, { a: null }, true],
    [{ a: null }, { a: [1, null] }, true],
    [{ a: null }, { a: [] }, false],
    [{ a: null }, { a: [[null]] }, false],
    [{ a: null }, { a: 0 }, false],
    [{ 'a.b': null }, { a: 5 }, true],
    [{ 'a.b': null }, { a: null }, true],
    [{ 'a.b': null }, { a: {} }, true],
    // Scalars in arrays; -0 is 0.
    [{ a: 1 }, { a: [2, 1] }, true],
    [{ a: 1 }, { a: [[1]] }, false],
    [{ a: 0 }, { a: -0 }, true],
    [{ a: { $in: [-0] } }, { a: [0] }, true],
    // MongoDB never flattens nested arrays, whatever the number of dots in the path.
    [{ 'a.b': 1 }, { a: { b: [[1]] } }, false],
    [{ 'a.b': 1 }, { a: { b: [1] } }, true],
    [{ 'a.b': null }, { a: { b: [[null]] } }, false],
    // Type bracketing: numbers with numbers, strings with strings (code units: 'B' < 'a').
    [{ a: { $gt: 4 } }, { a: '7' }, false],
    [{ a: { $gt: '5' } }, { a: '7' }, true],
    [{ a: { $lt: 'b' } }, { a: 'B' }, true],
    [{ a: { $gte: 0 } }, { a: null }, false],
    [{ a: { $gt: 0 } }, { a: true }, false],
    [{ a: { $lte: '' } }, { a: '' }, true],
    [{ a: { $gte: -0 } }, { a: 0 }, true],
    [{ a: { $lt: 0 } }, { a: -0 }, false],
    // Ranges on arrays: any element, possibly different ones per bound; nested arrays never.
    [{ a: { $gt: 3, $lt: 6 } }, { a: [1, 8] }, true],
    [{ a: { $gte: 5 } }, { a: [[6]] }, false],
    [{ a: { $gt: 1 } }, { a: [] }, false],
    // $ne is the negation of equality, arrays included.
    [{ a: { $ne: 1 } }, { a: [1, 2] }, false],
    [{ a: { $ne: 1 } }, { a: [2, 3] }, true],
    [{ a: { $ne: 1 } }, {}, true],
    [{ a: { $ne: null } }, {}, false],
    [{ a: { $ne: null } }, { a: [null, 1] }, false],
    [{ a: { $ne: null } }, { a: [] }, true],
    // $in / $nin and null.
    [{ a: { $in: [null] } }, { a: [] }, false],
    [{ a: { $in: [] } }, {}, false],
    [{ a: { $nin: [] } }, {}, true],
    [{ a: { $nin: [null] } }, {}, false],
    [{ a: { $nin: [null] } }, { a: null }, false],
    [{ a: { $nin: [null] } }, { a: [null] }, false],
    [{ a: { $nin: [null] } }, { a: [] }, true],
    [{ a: { $nin: [null, 2] } }, { a: 1 }, true],
    // $exists: null is present; a scalar parent has no fields.
    [{ a: { $exists: true } }, { a: null }, true],
    [{ 'a.b': { $exists: false } }, { a: 5 }, true],
    [{ 'a.b': { $exists: true } }, { a: { b: null } }, true],
    // A dotted path meeting an array: mingo answers that document.
    [{ 'a.b': 1 }, { a: [{ b: 1 }] }, true],
    [{ 'a.b': 1 }, { a: [[{ b: 1 }]] }, false],
    [{ 'a.b': { $exists: true } }, { a: [{ b: 1 }] }, true],
    // Through an array, every element that is not a subdocument with the field reaches a missing field (null).
    [{ 'a.b': null }, { a: [1] }, true],
    [{ 'a.b': null }, { a: [] }, true],
    [{ 'a.b': null }, { a: [{ b: 1 }] }, false],
    [{ 'a.b': { $ne: null } }, { a: [{ b: 1 }, 5] }, false],
    [{ 'a.b': { $exists: false } }, { a: [5] }, true],
    // $and, several fields, and names that are only odd on a dotted path.
    [{ $and: [{ a: 1 }, { a: 2 }] }, { a: [1, 2] }, true],
    [{ a: 1, b: { $exists: false } }, { a: 1, b: 2 }, false],
    [{ '': 1 }, { '': 1 }, true],
    [{ 0: 'x' }, { 0: 'x' }, true],
    [{ _id: { $gt: 1 } }, { _id: 2 }, true],
  ];
  it.each(EDGES.map(([f, d, want]) => [show(f), show(d), want, f, d] as const))('%s on %s is %s', (_f, _d, want, filter, doc) => {
    const fast = compileFastFilter(filter);
    expect(fast).toBeDefined();
    expect(fast?.(doc as Doc)).toBe(want);
    expect(mingoTest(filter)(doc as Doc)).toBe(want);
    expect(compileFilter(filter)(doc as Doc)).toBe(want);
  });

  const OUTSIDE: JsonObject[] = [
    { a: { x: 1 } },
    { a: [1] },
    { a: {} },
    { $or: [{ a: 1 }] },
    { $nor: [{ a: 1 }] },
    { $and: [] },
    { $and: [{ $or: [{ a: 1 }] }] },
    { a: { $regex: '^a' } },
    { a: { $elemMatch: { $gt: 1 } } },
    { a: { $size: 1 } },
    { a: { $type: 'string' } },
    { a: { $all: [1] } },
    { a: { $not: { $gt: 1 } } },
    { $expr: { $gt: ['$a', 1] } },
    { a: { $mod: [2, 0] } },
    { a: { $eq: { x: 1 } } },
    { a: { $eq: [1] } },
    { a: { $gt: null } },
    { a: { $gt: true } },
    { a: { $gt: [1] } },
    { a: { $in: 1 } },
    { a: { $in: [{ x: 1 }] } },
    { a: { $in: [[1]] } },
    { a: { $exists: 1 } },
    { a: { $gt: 1, b: 2 } },
    { 'a.0': 1 },
    { 'a..b': 1 },
    { 'a.': 1 },
    { constructor: 1 },
    { 'a.toString': 1 },
    { $where: 'true' },
    { $comment: 'x' },
    { $: 1 },
    { a: Number.NaN },
    { a: { $gte: Number.NaN } },
    { a: { $in: [Number.NaN] } },
    JSON.parse('{"__proto__": 1}') as JsonObject,
    { 'a.__proto__': 1 },
  ];
  it.each(OUTSIDE.map((f) => [show(f), f] as const))('leaves %s to mingo', (_name, filter) => {
    expect(compileFastFilter(filter)).toBeUndefined();
  });

  it('keeps compileFilter errors: checks still run before the fast path', () => {
    const code = (filter: unknown): string | undefined => {
      try {
        compileFilter(filter);
        return undefined;
      } catch (error) {
        return (error as { code?: string }).code;
      }
    };
    expect(code({ $and: [] })).toBe('BadValue');
    expect(code({ a: 1, $or: [] })).toBe('BadValue');
    expect(code({ a: { $not: 5 } })).toBe('BadValue');
    expect(code({ a: { $foo: 1 } })).toBe('InvalidOperator');
    expect(code({ a: 1, $foo: [] })).toBe('InvalidOperator');
    expect(code({ 'a.__proto__': 1 })).toBe('BadValue');
    expect(code([{ a: 1 }])).toBe('InvalidParameter');
    expect(code({ a: 1, b: { $gte: 2 } })).toBeUndefined();
  });
});
