// Builds dist/:
// - the Node library entries (ESM, dependencies external, shared code split into chunks) and the
//   `mpsync` command line;
// - the web build (ESM for bundlers, dependencies external);
// - the demo (`npm start`): one browser bundle with everything inside (mpsync's web build and the
//   official SDK), its service worker, page and styles, under dist/demo/;
// - the mini-program bundle: one CommonJS file with every dependency inside but the official SDK,
//   ES2017 syntax and ES2017 built-ins (newer ones go through private helpers, see
//   es2017-plugin.mjs), no Node built-ins, for WeChat's "build npm" (the `miniprogram` folder)
//   and for Alipay and DingTalk, which load `main` untranspiled.
import { build } from 'esbuild';
import { es2017Plugin, HELPERS } from './es2017-plugin.mjs';
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';

/** The syntax level of the mini-program bundle (see docs/guides/mini-programs.md). */
const MINI_PROGRAM_TARGET = 'es2017';

const quiet = { sourcemap: true, logLevel: 'warning' };
const node = { ...quiet, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external' };

await rm('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...node,
    entryPoints: { index: 'src/index.ts', 'emulator/index': 'src/emulator/index.ts', 'testing/index': 'src/testing/index.ts' },
    outdir: 'dist',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({ ...node, entryPoints: { 'cli/main': 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
  build({
    ...quiet,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2019',
    packages: 'external',
    entryPoints: { 'web/index': 'src/browser.ts' },
    outdir: 'dist',
  }),
  build({
    ...quiet,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"' },
    minify: true,
    entryPoints: { 'demo/app': 'src/demo/main.ts' },
    outdir: 'dist',
  }),
  build({ ...quiet, bundle: true, platform: 'browser', format: 'iife', target: 'es2020', entryPoints: { 'demo/sw': 'src/demo/sw.ts' }, outdir: 'dist' }),
  build({
    ...quiet,
    bundle: true,
    platform: 'neutral',
    format: 'cjs',
    target: MINI_PROGRAM_TARGET,
    // Dependencies ship ESM under `module`; their `browser` builds may reach for window.
    mainFields: ['module', 'main'],
    conditions: ['import', 'default'],
    external: ['@alicloud/mpserverless-sdk'],
    plugins: [es2017Plugin()],
    inject: [HELPERS],
    minify: true,
    legalComments: 'eof',
    // No map beside the bundle: WeChat copies the whole `miniprogram` folder into the app package.
    sourcemap: 'external',
    entryPoints: { 'miniprogram/index': 'src/miniprogram.ts' },
    outdir: 'dist',
    metafile: true,
  }).then(noteBundledPackages),
]);
await Promise.all(['index.html', 'styles.css'].map((file) => copyFile(`src/demo/${file}`, `dist/demo/${file}`)));
await mkdir('dist/maps', { recursive: true });
await rename('dist/miniprogram/index.js.map', 'dist/maps/miniprogram.js.map');
// The package is ESM; tools that honour `type` (Node, webpack) must read the bundle as CommonJS.
await writeFile('dist/miniprogram/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);

// Names the packages inside the bundle, with version and license, at the end of the file (where
// it does not shift the source map).
async function noteBundledPackages({ metafile }) {
  const file = 'dist/miniprogram/index.js';
  const names = new Set();
  for (const input of Object.keys(metafile.outputs[file].inputs)) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) names.add(match[1]);
  }
  const lines = [...names].sort().map((name) => {
    const { version, license } = JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8'));
    return ` * ${name}@${version} (${license})`;
  });
  const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
  const notice = `/*! mpsync@${version} (MIT), mini-program bundle. It includes:\n${lines.join('\n')}\n */\n`;
  await writeFile(file, readFileSync(file, 'utf8') + notice);
}
