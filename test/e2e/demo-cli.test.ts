import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { anonymousSdk } from '../helpers/sdk';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

interface Started {
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly endpoint: string;
  readonly demoUrl: string;
}

/** Starts `mpsync demo` and resolves once it printed the demo's URL. */
function startDemo(args: string[], cwd: string): Promise<Started> {
  const child = spawn(process.execPath, [CLI, 'demo', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      const endpoint = /^mpsync emulator listening on (http:\/\/\S+) spaceId=\S+ clientSecret=\S+$/.exec(lines[0] ?? '')?.[1];
      const demoUrl = lines.map((line) => /^mpsync demo on (http:\/\/\S+)$/.exec(line)?.[1]).find(Boolean);
      if (endpoint && demoUrl) resolve({ child, lines, endpoint, demoUrl });
    });
    child.once('exit', (code) => reject(new Error(`mpsync demo exited with ${code}: ${err}`)));
  });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

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
    expect(await exitOf(started.child)).toBe(0);
  });

  it('refuses a bad --demo-port with the usage (exit 2)', async () => {
    const child = spawn(process.execPath, [CLI, 'demo', '--demo-port', 'x', '--in-memory'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    expect(await exitOf(child)).toBe(2);
    expect(stderr).toContain('--demo-port must be an integer');
    expect(stderr).toContain('Usage: mpsync demo');
  });
});
