import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { manualScheduler, type ManualScheduler } from '../../src/testing/manual-scheduler';
import { spawn } from 'node:child_process';
import { CLI, emulatorLine, exitOf, startCli } from '../helpers/cli';
import { anonymousSdk, rejectionOf, sdkOn, type Sdk } from '../helpers/sdk';
import { nodeSdkAdapter } from '../../src/testing';

// Functions that misbehave in every way a function file can. Written at run time: one of them is
// not valid JavaScript, which the linter must never see.
const FUNCTIONS: Record<string, string> = {
  'hang.js': 'export default function hang() { return new Promise(() => {}); }',
  'circular.js': 'export default async function circular() { const a = { n: 1 }; a.self = a; return a; }',
  'bigint.js': 'export default async function bigint() { return { big: 10n }; }',
  'broken.js': 'export default async function broken( { return 1; }',
  'throwsOnLoad.js': "throw new Error('the module refused to load');\nexport default async () => 1;",
  'nothing.js': 'export default async function nothing() { return () => 1; }',
  'ok.js': 'export default async function ok(args) { return { got: args.n }; }',
  'laterThrow.js':
    "export default async function laterThrow() { setTimeout(() => { throw new Error('thrown from a timer'); }, 1); return new Promise(() => {}); }",
  'danglingReject.js': "export default async function danglingReject() { Promise.reject(new Error('nobody awaits this')); return new Promise(() => {}); }",
};

describe('cloud functions that misbehave', () => {
  let dir: string;
  let scheduler: ManualScheduler;
  let emulator: Emulator;
  let sdk: Sdk;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mpsync-functions-'));
    for (const [name, code] of Object.entries(FUNCTIONS)) writeFileSync(join(dir, name), code);
    scheduler = manualScheduler();
    emulator = await createEmulator({ port: 0, functionsDir: dir, functionTimeoutMs: 3000, scheduler });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('times out a function that never settles with FunctionExecutionFailed, and keeps serving', async () => {
    const call = rejectionOf(() => sdk.function.invoke('hang', {}));
    await vi.waitFor(() => expect(scheduler.pending).toBe(1));
    await scheduler.advance(2999);
    expect((await sdk.function.invoke('ok', { n: 1 })).result).toEqual({ got: 1 });
    await scheduler.advance(1);
    expect(await call).toMatchObject({ code: 'FunctionExecutionFailed', message: expect.stringContaining('did not finish within 3000 ms') });
    expect(scheduler.pending).toBe(0);
  });

  it('answers FunctionExecutionFailed for results JSON cannot carry and for files that do not load', async () => {
    for (const [name, text] of [
      ['circular', 'cannot travel as JSON'],
      ['bigint', 'cannot travel as JSON'],
      ['broken', 'could not be loaded'],
      ['throwsOnLoad', 'the module refused to load'],
    ] as const) {
      expect(await rejectionOf(() => sdk.function.invoke(name, {}))).toMatchObject({ code: 'FunctionExecutionFailed', message: expect.stringContaining(text) });
    }
    // A function returned: no data.
    expect((await sdk.function.invoke('nothing', {})).result).toBeUndefined();
    expect(scheduler.pending).toBe(0);
  });
});

describe('an asynchronous throw inside a cloud function', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mpsync-functions-cli-'));
    for (const [name, code] of Object.entries(FUNCTIONS)) writeFileSync(join(dir, name), code);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // In its own process: inside the test runner, the runner's own handlers would see the throw too.
  it('fails that call and leaves the emulator process running', async () => {
    const { child, found } = await startCli(['emulator', '--port', '0', '--in-memory', '--functions', dir], dir, (lines) => emulatorLine(lines[0]));
    try {
      const sdk = sdkOn(nodeSdkAdapter(), found);
      await sdk.init({ authType: 'anonymous' });
      expect(await rejectionOf(() => sdk.function.invoke('laterThrow', {}))).toMatchObject({
        code: 'FunctionExecutionFailed',
        message: expect.stringContaining('thrown from a timer'),
      });
      expect(await rejectionOf(() => sdk.function.invoke('danglingReject', {}))).toMatchObject({
        code: 'FunctionExecutionFailed',
        message: expect.stringContaining('nobody awaits this'),
      });
      expect((await sdk.function.invoke('ok', { n: 2 })).result).toEqual({ got: 2 });
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await exitOf(child);
    }
  });
});

describe('mpsync emulator beyond loopback', () => {
  it('warns on stderr when it listens on every interface with the default client secret, not with a secret of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mpsync-exposed-'));
    try {
      for (const [args, warned] of [
        [[], true],
        [['--client-secret', 'my-own-secret'], false],
      ] as const) {
        // The warning follows the first two lines; once "data in memory" is out, it has been written.
        const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--in-memory', '--host', '0.0.0.0', ...args], {
          cwd: dir,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        await new Promise<void>((resolve) =>
          child.stdout.on('data', (d: Buffer) => {
            stdout += d.toString();
            if (stdout.includes('data in memory')) resolve();
          }),
        );
        // Once it answers a request it is past printing (and past installing its SIGTERM handler).
        const address = emulatorLine(stdout.split('\n')[0]);
        expect((await fetch(`http://127.0.0.1:${new URL(address?.endpoint ?? 'http://x').port}/__admin/health`)).status).toBe(200);
        // 'close' (not 'exit') waits until everything the child wrote to stderr has been read.
        const closed = new Promise((resolve) => child.once('close', resolve));
        child.kill('SIGTERM');
        await closed;
        expect(stderr.includes('default client secret')).toBe(warned);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
