import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatorLine, exitOf, runCli, startCli } from '../helpers/cli';
import { anonymousSdk } from '../helpers/sdk';

/** Starts `mpsync demo` and resolves once it printed the emulator's address and the demo's URL. */
async function startDemo(args: string[], cwd: string) {
  const { child, lines, found } = await startCli(['demo', ...args], cwd, (printed) => {
    const endpoint = emulatorLine(printed[0])?.endpoint;
    const demoUrl = printed.map((line) => /^mpsync demo on (http:\/\/\S+)$/.exec(line)?.[1]).find(Boolean);
    return endpoint && demoUrl ? { endpoint, demoUrl } : undefined;
  });
  return { child, lines, ...found };
}

describe('mpsync demo (what npm start runs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-demo-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts the emulator with its data in .mpsync-data/ and serves the page and its config, printing both URLs; SIGTERM stops both', async () => {
    const started = await startDemo(['--port', '0', '--demo-port', '0'], dir);
    try {
      expect(started.lines[1]).toBe(`data in ${join(dir, '.mpsync-data')}`);
      const page = await fetch(`${started.demoUrl}/`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await page.text()).toContain('<script type="module" src="/app.js"></script>');
      for (const path of ['/app.js', '/sw.js', '/styles.css']) expect((await fetch(`${started.demoUrl}${path}`)).status, path).toBe(200);
      expect((await fetch(`${started.demoUrl}/../package.json`)).status).toBe(404);
      expect((await fetch(`${started.demoUrl}/index.html`, { method: 'POST' })).status).toBe(405);
      const config = (await (await fetch(`${started.demoUrl}/config.json`)).json()) as Record<string, string>;
      expect(config).toEqual({ endpoint: started.endpoint, spaceId: 'mpsync-local', clientSecret: 'mpsync-local-secret', appId: 'mpsync-demo' });
      // The config is enough for the official SDK to reach the emulator.
      const sdk = await anonymousSdk({ endpoint: config.endpoint!, spaceId: config.spaceId!, clientSecret: config.clientSecret! });
      expect((await sdk.db.collection('todos').insertOne({ title: 'from the CLI test' })).affectedDocs).toBe(1);
    } finally {
      started.child.kill('SIGTERM');
    }
    expect((await exitOf(started.child)).code).toBe(0);
  });

  it('refuses a bad --demo-port with the usage (exit 2)', async () => {
    const { code, stderr } = await runCli(['demo', '--demo-port', 'x', '--in-memory'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('--demo-port must be an integer');
    expect(stderr).toContain('Usage: mpsync demo');
  });
});
