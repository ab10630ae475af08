import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emulatorLine, exitOf, runCli, startCli } from '../helpers/cli';
import { anonymousSdk } from '../helpers/sdk';

/** Starts `mpsync emulator` and resolves once it printed its address. */
async function startEmulatorCli(args: string[], cwd: string) {
  const { child, lines, found } = await startCli(['emulator', ...args], cwd, (printed) => emulatorLine(printed[0]));
  return { child, firstLine: lines[0]!, emulator: found };
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

describe('mpsync emulator (the built command line)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the documented first line, serves the SDK, and stops cleanly on SIGTERM', async () => {
    const { child, firstLine, emulator } = await startEmulatorCli(
      ['--port', '0', '--in-memory', '--space-id', 'cli-space', '--client-secret', 'cli-secret'],
      dir,
    );
    expect(firstLine).toMatch(/^mpsync emulator listening on http:\/\/127\.0\.0\.1:\d+ spaceId=cli-space clientSecret=cli-secret$/);
    const sdk = await anonymousSdk(emulator);
    expect((await sdk.db.collection('t').insertOne({ _id: 1 })).affectedDocs).toBe(1);
    child.kill('SIGTERM');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
  });

  it('keeps every answered write across kill -9 of a --data emulator', async () => {
    const data = join(dir, 'durable');
    const port = String(await freePort());
    const first = await startEmulatorCli(['--port', port, '--data', data], dir);
    const sdk = await anonymousSdk(first.emulator);
    const todos = sdk.db.collection('todos');
    for (let i = 0; i < 50; i++) await todos.insertOne({ _id: i, n: i });
    await todos.updateMany({ n: { $lt: 10 } }, { $set: { small: true } });
    await todos.deleteOne({ _id: 49 });
    first.child.kill('SIGKILL');
    expect((await exitOf(first.child)).signal).toBe('SIGKILL');

    const second = await startEmulatorCli(['--port', port, '--data', data], dir);
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

  it('refuses to start a second emulator on the --data folder of a running one, with a clear message', async () => {
    const data = join(dir, 'shared');
    const first = await startEmulatorCli(['--port', '0', '--data', data], dir);
    try {
      const second = await runCli(['emulator', '--port', '0', '--data', data], dir);
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/^mpsync: the data folder .*shared is used by another emulator \(process \d+\)/);
      expect(second.stdout).toBe('');
    } finally {
      first.child.kill('SIGTERM');
      await exitOf(first.child);
    }
  });

  it('--in-memory keeps nothing across restarts', async () => {
    const first = await startEmulatorCli(['--port', '0', '--in-memory'], dir);
    await (await anonymousSdk(first.emulator)).db.collection('gone').insertOne({ _id: 1 });
    first.child.kill('SIGKILL');
    await exitOf(first.child);
    const second = await startEmulatorCli(['--port', '0', '--in-memory'], dir);
    try {
      expect((await (await anonymousSdk(second.emulator)).db.collection('gone').count({})).result).toBe(0);
    } finally {
      second.child.kill('SIGTERM');
      await exitOf(second.child);
    }
  });

  it('refuses bad flags with the usage and exit code 2', async () => {
    const unknown = await runCli(['emulator', '--nope'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Usage: mpsync emulator');
    expect((await runCli(['emulator', '--data', 'x', '--in-memory'], dir)).code).toBe(2);
    expect((await runCli(['emulator', '--port', 'abc'], dir)).code).toBe(2);
    expect((await runCli(['frobnicate'], dir)).code).toBe(2);
    const help = await runCli(['emulator', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--functions DIR');
  });
});
