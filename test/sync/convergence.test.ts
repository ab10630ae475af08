import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runConvergence } from './convergence';

const regressions = (JSON.parse(readFileSync(new URL('./regressions.json', import.meta.url), 'utf8')) as { seeds: number[] }).seeds;
// The quick lane (120 steps) and every seed that once failed, at the soak's length (200 steps);
// `npm run soak` runs fresh seeds for as long as it is given.
const SEEDS: Array<[number, number]> = [[101, 120], [202, 120], [303, 120], ...regressions.map((seed): [number, number] => [seed, 200])];

describe('seeded randomized convergence against the emulator with faults', () => {
  it.each(SEEDS)('seed %i (%i steps): every device equals the server, no acknowledged write lost or applied twice', async (seed, steps) => {
    const report = await runConvergence({ seed, steps, faults: true });
    if (report.problems.length > 0) {
      // Print enough to replay: the seed and the actions.
      console.error(`convergence seed ${seed} failed (add it to test/sync/regressions.json):\n${report.problems.join('\n')}\nactions: ${report.actions.join(', ')}`);
    }
    expect(report.problems).toEqual([]);
    expect(report.acknowledged).toBeGreaterThan(20);
    // Hostile inputs ran among the normal writes (their own random source makes this per seed fixed).
    expect(report.actions.some((action) => action.includes(' hostile '))).toBe(true);
  });
});
