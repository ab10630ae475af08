/**
 * `npm run size`: the minified and gzip size of the mini-program bundle against the budget, beside
 * the official SDK's own bundle (which apps load too, and which the budget leaves out).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The most the mini-program bundle (`dist/miniprogram/index.js`, everything but the SDK) may weigh. */
export const BUDGET = { minifiedBytes: 500 * 1024, gzipBytes: 160 * 1024 } as const;

/** The mini-program bundle `npm run build` writes. */
export const BUNDLE = new URL('../dist/miniprogram/index.js', import.meta.url);

/** Bytes of a file as shipped and gzipped at level 9. */
export function sizes(file: string | URL): { minified: number; gzip: number } {
  const bytes = readFileSync(file);
  return { minified: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function report(): boolean {
  const mine = sizes(BUNDLE);
  const sdk = sizes(createRequire(import.meta.url).resolve('@alicloud/mpserverless-sdk'));
  const rows: Array<[string, number, number, number]> = [
    ['minified', mine.minified, BUDGET.minifiedBytes, sdk.minified],
    ['gzip', mine.gzip, BUDGET.gzipBytes, sdk.gzip],
  ];
  process.stdout.write('mini-program bundle   size        budget      of budget   official SDK bundle\n');
  for (const [label, size, budget, other] of rows) {
    process.stdout.write(
      `${label.padEnd(22)}${kb(size).padEnd(12)}${kb(budget).padEnd(12)}${`${((size / budget) * 100).toFixed(0)} %`.padEnd(12)}${kb(other)} (${(size / other).toFixed(2)}x)\n`,
    );
  }
  return rows.every(([, size, budget]) => size <= budget);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!report()) {
    process.stderr.write('over budget\n');
    process.exitCode = 1;
  }
}
