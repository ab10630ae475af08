/**
 * The long lane of the convergence run: fresh seeds, one after another, until the time is up.
 * `npm run soak -- --minutes 10 [--start-seed N] [--http]`. By default in process, where
 * `FUZZ_SEED=N npm test` replays a failing seed exactly; `--http` goes over real sockets, where the
 * request order varies. Prints every seed; exits 1 after the first seed that breaks an invariant,
 * naming it (add it to test/sync/regressions.json).
 */
import { parseArgs } from 'node:util';
import { describeAction, runConvergence } from './convergence';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    'start-seed': { type: 'string' },
    steps: { type: 'string', default: '200' },
    http: { type: 'boolean', default: false },
  },
});
const deadline = Date.now() + Number(values.minutes) * 60_000;
let seed = values['start-seed'] ? Number(values['start-seed']) : Math.floor(Math.random() * 1e9);
let runs = 0;
let writes = 0;
while (Date.now() < deadline) {
  const report = await runConvergence({ seed, steps: Number(values.steps), faults: true, transport: values.http ? 'http' : 'in-process' });
  runs++;
  writes += report.acknowledged;
  if (report.problems.length > 0) {
    console.error(
      `seed ${seed} FAILED:\n${report.problems.join('\n')}\nactions: ${report.actions.map(describeAction).join(', ')}${values.http ? '' : `\nreplay (and shrink) it with FUZZ_SEED=${seed} FUZZ_STEPS=${values.steps} npm test`}`,
    );
    process.exit(1);
  }
  const { poisoned, refusedLocally, rejected, protoKeys } = report.hostile;
  console.log(
    `seed ${seed} ok: ${report.acknowledged} acknowledged writes; hostile: ${poisoned} poisoned stamps, ${refusedLocally} refused at write time, ${rejected} refused by the server (each with its notice), ${protoKeys} with prototype field names`,
  );
  seed++;
}
console.log(`soak done: ${runs} runs, ${writes} acknowledged writes, none lost or duplicated, every device converged`);
