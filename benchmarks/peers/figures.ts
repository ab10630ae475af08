/**
 * The peer comparison's steps, run on every subject alternately (A B C A B C …) so that a passing
 * load spike lands on all of them. Shared by the Node run and the Chromium page; it returns the
 * figures and leaves printing to the caller.
 */
import { alternateAll, timeMs } from '../harness';
import type { FigureRow } from './report';
import { liveProbe, type OpenStore, type PeerSubject } from './subject';
import { expectedCount, expectedPage, makeTodos, newTodo, type PeerTodo } from './workload';

/** One figure: a value per subject, in the subjects' order. */
export interface Figure {
  readonly name: string;
  readonly unit: string;
  readonly rows: FigureRow[];
  readonly notes?: string;
}

/** How much to measure; the defaults of the benchmark are in `peers.bench.ts`. */
export interface PeerSettings {
  /** Todos in the store. */
  readonly n: number;
  /** Rounds of bulk load and of cold open (each round loads or opens every subject once). */
  readonly loadRounds: number;
  /** Rounds of the per-operation figures, each round `runs` timed calls after `warmup` calls. */
  readonly rounds: number;
  readonly runs: number;
  readonly warmup: number;
  /** JavaScript heap in use after a full garbage collection, in bytes; absent where it cannot be measured. */
  readonly heapUsed?: () => Promise<number>;
}

/** A call slower than this is timed `SLOW_RUNS` times per round instead of `runs`, to keep the run to minutes. */
const SLOW_MS = 25;
const SLOW_RUNS = 2;

/**
 * The median time of `op` over `runs` calls after `warmup` calls; a store whose first call takes
 * more than SLOW_MS is timed SLOW_RUNS times (its figure is then hundreds of times the fast ones',
 * far beyond what the fewer samples can blur).
 */
async function timeCalls(runs: number, warmup: number, op: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await op();
  if (performance.now() - t > SLOW_MS) return timeMs(SLOW_RUNS, 0, op);
  return timeMs(runs, Math.max(0, warmup - 1), op);
}

/** Keeps every value `fn` returns, so that a figure can show its rounds beside the median. */
function recorded(fn: () => Promise<number>, into: number[]): () => Promise<number> {
  return async () => {
    const value = await fn();
    into.push(value);
    return value;
  };
}

// One store's rounds, as printed under a figure: `label: 1200 / 980 / 1500`.
const roundsNote = (subjects: readonly PeerSubject[], samples: ReadonlyArray<readonly number[]>): string =>
  'rounds: ' +
  subjects
    .map((s, i) => ({ s, values: samples[i] ?? [] }))
    .filter(({ values }) => values.length > 0)
    .map(({ s, values }) => `${s.label} [${s.kind}] ${values.map((v) => v.toFixed(0)).join('/')}`)
    .join('; ');

const rowsOf = (subjects: readonly PeerSubject[], values: ReadonlyArray<number | undefined>): FigureRow[] =>
  subjects.map((s, i) => ({ label: s.label, kind: s.kind, reference: s.reference, value: values[i] }));

/** The calls `check` makes; the timed calls start after them, so that none repeats a checked query. */
const CHECKED_CALLS = [0, 1, 7, 42];
const FIRST_TIMED_CALL = 50;

// Every store must give the same answers, or the comparison means nothing: a few calls of each
// query against answers computed by hand.
async function check(subject: PeerSubject, store: OpenStore, todos: readonly PeerTodo[]): Promise<void> {
  for (const k of CHECKED_CALLS) {
    const page = expectedPage(todos, k);
    const got = await store.page(k);
    if (got.join() !== page.join()) throw new Error(`${subject.label}: page query ${k} answered ${got.join()} instead of ${page.join()}`);
    const count = expectedCount(todos, k);
    const counted = await store.countTag(k);
    if (counted !== count) throw new Error(`${subject.label}: count ${k} found ${counted} tagged todos instead of ${count}`);
  }
}

/**
 * Measures every step on every subject: bulk load, cold open, heap after opening (where
 * `heapUsed` is given), filter + sort + limit, count by array element, insert, update and
 * write → live answer. Every store's answers are checked against the expected ones first.
 */
export async function measurePeers(subjects: readonly PeerSubject[], settings: PeerSettings): Promise<Figure[]> {
  const { n, loadRounds, rounds, runs, warmup } = settings;
  const todos = makeTodos(n);
  const figures: Figure[] = [];

  // Bulk load: each round wipes the store and fills it again.
  const loadSamples: number[][] = subjects.map(() => []);
  const loads = await alternateAll(
    loadRounds,
    subjects.map((subject, i) =>
      recorded(async () => {
        await subject.destroy();
        const t = performance.now();
        const store = await subject.load(todos);
        const ms = performance.now() - t;
        await store.close();
        return ms;
      }, loadSamples[i]!),
    ),
  );
  figures.push({
    name: `bulk load of ${n} todos in batches of 1,000, until the page query answers`,
    unit: 'ms',
    rows: rowsOf(subjects, loads),
    notes: roundsNote(subjects, loadSamples),
  });

  // Cold open, on the stores the last load round left (stores that keep nothing across an open are skipped).
  const reopening = subjects.filter((s) => s.reopen !== undefined);
  const openSamples: number[][] = subjects.map(() => []);
  const opens = await alternateAll(
    loadRounds,
    reopening.map((subject) =>
      recorded(async () => {
        const t = performance.now();
        const store = await subject.reopen!();
        const ms = performance.now() - t;
        await store.close();
        return ms;
      }, openSamples[subjects.indexOf(subject)]!),
    ),
  );
  figures.push({
    name: `cold open of the ${n}-todo store until the page query answers`,
    unit: 'ms',
    rows: rowsOf(
      subjects,
      subjects.map((s) => (s.reopen === undefined ? undefined : opens[reopening.indexOf(s)])),
    ),
    notes: roundsNote(subjects, openSamples),
  });

  // Open every store for the operations, one at a time, measuring the heap each one adds: stores
  // on disk are opened; stores in memory are filled from nothing (their data is in the process
  // either way, so all of it counts).
  const stores: OpenStore[] = [];
  const heap: number[] = [];
  for (const subject of subjects) {
    const reopen = subject.kind === 'memory' ? undefined : subject.reopen;
    if (reopen === undefined) await subject.destroy();
    const before = (await settings.heapUsed?.()) ?? 0;
    const store = reopen === undefined ? await subject.load(todos) : await reopen();
    await store.page(0);
    heap.push(((await settings.heapUsed?.()) ?? 0) - before);
    stores.push(store);
    await check(subject, store, todos);
  }
  if (settings.heapUsed !== undefined) {
    const json = JSON.stringify(todos).length;
    figures.push({
      name: `heap held by the open ${n}-todo store after answering the page query (V8 heap growth, after a full GC)`,
      unit: 'MB',
      rows: rowsOf(
        subjects,
        heap.map((bytes) => bytes / 1024 / 1024),
      ),
      notes:
        `the todos are ${(json / 1024 / 1024).toFixed(2)} MB of JSON; ${heap.map((b, i) => `${subjects[i]!.label} [${subjects[i]!.kind}] ${(b / json).toFixed(2)}x`).join(', ')} of it. ` +
        'memory stores: filled from nothing, so their backend copy counts too; other stores: opened from storage (LevelDB and IndexedDB keep their own caches outside the JS heap)',
    });
  }

  // `op` gets the store and its own call counter, so that each store runs the same sequence of calls.
  const perCall = async (
    name: string,
    op: (store: OpenStore, call: () => number) => () => Promise<unknown>,
    callRuns = runs,
    callRounds = rounds,
  ): Promise<void> => {
    const values = await alternateAll(
      callRounds,
      stores.map((store) => {
        let calls = FIRST_TIMED_CALL;
        const call = () => calls++;
        return () => timeCalls(callRuns, warmup, op(store, call));
      }),
    );
    figures.push({ name, unit: 'ms', rows: rowsOf(subjects, values) });
  };
  await perCall(`find: filter on 3 fields + sort + limit 20 over ${n} todos, new values each call`, (store, call) => () => store.page(call()));
  await perCall(
    `count by array element ({ tags: <tag> }, ${expectedCount(todos, 0)} matches) over ${n} todos, a new tag each call`,
    (store, call) => () => store.countTag(call()),
    Math.max(3, runs >> 2),
    Math.min(rounds, 3),
  );
  let k = 0;
  await perCall('insertOne until durable', (store) => () => store.insert(newTodo(k++)));
  let j = 0;
  await perCall('updateOne by _id ($set title) until durable', (store) => () => store.update(todos[(j++ * 7919) % n]!._id, `updated ${j}`));

  const probes = await Promise.all(stores.map(liveProbe));
  const lives = await alternateAll(
    rounds,
    stores.map(
      (store, i) => () =>
        timeCalls(runs, warmup, () => {
          const todo = newTodo(k++);
          return probes[i]!.time(todo._id, () => store.insert(todo));
        }),
    ),
  );
  for (const probe of probes) probe.stop();
  figures.push({
    name: 'insertOne → the live page query answers with the new todo on top',
    unit: 'ms',
    rows: rowsOf(subjects, lives),
    notes: subjects.map((s) => `${s.label} [${s.kind}]: ${s.note}`).join('\n  '),
  });

  for (const store of stores) await store.close();
  for (const subject of subjects) await subject.destroy();
  return figures;
}
