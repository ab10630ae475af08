import { fileURLToPath } from 'node:url';
import { EMULATOR_USAGE, integer, startEmulatorFromArgs, type StartedEmulator } from './emulator-command';
import { startDemoServer, type DemoServer } from '../demo/server';
import { listenFailure } from './start-checks';

/** The demo page's port when `--demo-port` is not given (the emulator's default is 8790). */
const DEFAULT_DEMO_PORT = 8791;

/** `mpsync demo --help`. */
export const DEMO_USAGE = `Usage: mpsync demo [--demo-port N] [emulator options]

Starts the emulator and serves the web demo (a todo list that works offline) on loopback.
Open the demo in two tabs: each tab is a device with its own offline cache.

Options:
  --demo-port N        TCP port of the demo page (default ${DEFAULT_DEMO_PORT}; 0 picks a free port)
${EMULATOR_USAGE.slice(EMULATOR_USAGE.indexOf('Options:\n') + 'Options:\n'.length)}`;

/** The built demo next to the built command line: dist/demo beside dist/cli. */
const BUILT_DEMO = fileURLToPath(new URL('../demo/', import.meta.url));

/** Parses `mpsync demo` flags, starts the emulator, then the demo server on the same host. */
export async function startDemoFromArgs(args: string[], root = BUILT_DEMO): Promise<{ emulator: StartedEmulator; demo: DemoServer }> {
  const rest: string[] = [];
  let demoPort = DEFAULT_DEMO_PORT;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--demo-port') {
      demoPort = integer(inline ?? args[++i] ?? '', '--demo-port', 0, 65535);
      continue;
    }
    rest.push(arg);
  }
  const emulator = await startEmulatorFromArgs(rest);
  try {
    const demo = await startDemoServer({ root, port: demoPort, host: emulator.host, emulator });
    return { emulator, demo };
  } catch (error) {
    await emulator.stop();
    throw listenFailure(error, { flag: '--demo-port', port: demoPort, host: emulator.host });
  }
}
