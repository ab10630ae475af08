/**
 * In Chromium (Debian's `chromium` through playwright-core): the page of `browser-page.ts`, bundled
 * now, served on loopback beside an emulator. Figures: page load to the first render of 5,000
 * cached todos from IndexedDB, beside the same list fetched online through the official SDK; a
 * query over them through mpsync (local), beside the same query through the SDK (online). Both
 * figures again with 50 ms of latency per request on the emulator, as a phone's network adds.
 * Then the open of the cache against its floor (every IndexedDB record read plus one `JSON.parse`
 * of the documents), and the first screen (the first 50 todos) of 5,000 and of 50,000 cached
 * todos beside the SDK fetching that screen online with 50 ms of latency.
 */
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { createEmulator } from '../src/emulator';
import { CHROMIUM, launchChromium } from '../test/e2e/demo-harness';
import { alternate, median, report } from './harness';
import { servePage } from './page-server';

const N = 5000;
const ROUNDS = 5;
const QUERY_RUNS = 30;
const LATENCY_MS = 50;
const BIG_N = 50_000;
const FIRST_SCREEN = 50;

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
  const configOf = (e: typeof emulator) => JSON.stringify({ endpoint: e.endpoint, spaceId: e.spaceId, clientSecret: e.clientSecret });
  // Swapped for the 50,000-todo figures, which use an emulator of their own.
  let config = configOf(emulator);
  let bigEmulator: typeof emulator | undefined;
  const server = await servePage((path) =>
    path === '/page.js' ? ['text/javascript', script] : path === '/config.json' ? ['application/json', config] : ['text/html', HTML],
  );
  const { origin } = server;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    const seeded = await result(page, `${origin}/?mode=seed&n=${N}`);
    if (seeded.count !== N) throw new Error(`seeding left ${seeded.count} todos, not ${N}`);

    // Per page load: when the list was in the DOM, and the steps before it.
    const loads: Record<'cache' | 'sdk', Array<Record<string, number>>> = { cache: [], sdk: [] };
    const firstRender =
      (mode: 'cache' | 'sdk', n = N, extra = '') =>
      async () => {
        const load = await result(page, `${origin}/?mode=${mode}${extra}`);
        if (load.shown !== n) throw new Error(`${mode}: rendered ${load.shown} todos, not ${n}`);
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

    // The open against the least it can cost, then the first screen, for the small and the big cache.
    const openFigure = async (n: number, extra: string) => {
      const floors: Array<Record<string, number>> = [];
      const open = await alternate(
        ROUNDS,
        async () => (await result(page, `${origin}/?mode=cache${extra}`)).openMs as number,
        async () => {
          const floor = await result(page, `${origin}/?mode=floor${extra}`);
          if (floor.docs !== n) throw new Error(`floor: parsed ${floor.docs} todos, not ${n}`);
          floors.push(floor);
          return floor.floorMs as number;
        },
      );
      const at = (key: string) => median(floors.map((floor) => floor[key] as number)).toFixed(0);
      report({
        name: `browser: open of a ${n}-todo IndexedDB cache until the first query answers, against its floor`,
        unit: 'ms',
        higherIsBetter: false,
        subject: { label: 'mpsync: client open to first snapshot', value: open.subject },
        baseline: { label: 'floor: read every record + one parse', value: open.baseline },
        goal: '≥ 0.50x (at most 2× the floor)',
        notes: `median of ${ROUNDS} page loads each, alternated; floor: ${at('records')} IndexedDB records read in ${at('readMs')} ms, the documents parsed as one array in ${at('parseMs')} ms`,
      });
    };
    const screenFigure = async (n: number, extra: string) => {
      const render = await alternate(
        ROUNDS,
        firstRender('cache', FIRST_SCREEN, `${extra}&limit=${FIRST_SCREEN}`),
        firstRender('sdk', FIRST_SCREEN, `${extra}&limit=${FIRST_SCREEN}`),
      );
      report({
        name: `browser: page load to first render of the first ${FIRST_SCREEN} of ${n} todos`,
        unit: 'ms',
        higherIsBetter: false,
        subject: { label: 'mpsync: from the IndexedDB cache', value: render.subject },
        baseline: { label: `official SDK: find online, ${LATENCY_MS} ms latency`, value: render.baseline },
        goal: '≥ 2.00x',
        notes: `median of ${ROUNDS} page loads each, alternated, watch / find with limit ${FIRST_SCREEN}`,
      });
    };
    emulator.setFaults({});
    await openFigure(N, '');
    emulator.setFaults({ latencyMs: LATENCY_MS });
    await screenFigure(N, '');
    emulator.setFaults({});

    bigEmulator = await createEmulator({ port: 0 });
    config = configOf(bigEmulator);
    const big = `&db=mpsync-bench-${BIG_N}`;
    const bigSeeded = await result(page, `${origin}/?mode=seed&n=${BIG_N}${big}`);
    if (bigSeeded.count !== BIG_N) throw new Error(`seeding left ${bigSeeded.count} todos, not ${BIG_N}`);
    await openFigure(BIG_N, big);
    bigEmulator.setFaults({ latencyMs: LATENCY_MS });
    await screenFigure(BIG_N, big);
  } finally {
    await bigEmulator?.stop();
    await browser.close();
    await server.close();
    await emulator.stop();
  }
}
