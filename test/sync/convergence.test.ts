import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runConvergence } from './convergence';

const regressions = (JSON.parse(readFileSync(new URL('./regressions.json', import.meta.url), 'utf8')) as { seeds: number[] }).seeds;
// The quick lane; `npm run soak` runs fresh seeds for as long as it is given.
const SEEDS = [...new Set([101, 202, 303, ...regressions])];

describe('seeded randomized convergence against the emulator with faults', () => {
  it.each(SEEDS)('seed %i: every device equals the server, no acknowledged write lost or applied twice', async (seed) => {
    const report = await runConvergence({ seed, steps: 120, faults: true });
    if (report.problems.length > 0) {
      // Print enough to replay: the seed and the actions.
      console.error(`convergence seed ${seed} failed (add it to test/sync/regressions.json):\n${report.problems.join('\n')}\nactions: ${report.actions.join(', ')}`);
    }
    expect(report.problems).toEqual([]);
    expect(report.acknowledged).toBeGreaterThan(20);
  });
});
