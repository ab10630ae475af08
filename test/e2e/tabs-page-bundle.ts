import { build } from 'esbuild';

/** The page of `tabs-page.ts`, loading its bundle from `/page.js`. */
export const TABS_PAGE_HTML = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>mpsync tabs</title></head>
<body><script type="module" src="/page.js"></script></body></html>`;

/** `tabs-page.ts` bundled for the browser (mpsync's web entry and the official SDK inside). */
export async function bundleTabsPage(): Promise<string> {
  const result = await build({
    entryPoints: [new URL('./tabs-page.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    write: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]?.text ?? '';
}
