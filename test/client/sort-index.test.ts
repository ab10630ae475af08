import { describe, expect, it } from 'vitest';
import type { Doc, JsonObject, JsonValue } from '../../src/core/json';
import { seededRandom } from '../../src/core/random';
import { Mirror } from '../../src/local/mirror';
import { parseSort } from '../../src/query/sort';
import { selectDocs } from '../../src/query/commands/select';
import type { CollectionView } from '../../src/query/commands';

// Replay or vary a run with SORT_INDEX_SEED=<integer>; the default keeps CI deterministic.
const SEED = Number(process.env.SORT_INDEX_SEED ?? 20_261_126);
const STEPS = 2_000;

const SCALARS: readonly JsonValue[] = [
  null,
  0,
  1,
  -1,
  2.5,
  10,
  '',
  'a',
  'b',
  'B',
  '10',
  '2',
  true,
  false,
  '2026-01-01T00:00:00.000Z',
  '2026-01-02T00:00:00.000Z',
];
// More orders than a collection keeps indexed, so both paths (index and sort per query) run.
const SORTS: readonly JsonObject[] = [
  { t: -1 },
  { t: 1 },
  { a: 1 },
  { a: -1 },
  { 'o.x': 1 },
  { 'o.x': -1 },
  { a: 1, t: -1 },
  { tags: 1 },
  { tags: -1 },
  { _id: -1 },
  { b: 1, _id: -1 },
  { missing: 1 },
];
const FILTERS: readonly JsonObject[] = [
  {},
  { a: { $gte: 1 } },
  { b: 'a' },
  { tags: 'a' },
  { t: { $exists: true } },
  { 'o.x': { $in: [1, 'a', null] } },
  { _id: { $gt: 'd3' } },
];

type Row = { id: string; coll: string; key: string; doc: Doc; seq: number; v: string; vh: string[]; ops: unknown[]; _deleted: boolean };

// A cached row of collection `todos` as the mirror keeps it.
function rowOf(id: string, doc: JsonObject, seq: number, deleted = false): Row {
  return { id: `todos|${id}`, coll: 'todos', key: JSON.stringify(id), doc: { _id: id, ...doc }, seq, v: '', vh: [], ops: [], _deleted: deleted };
}

describe('sorted queries over the cache: indexed order equals sorting the matches', () => {
  it(`through ${STEPS} seeded inserts, updates, deletes and re-inserts (seed ${SEED})`, () => {
    const random = seededRandom(SEED);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const chance = (p: number) => random() < p;
    // Mostly what apps sort on (scalars, flat arrays); now and then a nested array or an object.
    // Two sort fields that both hold arrays cannot be sorted (parallel arrays): while such a
    // document exists the index steps aside, and a sorted query that matches it fails on both paths.
    let irregular = 0.01;
    const value = (): JsonValue => {
      const r = random();
      if (r < 0.75) return pick(SCALARS);
      if (r < 1 - irregular) return Array.from({ length: Math.floor(random() * 4) }, () => pick(SCALARS));
      return chance(0.5) ? [[pick(SCALARS)], pick(SCALARS)] : { x: pick(SCALARS) };
    };
    const body = (): JsonObject => {
      const doc: JsonObject = {};
      for (const field of ['a', 'b', 't']) if (chance(0.85)) doc[field] = value();
      if (chance(0.6)) doc.o = chance(0.8) ? { x: value() } : value();
      if (chance(0.5)) doc.tags = Array.from({ length: Math.floor(random() * 3) }, () => pick(['a', 'b', 'c']));
      return doc;
    };

    const mirror = new Mirror();
    const rows = new Map<string, Row>();
    const store = (row: Row) => {
      rows.set(row.key, row);
      mirror.apply(row as never);
    };
    // Start from a loaded cache, as a reopened client does.
    irregular = 0;
    const initial = Array.from({ length: 40 }, (_, i) => rowOf(`d${i}`, body(), mirror.nextSeq()));
    irregular = 0.01;
    mirror.load(initial as never);
    for (const row of initial) rows.set(row.key, row);

    const view = mirror.view('todos');
    const reference: CollectionView = { scan: () => view.scan(), get: (key) => view.get(key) };
    expect(view.sorted?.(parseSort({ t: -1 })!)).toBeDefined();
    let compared = 0;
    let indexedWalks = 0;
    let failures = 0;
    // The answer, or the code of the error, so both paths can be compared either way.
    const outcome = (run: () => Doc[]): Doc[] | { error: string } => {
      try {
        return run();
      } catch (error) {
        failures++;
        return { error: (error as { code: string }).code };
      }
    };
    for (let step = 0; step < STEPS; step++) {
      const r = random();
      const keys = [...rows.keys()];
      const existing = rows.get(pick(keys))!;
      if (r < 0.25) store(rowOf(`d${rows.size}`, body(), mirror.nextSeq()));
      else if (r < 0.6) store({ ...existing, doc: { _id: existing.doc._id!, ...body() }, _deleted: false });
      else if (r < 0.75) store({ ...existing, _deleted: true });
      // An update of a document whose sort keys stay: only its other fields change.
      else if (r < 0.85 && !existing._deleted) store({ ...existing, doc: { ...existing.doc, b: value() } });

      const filter = pick(FILTERS);
      const selection = { sort: pick(SORTS), skip: chance(0.3) ? Math.floor(random() * 4) : 0, limit: chance(0.8) ? 1 + Math.floor(random() * 25) : 0 };
      const expected = outcome(() => selectDocs(reference, filter, selection));
      const actual = outcome(() => selectDocs(view, filter, selection));
      if (view.sorted?.(parseSort(selection.sort)!) !== undefined) indexedWalks++;
      expect(actual, `seed ${SEED} step ${step}: ${JSON.stringify({ filter, selection })}`).toEqual(expected);
      // Without a sort, both walk natural order.
      expect(selectDocs(view, filter, { limit: 5 })).toEqual(selectDocs(reference, filter, { limit: 5 }));
      compared++;
    }
    expect(compared).toBe(STEPS);
    expect(failures).toBeGreaterThan(0);
    // Many queries took an index; the rest (orders past the per-collection cap, or while a document
    // with an irregular sort key was there) sorted their matches.
    expect(indexedWalks).toBeGreaterThan(STEPS / 4);
    expect(indexedWalks).toBeLessThan(STEPS);
  });
});

describe('sorted index with a very large array', () => {
  it('takes a 200,000-element sort field written after a sorted find with a limit, and sorts by its smallest element', () => {
    const mirror = new Mirror();
    mirror.load([rowOf('a', { t: 5 }, mirror.nextSeq()), rowOf('b', { t: 7 }, mirror.nextSeq())] as never);
    const view = mirror.view('todos');
    // The first sorted query with a limit builds the index that every later write keeps current.
    expect(selectDocs(view, {}, { sort: { t: 1 }, limit: 1 }).map((d) => d._id)).toEqual(['a']);
    const huge = Array.from({ length: 200_000 }, (_, i) => 200_000 - i);
    mirror.apply(rowOf('c', { t: huge }, mirror.nextSeq()) as never);
    expect(selectDocs(view, {}, { sort: { t: 1 }, limit: 2 }).map((d) => d._id)).toEqual(['c', 'a']);
    expect(selectDocs(view, {}, { sort: { t: -1 }, limit: 1 }).map((d) => d._id)).toEqual(['c']);
  });
});
