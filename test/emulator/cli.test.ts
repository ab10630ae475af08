import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../../src/emulator';
import { anonymousSdk } from '../helpers/sdk';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

interface Running {
  child: ChildProcess;
  firstLine: string;
  /** Where the CLI emulator listens: what `newSdk`/`anonymousSdk` need. */
  emulator: Pick<Emulator, 'endpoint' | 'spaceId' | 'clientSecret'>;
}

/** Starts the built CLI and resolves once it printed its first line. */
function startCli(args: string[], cwd: string): Promise<Running> {
  const child = spawn(process.execPath, [CLI, 'emulator', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0] ?? '';
      const match = /^mpsync emulator listening on (http:\/\/\S+) spaceId=(\S+) clientSecret=(\S+)$/.exec(line);
      if (match && out.includes('\n')) {
        const [, endpoint, spaceId, clientSecret] = match as unknown as [string, string, string, string];
        resolve({ child, firstLine: line, emulator: { endpoint, spaceId, clientSecret } });
      }
    });
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code}: ${err}`)));
  });
}

/** A port that was free a moment ago (for restarting an emulator on the same address). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return exitOf(child).then(({ code }) => ({ code, stdout, stderr }));
}

describe('mpsync emulator (the built command line)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the documented first line, serves the SDK, and stops cleanly on SIGTERM', async () => {
    const { child, firstLine, emulator } = await startCli(['--port', '0', '--in-memory', '--space-id', 'cli-space', '--client-secret', 'cli-secret'], dir);
    expect(firstLine).toMatch(/^mpsync emulator listening on http:\/\/127\.0\.0\.1:\d+ spaceId=cli-space clientSecret=cli-secret$/);
    const sdk = await anonymousSdk(emulator);
    expect((await sdk.db.collection('t').insertOne({ _id: 1 })).affectedDocs).toBe(1);
    child.kill('SIGTERM');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
  });

  it('keeps every answered write across kill -9 of a --data emulator', async () => {
    const data = join(dir, 'durable');
    const port = String(await freePort());
    const first = await startCli(['--port', port, '--data', data], dir);
    const sdk = await anonymousSdk(first.emulator);
    const todos = sdk.db.collection('todos');
    for (let i = 0; i < 50; i++) await todos.insertOne({ _id: i, n: i });
    await todos.updateMany({ n: { $lt: 10 } }, { $set: { small: true } });
    await todos.deleteOne({ _id: 49 });
    first.child.kill('SIGKILL');
    expect((await exitOf(first.child)).signal).toBe('SIGKILL');

    const second = await startCli(['--port', port, '--data', data], dir);
    try {
      // Same address, same SDK instance: tokens are self-contained, so the old one still works.
      expect(second.emulator.endpoint).toBe(first.emulator.endpoint);
      const restarted = sdk.db.collection('todos');
      expect((await restarted.count({})).result).toBe(49);
      expect((await restarted.count({ small: true })).result).toBe(10);
      expect((await restarted.findOne({ _id: 48 })).result).toEqual({ _id: 48, n: 48 });
    } finally {
      second.child.kill('SIGTERM');
      await exitOf(second.child);
    }
  });

  it('--in-memory keeps nothing across restarts', async () => {
    const first = await startCli(['--port', '0', '--in-memory'], dir);
    await (await anonymousSdk(first.emulator)).db.collection('gone').insertOne({ _id: 1 });
    first.child.kill('SIGKILL');
    await exitOf(first.child);
    const second = await startCli(['--port', '0', '--in-memory'], dir);
    try {
      expect((await (await anonymousSdk(second.emulator)).db.collection('gone').count({})).result).toBe(0);
    } finally {
      second.child.kill('SIGTERM');
      await exitOf(second.child);
    }
  });

  it('refuses bad flags with the usage and exit code 2', async () => {
    const unknown = await run(['emulator', '--nope'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage: mpsync emulator');
    expect((await run(['emulator', '--data', 'x', '--in-memory'], dir)).code).toBe(2);
    expect((await run(['emulator', '--port', 'abc'], dir)).code).toBe(2);
    expect((await run(['frobnicate'], dir)).code).toBe(2);
    const help = await run(['emulator', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--functions DIR');
  });
});
