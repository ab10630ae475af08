import { Query } from 'mingo/query';
import { updateOne } from 'mingo/updater';
import type { Doc, JsonObject } from '../src/core/json';
import { compileFilter } from '../src/query/filter';
import { MINGO_OPTIONS } from '../src/query/mingo-context';
import { rewriteFilter } from '../src/query/filter-rewrite';
import { applyUpdate, parseUpdate } from '../src/query/update';
import { alternate, report, timeMs } from './harness';

const DOCS = 10_000;
const ROUNDS = 5;
const RUNS = 15;
const WARMUP = 5;
const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** Cached todos as the client holds them: wire form, dates as ISO strings, a few arrays. */
function makeDocs(): Doc[] {
  return Array.from({ length: DOCS }, (_, i) => ({
    _id: `t${i}`,
    title: `todo ${i}`,
    done: i % 3 === 0,
    n: i,
    priority: i % 5,
    tags: i % 4 === 0 ? [] : [`tag${i % 7}`, `tag${(i * 3) % 11}`],
    owner: { id: `u${i % 50}`, name: `user ${i % 50}` },
    due: new Date(START + (i % 365) * DAY).toISOString(),
    ...(i % 10 === 0 ? { note: null } : {}),
  }));
}

// Each call gets new values (k counts the calls), so no answer can be reused between runs.
const CASES: Array<[string, (k: number) => JsonObject]> = [
  ['{ done: <bool> }', (k) => ({ done: k % 2 === 0 })],
  ['{ n: { $gte: x, $lt: x + 2000 } }', (k) => ({ n: { $gte: (k * 7919) % 8000, $lt: ((k * 7919) % 8000) + 2000 } })],
  ['{ done, tags: <elem>, priority: { $in } }', (k) => ({ done: false, tags: `tag${k % 7}`, priority: { $in: [k % 5, (k + 2) % 5] } })],
  ["{ 'owner.id': <id>, due: { $gte: <iso> } }", (k) => ({ 'owner.id': `u${k % 50}`, due: { $gte: new Date(START + (k % 300) * DAY).toISOString() } })],
  ['{ note: null, n: { $ne: x } }', (k) => ({ note: null, n: { $ne: k % DOCS } })],
  ['outside the subset: { $or: [...] }', (k) => ({ $or: [{ done: true }, { n: { $lt: (k * 7919) % DOCS } }] })],
];

function countMatches(docs: readonly Doc[], test: (doc: Doc) => boolean): number {
  let matched = 0;
  for (const doc of docs) if (test(doc)) matched++;
  return matched;
}

function viaCompileFilter(docs: readonly Doc[], filter: JsonObject): number {
  return countMatches(docs, compileFilter(filter));
}

function viaMingo(docs: readonly Doc[], filter: JsonObject): number {
  const query = new Query(rewriteFilter(filter), MINGO_OPTIONS);
  return countMatches(docs, (doc) => query.test(doc));
}

/**
 * Filter evaluation over 10,000 cached documents: `compileFilter` (the fast path where the filter
 * allows it) beside mingo's `Query.test` on the same documents and filters, in the same run.
 *
 * @example
 * await queryBench(); // `npm run bench -- query`
 */
export async function queryBench(): Promise<void> {
  const docs = makeDocs();
  for (const [name, make] of CASES) {
    // Both sides must find the same documents, or the comparison means nothing.
    const counts = [1, 2, 3].map((k) => [viaCompileFilter(docs, make(k)), viaMingo(docs, make(k))]);
    if (counts.some(([a, b]) => a !== b)) throw new Error(`${name}: compileFilter and mingo disagree: ${JSON.stringify(counts)}`);
    let k = 0;
    const result = await alternate(
      ROUNDS,
      () => timeMs(RUNS, WARMUP, () => viaCompileFilter(docs, make(k++))),
      () => timeMs(RUNS, WARMUP, () => viaMingo(docs, make(k++))),
    );
    report({
      name: `filter ${name} over ${DOCS} documents`,
      unit: 'ms',
      higherIsBetter: false,
      subject: { label: 'compileFilter', value: result.subject },
      baseline: { label: 'mingo Query.test', value: result.baseline },
      notes: `matches per call: ${counts.map(([a]) => a).join(', ')} (same on both sides)`,
    });
  }
}

/**
 * One operator update applied to each of 1,000 cached documents (what `updateMany` does per
 * document): `applyUpdate` beside mingo's `updateOne` with mpsync's full operator context, the
 * way updates ran before they got a context of their own.
 */
export async function updateBench(): Promise<void> {
  const docs = makeDocs().slice(0, 1000);
  const update = { $set: { done: true }, $inc: { n: 1 }, $push: { tags: 'x' } };
  const parsed = parseUpdate(update);
  const env = { now: () => START };
  const viaApply = () => {
    for (const doc of docs) applyUpdate(doc, parsed, env);
  };
  const viaMingoUpdate = () => {
    for (const doc of docs) updateOne([structuredClone(doc)], {}, update, { cloneMode: 'deep' }, MINGO_OPTIONS);
  };
  // Both sides must make the same document, or the comparison means nothing.
  const mine = applyUpdate(docs[1]!, parsed, env).doc;
  const theirs = [structuredClone(docs[1]!)];
  updateOne(theirs, {}, update, { cloneMode: 'deep' }, MINGO_OPTIONS);
  if (JSON.stringify(mine) !== JSON.stringify(theirs[0])) throw new Error(`update: applyUpdate and mingo disagree: ${JSON.stringify([mine, theirs[0]])}`);
  const result = await alternate(
    ROUNDS,
    () => timeMs(RUNS, WARMUP, viaApply),
    () => timeMs(RUNS, WARMUP, viaMingoUpdate),
  );
  report({
    name: 'update { $set, $inc, $push } of 1000 documents, one by one',
    unit: 'ms',
    higherIsBetter: false,
    subject: { label: 'applyUpdate (operator context)', value: result.subject },
    baseline: { label: 'mingo updateOne, full context', value: result.baseline },
    notes: 'applyUpdate also validates each target and copies the document; mingo updates a copy in place',
  });
}
