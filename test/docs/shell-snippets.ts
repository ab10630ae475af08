import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseUploadArgs } from '../../src/cli/upload-command';
import type { Emulator } from '../../src/emulator';
import { emulatorLine, exitOf, startCli } from '../helpers/cli';

interface ShellContext {
  /** The project folder (its package.json names the scripts and packages a snippet may use). */
  readonly root: string;
  /** Where commands run. */
  readonly cwd: string;
  readonly emulator: Emulator;
}

/** The commands of a shell snippet: comments dropped, `\` continuations joined, `&&` chains split. */
export function shellCommands(code: string): string[][] {
  return code
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean)
    .flatMap((line) => line.split('&&'))
    .map((command) => command.trim().split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0);
}

/** Starts `mpsync emulator|demo ...args` on free ports, waits until it serves, and stops it. */
async function runServer(args: string[], cwd: string): Promise<void> {
  const demo = args[0] === 'demo';
  const ports = demo ? ['--port', '0', '--demo-port', '0'] : ['--port', '0'];
  // The last line printed before it serves (and listens for SIGTERM), after the address line.
  const last = demo ? 'open it in two tabs' : 'openapi on ';
  const { child } = await startCli([...args, ...ports], cwd, (lines) =>
    emulatorLine(lines[0]) && lines.some((line) => line.startsWith(last)) ? true : undefined,
  );
  child.kill('SIGTERM');
  const { code, signal } = await exitOf(child);
  if (code !== 0) throw new Error(`mpsync ${args.join(' ')} exited with ${code ?? signal} on SIGTERM`);
}

/**
 * Checks a shell snippet command by command: `mpsync emulator` and `mpsync demo` run (on free
 * ports, stopped once they print their address), `mpsync upload` must parse, `npm start|test|run X`
 * must name a script of package.json, `npm install` only packages mpsync documents, `export` sets
 * the environment of the next commands. Anything else fails: mark such a snippet a fragment.
 */
export async function checkShellSnippet(code: string, context: ShellContext): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(context.root, 'package.json'), 'utf8')) as {
    name: string;
    scripts: Record<string, string>;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const words of shellCommands(code)) {
    const [first, ...rest] = words as [string, ...string[]];
    const args = first === 'npx' && rest[0] === 'mpsync' ? rest.slice(1) : first === 'mpsync' ? rest : undefined;
    if (args) {
      if (args[0] === 'emulator' || args[0] === 'demo') await runServer(args, context.cwd);
      else if (args[0] === 'upload') parseUploadArgs(args.slice(1), env);
      else throw new Error(`unknown mpsync command: ${words.join(' ')}`);
    } else if (first === 'export') {
      for (const assignment of rest) {
        const [name, ...value] = assignment.split('=');
        env[name as string] = value.join('=');
      }
    } else if (first === 'npm' && (rest[0] === 'install' || rest[0] === 'i')) {
      const known = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
      for (const name of rest.slice(1).filter((word) => !word.startsWith('-'))) {
        if (!known.has(name)) throw new Error(`npm install ${name}: not mpsync nor one of its dependencies`);
      }
    } else if (first === 'npm' && (rest[0] === 'start' || rest[0] === 'test' || rest[0] === 'run')) {
      const script = rest[0] === 'run' ? rest[1] : rest[0];
      if (!script || !(script in pkg.scripts)) throw new Error(`${words.join(' ')}: package.json has no script "${script}"`);
    } else {
      throw new Error(`a command the snippet test cannot check: ${words.join(' ')} (mark the snippet <!-- fragment --> if it is not meant to run)`);
    }
  }
}
