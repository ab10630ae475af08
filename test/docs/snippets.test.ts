import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { collectSnippets, type Snippet } from './extract-snippets';
import { checkShellSnippet } from './shell-snippets';
import { CHECK_GLOBAL, checkValueComments } from './value-comments';
import {
  closeOpened,
  DOCUMENTED_ENDPOINT,
  installGlobals,
  PICKED_FILE,
  prepareHost,
  runLifecycle,
  snippetFile,
  snippetGlobals,
  type SnippetHost,
} from './snippet-world';

const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const { markdown, tsdoc } = collectSnippets(ROOT);

/**
 * The snippet (or `text`, a rewritten form of it) as the module the test runs: types stripped,
 * package names to the built package, the documented endpoint to the test's emulator.
 */
function moduleSource(snippet: Snippet, host: SnippetHost, text: string = snippet.code): string {
  const { code } = transformSync(text.replaceAll(DOCUMENTED_ENDPOINT, host.emulator.endpoint), {
    loader: snippet.lang === 'ts' || snippet.lang === 'typescript' ? 'ts' : 'js',
    format: 'esm',
    target: 'node20',
    tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
  });
  return code.replace(/(from\s*|import\s*\(\s*)(['"])(mpsync(?:\/[a-z]+)?)\2/g, (all, lead: string, _quote: string, name: string) => {
    const target = host.specifiers.get(name);
    return target ? `${lead}${JSON.stringify(target)}` : all;
  });
}

describe('documentation examples', () => {
  let emulator: Emulator;
  let host: SnippetHost;
  let work: string;
  const cwd = process.cwd();
  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('the snippets run against the built package: npm run build first');
    emulator = await createEmulator({ port: 0 });
    host = prepareHost(ROOT, emulator);
    // The working folder of the snippets: their default data folders land here, and it holds the files they upload.
    work = mkdtempSync(join(tmpdir(), 'mpsync-snippets-'));
    mkdirSync(join(work, 'dist'));
    writeFileSync(join(work, 'dist', 'index.html'), '<!doctype html><title>snippet</title>');
    writeFileSync(join(work, 'dist', 'app.js'), 'console.log("snippet");');
    writeFileSync(join(work, PICKED_FILE), 'not really a photo');
  });
  afterAll(async () => {
    process.chdir(cwd);
    await emulator?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('finds the snippets of README.md, docs/ and the TSDoc examples', () => {
    expect(markdown.some((s) => s.where.startsWith('README.md:'))).toBe(true);
    expect(markdown.some((s) => s.where.startsWith('docs/guides/'))).toBe(true);
    expect(tsdoc.length).toBeGreaterThan(50);
  });

  describe.each(markdown.filter((s) => s.kind === 'script' && !s.fragment).map((s) => [s.where, s] as const))('%s', (_where, snippet) => {
    it('runs as written', async () => {
      const file = snippetFile(host, snippet.where);
      writeFileSync(file, moduleSource(snippet, host));
      const { globals, apps, pages, close } = await snippetGlobals(host);
      const restore = installGlobals(globals);
      const env = { ...process.env };
      process.env['MPSYNC_ACCESS_KEY_ID'] = emulator.accessKeyId;
      process.env['MPSYNC_ACCESS_KEY_SECRET'] = emulator.accessKeySecret;
      process.chdir(work);
      try {
        await import(`${pathToFileURL(file).href}?run=${Date.now()}`);
        await runLifecycle(apps, pages);
      } finally {
        process.chdir(cwd);
        process.env = env;
        await closeOpened();
        await close();
        restore();
      }
    });
  });

  describe.each(markdown.filter((s) => s.kind === 'shell' && !s.fragment).map((s) => [s.where, s] as const))('%s', (_where, snippet) => {
    it('runs or parses as written', async () => {
      await checkShellSnippet(snippet.code, { root: ROOT, cwd: work, emulator });
    });
  });

  it.each(markdown.filter((s) => s.kind === 'json' && !s.fragment).map((s) => [s.where, s] as const))('%s is JSON', (_where, snippet) => {
    expect(() => JSON.parse(snippet.code) as unknown).not.toThrow();
  });

  it('every TSDoc @example is valid TypeScript, fragments included', () => {
    const broken: string[] = [];
    for (const snippet of tsdoc) {
      try {
        transformSync(snippet.code, { loader: 'ts', format: 'esm' });
      } catch (error) {
        broken.push(`${snippet.where}: ${(error as Error).message.split('\n')[1] ?? ''}`);
      }
    }
    expect(broken).toEqual([]);
  });

  describe('TSDoc @example blocks', () => {
    let world: Awaited<ReturnType<typeof snippetGlobals>>;
    beforeAll(async () => {
      world = await snippetGlobals(host);
    });
    afterAll(async () => {
      await world?.close();
    });

    it.each(tsdoc.filter((s) => !s.fragment).map((s) => [s.where, s] as const))('%s runs', async (where, snippet) => {
      // The example sees what its own module exports, as the code beside it does.
      const own = (await import(join(ROOT, where.replace(/:\d+$/, '')))) as Record<string, unknown>;
      const file = snippetFile(host, where);
      writeFileSync(file, moduleSource(snippet, host, checkValueComments(snippet.code)));
      // `expression; // value` lines of the example: the expression must equal the value.
      const check = (actual: unknown, expected: unknown, line: number) => expect(actual, `${where}, line ${line} of the example`).toEqual(expected);
      const restore = installGlobals({ ...world.globals, ...own, [CHECK_GLOBAL]: check });
      process.chdir(work);
      try {
        const run = import(`${pathToFileURL(file).href}?run=${Date.now()}`);
        // An example that shows a failure (a `throw` statement, or a `// throws ...` comment) must throw.
        if (/^throw\b|\/\/\s*throws\b/m.test(snippet.code)) await expect(run).rejects.toThrow();
        else await run;
      } finally {
        process.chdir(cwd);
        await closeOpened();
        restore();
      }
    });
  });
});
