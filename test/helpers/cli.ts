import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built `mpsync` command (`npm run build` makes it; `npm test` builds first). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * Starts `mpsync ...args` in `cwd` and resolves once `ready` finds what it waits for in the
 * complete lines printed so far; rejects if the command exits first (with its stderr).
 */
export function startCli<T>(
  args: string[],
  cwd: string,
  ready: (lines: string[]) => T | undefined,
): Promise<{ child: ChildProcess; lines: string[]; found: T }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n').slice(0, -1);
      const found = ready(lines);
      if (found !== undefined) resolve({ child, lines, found });
    });
    child.once('exit', (code) => reject(new Error(`mpsync ${args.join(' ')} exited with ${code}: ${err}`)));
  });
}

/** Runs `mpsync ...args` to its end. */
export function runCli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return exitOf(child).then(({ code }) => ({ code, stdout, stderr }));
}

/** How a child process ended. */
export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** The address `mpsync emulator` (and `mpsync demo`) prints on its first line, or undefined. */
export function emulatorLine(line: string | undefined): { endpoint: string; spaceId: string; clientSecret: string } | undefined {
  const match = /^mpsync emulator listening on (http:\/\/\S+) spaceId=(\S+) clientSecret=(\S+)$/.exec(line ?? '');
  return match ? { endpoint: match[1]!, spaceId: match[2]!, clientSecret: match[3]! } : undefined;
}
