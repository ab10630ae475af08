// Builds dist/: the Node library entries (ESM, code shared between entries split into chunks)
// and the `mpsync` command line. Dependencies stay external; they are installed beside mpsync.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };
await rm('dist', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { index: 'src/index.ts', 'emulator/index': 'src/emulator/index.ts', 'testing/index': 'src/testing/index.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
await build({ ...common, entryPoints: { 'cli/main': 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } });
