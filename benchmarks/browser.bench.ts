/**
 * In Chromium (Debian's `chromium` through playwright-core): the page of `browser-page.ts`, bundled
 * now, served on loopback beside an emulator. Figures: page load to the first render of 5,000
 * cached todos from IndexedDB, beside the same list fetched online through the official SDK; a
 * query over them through mpsync (local), beside the same query through the SDK (online). Both
 * figures again with 50 ms of latency per request on the emulator, as a phone's network adds.
 */
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { createEmulator } from '../src/emulator';
import { CHROMIUM, launchChromium } from '../test/e2e/demo-harness';
import { alternate, median, report } from './harness';

const N = 5000;
const ROUNDS = 5;
const QUERY_RUNS = 30;
const LATENCY_MS = 50;

const HTML = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>mpsync browser bench</title></head>
<body><ul id="list"></ul><script type="module" src="/page.js"></script></body></html>`;

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./browser-page.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]?.text ?? '';
}

async function result(page: Page, query: string): Promise<Record<string, number>> {
  // From a blank page, so that unloading the last list (5,000 items) is not counted in this load.
  await page.goto('about:blank');
  await page.goto(query);
  return page.evaluate(() => (window as unknown as { benchResult: Promise<Record<string, number>> }).benchResult);
}

/** Page load to first render from IndexedDB vs from the SDK online; a local query vs the SDK's. */
export async function browserBench(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`skipped: ${CHROMIUM} is missing (apt-get install chromium)\n\n`);
    return;
  }
  const emulator = await createEmulator({ port: 0 });
  const script = await bundle();
  const config = JSON.stringify({ endpoint: emulator.endpoint, spaceId: emulator.spaceId, clientSecret: emulator.clientSecret });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://bench').pathname;
    const [type, body] = path === '/page.js' ? ['text/javascript', script] : path === '/config.json' ? ['application/json', config] : ['text/html', HTML];
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    const seeded = await result(page, `${origin}/?mode=seed&n=${N}`);
    if (seeded.count !== N) throw new Error(`seeding left ${seeded.count} todos, not ${N}`);

    // Per page load: when the list was in the DOM, and the steps before it.
    const loads: Record<'cache' | 'sdk', Array<Record<string, number>>> = { cache: [], sdk: [] };
    const firstRender = (mode: 'cache' | 'sdk') => async () => {
      const load = await result(page, `${origin}/?mode=${mode}`);
      if (load.shown !== N) throw new Error(`${mode}: rendered ${load.shown} todos, not ${N}`);
      loads[mode].push(load);
      return load.firstRenderMs as number;
    };
    const at = (mode: 'cache' | 'sdk', key: string) => median(loads[mode].map((load) => load[key] as number)).toFixed(0);
    const renderFigure = async (baselineLabel: string) => {
      loads.cache = [];
      loads.sdk = [];
      const render = await alternate(ROUNDS, firstRender('cache'), firstRender('sdk'));
      report({
        name: `browser: page load to first render of ${N} todos (Chromium ${browser.version()})`,
        unit: 'ms',
        higherIsBetter: false,
        subject: { label: 'mpsync: from the IndexedDB cache', value: render.subject },
        baseline: { label: baselineLabel, value: render.baseline },
        notes:
          `median of ${ROUNDS} page loads each, alternated, same rendering code. mpsync: script at ${at('cache', 'scriptStartMs')} ms, ` +
          `client open (cache loaded) ${at('cache', 'openedMs')} ms, first snapshot ${at('cache', 'dataMs')} ms; SDK: script at ${at('sdk', 'scriptStartMs')} ms, answer in ${at('sdk', 'dataMs')} ms`,
      });
    };
    const queryFigure = async (baselineLabel: string) => {
      const query = await result(page, `${origin}/?mode=query&runs=${QUERY_RUNS}`);
      report({
        name: `browser: find (filter + sort + limit 20) over ${N} todos, in the page`,
        unit: 'ms',
        higherIsBetter: false,
        subject: { label: 'mpsync client.db find (local)', value: query.localMs as number },
        baseline: { label: baselineLabel, value: query.sdkMs as number },
        notes: `median of ${QUERY_RUNS} runs each, alternated, after 5 warm-up runs`,
      });
    };

    await renderFigure('official SDK: find online (loopback)');
    await queryFigure('official SDK find online (loopback)');
    // Loopback is the SDK's best case; a phone waits on the network for every request.
    emulator.setFaults({ latencyMs: LATENCY_MS });
    await renderFigure(`official SDK: find online, ${LATENCY_MS} ms latency`);
    await queryFigure(`official SDK find online, ${LATENCY_MS} ms latency`);
    emulator.setFaults({});
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await emulator.stop();
  }
}
