import { accessSync, constants, mkdirSync, statSync } from 'node:fs';

/**
 * A problem that stops the command before it serves anything: printed as one sentence after
 * `mpsync: `, without the usage or a stack, and the command exits with code 1.
 */
export class StartError extends Error {}

/** The system error code of `error` (`EADDRINUSE`, `ENOTDIR`, …), if it has one. */
function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Joins a value flag with a value that starts with `-` (`--port -1` → `--port=-1`), which the
 * argument parser would otherwise read as an unknown option and refuse with a confusing message;
 * the flag's own check then refuses the value in words.
 *
 * @example
 * joinDashValues(['--port', '-1'], ['--port']); // ['--port=-1']
 */
export function joinDashValues(args: readonly string[], flags: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = args[i + 1];
    if (flags.includes(arg) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * Makes sure `dir` (the value of `--data`) is a folder the emulator can create and write to;
 * otherwise a {@link StartError} saying why in one sentence.
 *
 * @example
 * ensureDataFolder('.mpsync-data'); // creates it if needed
 */
export function ensureDataFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw dataFolderFailure(dir, error);
  }
}

/**
 * The one sentence for a file system failure on the data folder `dir` (when the folder could be
 * created but the emulator then cannot write its files in it, too).
 *
 * @example
 * dataFolderFailure('/data', Object.assign(new Error('EACCES'), { code: 'EACCES' })).message; // 'cannot use the data folder /data (--data): this user may not write in it; pass another --data folder, or --in-memory'
 */
export function dataFolderFailure(dir: string, error: unknown): StartError {
  const code = codeOf(error);
  const why =
    code === 'EEXIST' || code === 'ENOTDIR'
      ? 'it, or a folder on its path, is a file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'this user may not write in it'
        : code === 'EROFS'
          ? 'it is on a read-only file system'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : `the system refused (${code ?? String(error)})`;
  return new StartError(`cannot use the data folder ${dir} (--data): ${why}; pass another --data folder, or --in-memory`);
}

/**
 * Explains a failure to start a server in one sentence when it is a known one: a busy port
 * (naming `flag`, the option that chose it) or a host that is not this machine's. Returns
 * `error` unchanged otherwise.
 *
 * @example
 * throw listenFailure(error, { flag: '--port', port: 8790, host: '127.0.0.1' });
 */
export function listenFailure(error: unknown, where: { flag: string; port: number; host: string }): unknown {
  const { flag, port, host } = where;
  switch (codeOf(error)) {
    case 'EADDRINUSE':
      return new StartError(
        `port ${port} on ${host} is already in use (by another emulator or program): choose another with ${flag} N, or ${flag} 0 for a free one`,
      );
    case 'EACCES':
      return new StartError(`this user may not listen on port ${port} on ${host}: choose a port above 1023 with ${flag} N, or ${flag} 0 for a free one`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new StartError(`cannot listen on ${host} (--host): it is not an address of this machine`);
    default:
      return error;
  }
}

/**
 * A warning line when `dir` (the value of `--functions`) is not a folder: the emulator still
 * starts (the folder may be created later; each call looks the function up), but until then every
 * `function.invoke` answers `FunctionNotFound`.
 *
 * @example
 * functionsWarning('./functions'); // undefined when ./functions is a folder
 */
export function functionsWarning(dir: string): string | undefined {
  let isFolder: boolean;
  try {
    isFolder = statSync(dir).isDirectory();
  } catch {
    return `mpsync: warning: the functions folder ${dir} (--functions) does not exist; cloud function calls answer FunctionNotFound until it does`;
  }
  return isFolder ? undefined : `mpsync: warning: ${dir} (--functions) is not a folder; cloud function calls answer FunctionNotFound`;
}
