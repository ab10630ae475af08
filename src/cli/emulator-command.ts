import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createEmulator,
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_FUNCTION_TIMEOUT_MS,
  DEFAULT_PORT,
  DEFAULT_SPACE_ID,
  DEFAULT_TIMESTAMP_WINDOW_SECONDS,
  type Emulator,
} from '../emulator';
import { dataFolderFailure, ensureDataFolder, functionsWarning, joinDashValues, listenFailure } from './start-checks';

export const EMULATOR_USAGE = `Usage: mpsync emulator [options]

Serves the mpserverless client protocol on loopback, for the official SDK and mpsync.

Options:
  --port N             TCP port (default ${DEFAULT_PORT}; 0 picks a free port)
  --host HOST          interface to listen on (default 127.0.0.1)
  --space-id ID        the space to serve (default ${DEFAULT_SPACE_ID})
  --client-secret S    key of the request signature (default ${DEFAULT_CLIENT_SECRET})
  --access-key-id ID   AccessKey ID of the server-side OpenAPI (default ${DEFAULT_ACCESS_KEY_ID})
  --access-key-secret S
                       its AccessKey secret (default ${DEFAULT_ACCESS_KEY_SECRET})
  --data DIR           keep data in DIR (default .mpsync-data)
  --in-memory          keep nothing; data is gone when the emulator stops
  --functions DIR      serve cloud functions from DIR/NAME.js (a missing DIR is warned
                       about; calls answer FunctionNotFound until it exists)
  --token-ttl SECONDS  lifetime of access tokens (default 600)
  --cors-origin ORIGIN let web pages of ORIGIN call the emulator (repeatable; * for any).
                       Pages served from localhost, 127.0.0.1 and [::1] always may.
  --allowed-host NAME  answer requests addressed to NAME (repeatable; * for any). IP
                       addresses, localhost and --host are always answered.
  --timestamp-window SECONDS
                       refuse requests signed further than this from the clock
                       (default ${DEFAULT_TIMESTAMP_WINDOW_SECONDS}; 0 turns the check off)
  --command-timeout-ms MS
                       stop a database command after MS (default ${DEFAULT_COMMAND_TIMEOUT_MS})
  --function-timeout-ms MS
                       fail a cloud function call after MS (default ${DEFAULT_FUNCTION_TIMEOUT_MS})
  -h, --help           show this help
`;

/** A command-line problem: the message is printed with the usage, exit code 2. */
export class UsageError extends Error {}

/** Parses `mpsync emulator` flags and starts the emulator. */
/**
 * The started emulator, with where its data lives, the host it listens on, and warning lines to
 * print (a missing `--functions` folder).
 */
export type StartedEmulator = Emulator & { dataDir: string | undefined; host: string; warnings: string[] };

export async function startEmulatorFromArgs(args: string[]): Promise<StartedEmulator> {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinDashValues(args, VALUE_FLAGS),
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'space-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'access-key-id': { type: 'string' },
        'access-key-secret': { type: 'string' },
        data: { type: 'string' },
        'in-memory': { type: 'boolean' },
        functions: { type: 'string' },
        'token-ttl': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        'allowed-host': { type: 'string', multiple: true },
        'timestamp-window': { type: 'string' },
        'command-timeout-ms': { type: 'string' },
        'function-timeout-ms': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.data !== undefined && values['in-memory']) throw new UsageError('--data and --in-memory exclude each other');
  const port = values.port === undefined ? DEFAULT_PORT : integer(values.port, '--port', 0, 65535);
  const dataDir = values['in-memory'] ? undefined : resolve(values.data ?? '.mpsync-data');
  const host = values.host ?? '127.0.0.1';
  if (dataDir) ensureDataFolder(dataDir);
  const functionsDir = values.functions ? resolve(values.functions) : undefined;
  const warning = functionsDir ? functionsWarning(functionsDir) : undefined;
  const emulator = await createEmulator({
    port,
    host,
    spaceId: nonEmpty(values['space-id'] ?? DEFAULT_SPACE_ID, '--space-id'),
    clientSecret: nonEmpty(values['client-secret'] ?? DEFAULT_CLIENT_SECRET, '--client-secret'),
    accessKeyId: nonEmpty(values['access-key-id'] ?? DEFAULT_ACCESS_KEY_ID, '--access-key-id'),
    accessKeySecret: nonEmpty(values['access-key-secret'] ?? DEFAULT_ACCESS_KEY_SECRET, '--access-key-secret'),
    ...(dataDir ? { dataDir } : {}),
    ...(functionsDir ? { functionsDir } : {}),
    ...(values['token-ttl'] ? { tokenTtlSeconds: integer(values['token-ttl'], '--token-ttl', 1, 31 * 24 * 3600) } : {}),
    ...(values['cors-origin'] ? { corsOrigins: values['cors-origin'].map(origin) } : {}),
    ...(values['allowed-host'] ? { allowedHosts: values['allowed-host'].map((h) => nonEmpty(h, '--allowed-host')) } : {}),
    ...(values['timestamp-window'] ? { timestampWindowSeconds: integer(values['timestamp-window'], '--timestamp-window', 0, 365 * 24 * 3600) } : {}),
    ...(values['command-timeout-ms'] ? { commandTimeoutMs: integer(values['command-timeout-ms'], '--command-timeout-ms', 1, 3_600_000) } : {}),
    ...(values['function-timeout-ms'] ? { functionTimeoutMs: integer(values['function-timeout-ms'], '--function-timeout-ms', 1, 3_600_000) } : {}),
  }).catch((error: unknown) => {
    // A file system error on a path inside the data folder (its lock, the database file) is the folder's.
    const path = (error as { path?: unknown } | null)?.path;
    if (dataDir && typeof path === 'string' && path.startsWith(dataDir)) throw dataFolderFailure(dataDir, error);
    throw listenFailure(error, { flag: '--port', port, host });
  });
  return Object.assign(emulator, { dataDir, host, warnings: warning ? [warning] : [] });
}

// The flags that take a value: a value starting with `-` (a negative number) stays theirs.
const VALUE_FLAGS = [
  '--port',
  '--host',
  '--space-id',
  '--client-secret',
  '--access-key-id',
  '--access-key-secret',
  '--data',
  '--functions',
  '--token-ttl',
  '--cors-origin',
  '--allowed-host',
  '--timestamp-window',
  '--command-timeout-ms',
  '--function-timeout-ms',
];

/** `text` as an integer from `min` to `max`, or a usage error naming `flag`. */
export function integer(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not "${text}"`);
  return n;
}

function origin(text: string): string {
  if (text === '*') return text;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new UsageError(`--cors-origin must be an origin such as http://192.168.1.20:5173, or *; got "${text}"`);
  }
  if (parsed.origin !== text) throw new UsageError(`--cors-origin must be an origin (scheme, host and port, no path): ${parsed.origin}, not "${text}"`);
  return text;
}

function nonEmpty(text: string, flag: string): string {
  if (text === '') throw new UsageError(`${flag} must not be empty`);
  return text;
}
