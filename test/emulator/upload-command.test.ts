import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUploadArgs, runUpload, type UploadIo, type UploadOptions } from '../../src/cli/upload-command';
import { UsageError } from '../../src/cli/emulator-command';
import { createEmulator, type Emulator } from '../../src/emulator';
import { CLI, emulatorLine, exitOf, startCli } from '../helpers/cli';
import { anonymousSdk, type Sdk } from '../helpers/sdk';
import { RPCClient } from './pop-client';

const plain = (url: string) => url.replace(/^https:/, 'http:');

describe('mpsync upload', () => {
  let emulator: Emulator;
  let sdk: Sdk;
  let dir: string;
  let options: UploadOptions;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mpsync-upload-'));
    writeFileSync(join(dir, 'index.html'), '<p>hi</p>');
    writeFileSync(join(dir, 'data.json'), '{"a":1}');
    emulator = await createEmulator({ port: 0 });
    sdk = await anonymousSdk(emulator);
    options = {
      files: [join(dir, 'index.html'), join(dir, 'data.json')],
      endpoint: emulator.openApiEndpoint,
      spaceId: emulator.spaceId,
      accessKeyId: emulator.accessKeyId,
      accessKeySecret: emulator.accessKeySecret,
      targetPath: 'site',
    };
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function io(lines: string[], delays: number[]): UploadIo {
    return {
      fetch,
      now: Date.now,
      out: (line) => lines.push(line),
      sleep: (ms) => {
        delays.push(ms);
        return Promise.resolve();
      },
    };
  }

  async function fileAt(path: string): Promise<{ fileUrl: string; contentType: string } | undefined> {
    const [info] = (await sdk.file.info([`https://x/__cdn/${emulator.spaceId}/${path}`])) as { fileUrl: string; contentType: string }[];
    return info;
  }

  it('parses flags, takes the keys from the environment, and refuses what is missing', () => {
    const parsed = parseUploadArgs(['a.txt', '--space-id', 's', '--target-path', '/x/y/'], { MPSYNC_ACCESS_KEY_ID: 'id', MPSYNC_ACCESS_KEY_SECRET: 'secret' });
    expect(parsed).toEqual({
      files: ['a.txt'],
      endpoint: 'http://127.0.0.1:8790/openapi',
      spaceId: 's',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      targetPath: 'x/y',
    });
    expect(() => parseUploadArgs(['a.txt', '--space-id', 's'], {})).toThrow(UsageError);
    expect(() => parseUploadArgs(['--space-id', 's'], { MPSYNC_ACCESS_KEY_ID: 'i', MPSYNC_ACCESS_KEY_SECRET: 's' })).toThrow(/FILE/);
    expect(() => parseUploadArgs(['a', '--space-id', 's', '--endpoint', 'ftp://x'], { MPSYNC_ACCESS_KEY_ID: 'i', MPSYNC_ACCESS_KEY_SECRET: 's' })).toThrow(
      /--endpoint/,
    );
  });

  it('uploads each file to <target-path>/<name> with a progress line each and a summary', async () => {
    const lines: string[] = [];
    expect(await runUpload(options, io(lines, []))).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(/^\[1\/2\] .*index\.html uploaded \(9 B\) as file-/),
      expect.stringMatching(/^\[2\/2\] .*data\.json uploaded \(7 B\) as file-/),
      '2 uploaded (16 B), 0 failed',
    ]);
    const html = await fileAt('site/index.html');
    expect(html).toMatchObject({ contentType: 'text/html' });
    expect(await (await fetch(plain(html!.fileUrl))).text()).toBe('<p>hi</p>');
  });

  it('retries network errors and 5xx answers with doubling back-off, and uploads exactly one copy', async () => {
    // Seeded faults: the same run sees the same drops and errors every time.
    emulator.setFaults({ dropRequestRate: 0.3, errorRate: 0.3, dropResponseRate: 0.1, seed: 7 });
    const lines: string[] = [];
    const delays: number[] = [];
    const code = await runUpload({ ...options, targetPath: 'flaky' }, io(lines, delays));
    emulator.setFaults({});
    // Seed 7 drops the first two tries of index.html, and fails data.json four times in a row.
    expect(delays).toEqual([500, 1000, 500, 1000, 2000]);
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/index\.html attempt 1 failed \(fetch failed: .+\); retrying in 500 ms$/);
    expect(lines[2]).toMatch(/index\.html uploaded \(9 B\) as file-/);
    expect(lines[6]).toMatch(/data\.json failed: HTTP 503: .* \(after 4 attempts\)$/);
    expect(lines.at(-1)).toMatch(/^1 uploaded \(9 B\), 1 failed: .*data\.json$/);
    expect(await fileAt('flaky/index.html')).toBeDefined();
    expect((await fetchList('flaky')).filter((name) => name === 'index.html')).toEqual(['index.html']);
  });

  it('reports a refusal without retrying and exits non-zero', async () => {
    const lines: string[] = [];
    const delays: number[] = [];
    expect(await runUpload({ ...options, accessKeySecret: 'wrong' }, io(lines, delays))).toBe(1);
    expect(delays).toEqual([]);
    expect(lines[0]).toMatch(/failed: SignatureDoesNotMatch: /);
    expect(lines.at(-1)).toMatch(/^0 uploaded \(0 B\), 2 failed: /);
  });

  it('runs end to end through the built command line against `mpsync emulator`, keys from the environment', async () => {
    const started = await startCli(
      ['emulator', '--port', '0', '--in-memory', '--access-key-id', 'cli-key', '--access-key-secret', 'cli-key-secret'],
      dir,
      (printed) => emulatorLine(printed[0]) && printed.find((l) => l.startsWith('openapi on ')),
    );
    try {
      const match = /^openapi on (\S+) accessKeyId=cli-key accessKeySecret=cli-key-secret$/.exec(started.found);
      expect(match).not.toBeNull();
      const child = spawn(
        process.execPath,
        [CLI, 'upload', join(dir, 'index.html'), '--endpoint', match![1]!, '--space-id', emulatorLine(started.lines[0])!.spaceId],
        {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, MPSYNC_ACCESS_KEY_ID: 'cli-key', MPSYNC_ACCESS_KEY_SECRET: 'cli-key-secret' },
        },
      );
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      expect((await exitOf(child)).code).toBe(0);
      expect(stdout).toMatch(/^\[1\/1\] .*index\.html uploaded \(9 B\) as file-\S+\n1 uploaded \(9 B\), 0 failed\n$/);

      const failing = spawn(process.execPath, [CLI, 'upload', join(dir, 'missing.txt'), '--endpoint', match![1]!, '--space-id', 'x'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, MPSYNC_ACCESS_KEY_ID: 'cli-key', MPSYNC_ACCESS_KEY_SECRET: 'cli-key-secret' },
      });
      expect((await exitOf(failing)).code).toBe(1);
    } finally {
      started.child.kill('SIGTERM');
      await exitOf(started.child);
    }
  });

  async function fetchList(folder: string): Promise<string[]> {
    const pop = new RPCClient({
      accessKeyId: emulator.accessKeyId,
      accessKeySecret: emulator.accessKeySecret,
      endpoint: emulator.openApiEndpoint,
      apiVersion: '2019-06-15',
    });
    const answer = await pop.request<{ DataList: { Name: string }[] }>(
      'ListFile',
      { SpaceId: emulator.spaceId, Prefix: `/${folder}`, PageSize: 100 },
      { method: 'POST' },
    );
    return answer.DataList.map((f) => f.Name);
  }
});
