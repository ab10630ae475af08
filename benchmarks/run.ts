/**
 * `npm run bench`: runs every benchmark and prints each figure beside its baseline measured in
 * the same run. Pass names to run a subset: `npm run bench -- emulator`.
 */
import { browserBench } from './browser.bench';
import { demoAddBench } from './browser-demo.bench';
import { clientBench } from './client.bench';
import { coldOpenBench } from './cold-open.bench';
import { emulatorBench } from './emulator.bench';
import { filesBench } from './files.bench';
import { kvOpenBench } from './kv-open.bench';
import { liveBench } from './live.bench';
import { peersBench } from './peers.bench';
import { syncBench } from './sync.bench';
import { queryBench, updateBench } from './query.bench';

const BENCHES: Record<string, () => Promise<void>> = {
  emulator: emulatorBench,
  client: clientBench,
  open: coldOpenBench,
  sync: syncBench,
  query: queryBench,
  update: updateBench,
  live: liveBench,
  kv: kvOpenBench,
  browser: async () => {
    await browserBench();
    await demoAddBench();
  },
  'browser-demo': demoAddBench,
  peers: peersBench,
  files: filesBench,
};

const wanted = process.argv.slice(2);
for (const [name, bench] of Object.entries(BENCHES)) {
  if (wanted.length && !wanted.includes(name)) continue;
  process.stdout.write(`== ${name} ==\n`);
  await bench();
}
