import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionsOf, describeAction, runConvergence, type Action, type ConvergenceOptions } from './convergence';
import { shrinkList } from './shrink';

const regressions = (JSON.parse(readFileSync(new URL('./regressions.json', import.meta.url), 'utf8')) as { seeds: number[] }).seeds;
// `FUZZ_SEED=1234 npm test` (or `npx vitest run … convergence`) replays that seed first; FUZZ_STEPS sets its length.
const fuzzSeed = process.env.FUZZ_SEED === undefined ? [] : [Number(process.env.FUZZ_SEED)];
const fuzzSteps = Number(process.env.FUZZ_STEPS ?? 200);
if (fuzzSeed.some((seed) => !Number.isInteger(seed)) || !Number.isInteger(fuzzSteps)) throw new TypeError('FUZZ_SEED and FUZZ_STEPS must be integers');
// FUZZ_ACTIONS (with FUZZ_SEED): the JSON action list a failing run printed after shrinking, run as it is.
const fuzzActions = process.env.FUZZ_ACTIONS === undefined ? undefined : parseActions(process.env.FUZZ_ACTIONS);

function parseActions(text: string): Action[] {
  let list: unknown;
  try {
    list = JSON.parse(text);
  } catch {
    list = undefined;
  }
  const valid = (a: unknown): a is Action =>
    typeof a === 'object' &&
    a !== null &&
    ['step', 'device', 'seed'].every((k) => Number.isInteger((a as Record<string, unknown>)[k])) &&
    typeof (a as { kind?: unknown }).kind === 'string';
  if (!Array.isArray(list) || !list.every(valid)) throw new TypeError('FUZZ_ACTIONS must be the JSON action list a failing run printed');
  return list;
}
// The quick lane (120 steps) and every seed that once failed, at the soak's length (200 steps);
// `npm run soak` runs fresh seeds for as long as it is given.
const SEEDS: Array<[number, number]> = [
  ...fuzzSeed.map((seed): [number, number] => [seed, fuzzSteps]),
  [202, 120],
  [303, 120],
  ...regressions.map((seed): [number, number] => [seed, 200]),
];

const SHRINK_MS = 60_000;
// A seed passes in seconds; a failing one also shrinks (up to SHRINK_MS) before it reports.
const SEED_TIMEOUT_MS = SHRINK_MS + 60_000;

/** Runs one seed; when it fails, shrinks its action list and prints the smallest that still fails. */
async function expectConvergence(options: ConvergenceOptions): Promise<void> {
  const report = await runConvergence(options);
  if (report.problems.length > 0) {
    // Shrinking runs the seed again and again: stop in time for the report to be printed.
    const stopAt = Date.now() + SHRINK_MS;
    const { list, runs, exhausted } = await shrinkList(report.actions, async (actions) => (await runConvergence({ ...options, actions })).problems.length > 0, {
      maxRuns: 150,
      stop: () => Date.now() > stopAt,
    });
    const again = await runConvergence({ ...options, actions: list });
    console.error(
      [
        `convergence seed ${options.seed} (${options.transport ?? 'in-process'}) failed; replay with FUZZ_SEED=${options.seed} FUZZ_STEPS=${options.steps ?? 120}, add it to test/sync/regressions.json`,
        ...report.problems,
        `shrunk in ${runs} runs${exhausted ? ' (budget spent)' : ''} to ${list.length} of ${report.actions.length} actions: ${list.map(describeAction).join(', ')}`,
        `replay the shrunk list with FUZZ_SEED=${options.seed} FUZZ_ACTIONS='${JSON.stringify(list)}'`,
        ...again.problems.map((problem) => `  shrunk run: ${problem}`),
      ].join('\n'),
    );
  }
  expect(report.problems).toEqual([]);
  // A whole seed's run (not a given, shrunk list) does real work, hostile inputs among the writes.
  if (options.actions) return;
  expect(report.acknowledged).toBeGreaterThan(20);
  expect(report.actions.some((action) => action.kind === 'hostile')).toBe(true);
}

describe('seeded randomized convergence against the emulator with faults', () => {
  it.each(SEEDS)(
    'seed %i (%i steps, in process): every device equals the server, no acknowledged write lost or applied twice',
    async (seed, steps) => {
      await expectConvergence({ seed, steps, faults: true, ...(fuzzActions && fuzzSeed.includes(seed) ? { actions: fuzzActions } : {}) });
    },
    SEED_TIMEOUT_MS,
  );

  it(
    'seed 101 (120 steps) over real sockets: the same invariants hold over HTTP',
    async () => {
      await expectConvergence({ seed: 101, steps: 120, faults: true, transport: 'http' });
    },
    SEED_TIMEOUT_MS,
  );
});

describe('replay over the in-process transport', () => {
  it('one seed replays one interleaving exactly; another seed makes another', async () => {
    const first = await runConvergence({ seed: 4242, steps: 60 });
    const second = await runConvergence({ seed: 4242, steps: 60 });
    const other = await runConvergence({ seed: 4243, steps: 60 });
    expect(first.trace.length).toBeGreaterThan(100);
    // Faults struck: the trace holds lost requests and lost answers, and they replay too.
    expect(first.trace.some((line) => line.includes('-> lost (applied)'))).toBe(true);
    expect(second.trace).toEqual(first.trace);
    expect(second.traceHash).toBe(first.traceHash);
    expect(other.traceHash).not.toBe(first.traceHash);
    expect([first.problems, second.problems, other.problems]).toEqual([[], [], []]);
  });

  it('an action list replays on its own: the list a seed makes runs to the same trace', async () => {
    const bySeed = await runConvergence({ seed: 4242, steps: 40 });
    const byList = await runConvergence({ seed: 4242, actions: actionsOf(4242, { steps: 40 }) });
    expect(byList.traceHash).toBe(bySeed.traceHash);
  });

  it('a failing run shrinks to the few actions that make it fail, and the shrunk list replays the failure', async () => {
    // A stand-in failure a real run can show: an answer about a `shared` document lost after it was applied.
    const fails = (trace: readonly string[]) => trace.some((line) => line.includes('lost (applied)') && line.includes('"shared"'));
    const full = await runConvergence({ seed: 4242, steps: 60 });
    expect(fails(full.trace)).toBe(true);
    const { list, exhausted } = await shrinkList(full.actions, async (actions) => fails((await runConvergence({ seed: 4242, actions })).trace));
    expect(exhausted).toBe(false);
    expect(list.length).toBeLessThanOrEqual(5);
    expect(list.map((action) => action.kind)).toContain('faults');
    expect(fails((await runConvergence({ seed: 4242, actions: list })).trace)).toBe(true);
  });
});
