import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, emulatorLine, exitOf, runCli } from '../helpers/cli';

/** Holds a port, as another program would. */
function holdPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('mpsync emulator and demo: start problems in one sentence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-cli-errors-'));
  let held: { server: Server; port: number };
  beforeAll(async () => {
    held = await holdPort();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => held.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('a busy --port: names the port and the option, exit 1, no stack', async () => {
    const { code, stdout, stderr } = await runCli(['emulator', '--port', String(held.port), '--in-memory'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `mpsync: port ${held.port} on 127.0.0.1 is already in use (by another emulator or program): choose another with --port N, or --port 0 for a free one\n`,
    );
  });

  it('a busy --demo-port: names --demo-port, exit 1', async () => {
    const { code, stderr } = await runCli(['demo', '--demo-port', String(held.port), '--port', '0', '--in-memory'], dir);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `mpsync: port ${held.port} on 127.0.0.1 is already in use (by another emulator or program): choose another with --demo-port N, or --demo-port 0 for a free one\n`,
    );
  });

  it('refuses negative, fractional and too large ports in words, with the usage (exit 2)', async () => {
    for (const [args, said] of [
      [['emulator', '--port', '-1'], '--port must be an integer from 0 to 65535, not "-1"'],
      [['emulator', '--port=-80'], '--port must be an integer from 0 to 65535, not "-80"'],
      [['emulator', '--port', '1.5'], '--port must be an integer from 0 to 65535, not "1.5"'],
      [['emulator', '--port', '65536'], '--port must be an integer from 0 to 65535, not "65536"'],
      [['demo', '--demo-port', '-5'], '--demo-port must be an integer from 0 to 65535, not "-5"'],
    ] as const) {
      const { code, stderr } = await runCli([...args, '--in-memory'], dir);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr.split('\n')[0]).toBe(`mpsync: ${said}`);
    }
  });

  it('an unusable --data (a file, or a path through a file): one sentence, exit 1', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'not a folder');
    for (const data of [file, join(file, 'below')]) {
      const { code, stdout, stderr } = await runCli(['emulator', '--port', '0', '--data', data], dir);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `mpsync: cannot use the data folder ${data} (--data): it, or a folder on its path, is a file; pass another --data folder, or --in-memory\n`,
      );
    }
  });

  it('a missing --functions folder: starts, and warns on stderr', async () => {
    const missing = join(dir, 'no-functions-here');
    const child = spawn(process.execPath, [CLI, 'emulator', '--port', '0', '--in-memory', '--functions', missing], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The openapi line is the last one printed before it serves (and listens for SIGTERM).
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('\nopenapi on ')) resolve();
      }),
    );
    expect(emulatorLine(stdout.split('\n')[0])).toBeDefined();
    child.kill('SIGTERM');
    expect(await exitOf(child)).toEqual({ code: 0, signal: null });
    expect(stderr).toBe(
      `mpsync: warning: the functions folder ${missing} (--functions) does not exist; cloud function calls answer FunctionNotFound until it does\n`,
    );
  });
});
