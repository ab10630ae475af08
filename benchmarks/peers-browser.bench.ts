/**
 * The peer comparison in Chromium (Debian's `chromium` through playwright-core): the page of
 * `peers-page.ts`, bundled now and served on loopback, runs every step on IndexedDB for mpsync,
 * RxDB's Dexie storage and PouchDB's IndexedDB adapter, alternated in one page; this prints it.
 */
import { existsSync } from 'node:fs';
import { build } from 'esbuild';
import { CHROMIUM, launchChromium } from '../test/e2e/demo-harness';
import type { Figure, PeerSettings } from './peers/figures';
import { servePage } from './page-server';
import { reportFigure } from './peers/report';

const HTML = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>mpsync peers bench</title></head>
<body><script type="module" src="/page.js"></script></body></html>`;

async function bundle(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./peers-page.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
  });
  return result.outputFiles[0]?.text ?? '';
}

/** Runs the comparison in a Chromium page with `settings`; resolves with its figures. */
export async function browserPeers(settings: PeerSettings): Promise<Figure[]> {
  const script = await bundle();
  // Cross-origin isolation gives the page performance.now() in microseconds instead of 0.1 ms steps.
  const server = await servePage((path) => (path === '/page.js' ? ['text/javascript', script] : ['text/html', HTML]), {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  });
  const { origin } = server;
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(600_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The page's heap, as the heap figure needs it: after a full collection, read over the DevTools protocol.
    const devtools = await page.context().newCDPSession(page);
    await page.exposeFunction('peersHeapUsed', async () => {
      await devtools.send('HeapProfiler.collectGarbage');
      return (await devtools.send('Runtime.getHeapUsage')).usedSize;
    });
    const { n, loadRounds, rounds, runs, warmup } = settings;
    await page.goto(`${origin}/?n=${n}&loadRounds=${loadRounds}&rounds=${rounds}&runs=${runs}&warmup=${warmup}`);
    if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the peers page is not cross-origin isolated: its timer would be coarse');
    const figures = await page.evaluate(() => (window as unknown as { benchResult: Promise<Figure[]> }).benchResult);
    if (errors.length > 0) throw new Error(`the peers page failed: ${errors.join('; ')}`);
    return figures.map((figure) => ({ ...figure, name: `${figure.name} (Chromium ${browser.version()})` }));
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Runs the Chromium comparison with `settings` and prints it; skipped where Chromium is missing. */
export async function peersBrowserBench(settings: PeerSettings): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    process.stdout.write(`skipped: ${CHROMIUM} is missing (apt-get install chromium)\n\n`);
    return;
  }
  for (const figure of await browserPeers(settings)) reportFigure(`chromium: ${figure.name}`, figure.unit, figure.rows, figure.notes);
}
