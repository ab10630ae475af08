import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The name of the lock file a {@link lockFolder} holder keeps in its folder. */
export const LOCK_FILE = '.mpsync.lock';

/** A folder lock held by this process; {@link release} lets it go. */
export interface FolderLock {
  /** The lock file's path. */
  readonly path: string;
  /** Removes the lock file (only if it is still this holder's). Safe to call twice. */
  release(): Promise<void>;
}

/** The folder is locked by another live process (or by another holder in this one). */
export class FolderLockedError extends Error {
  /** The process id written in the lock file. */
  readonly pid: number;
  /** The lock file's path. */
  readonly path: string;

  constructor(path: string, pid: number) {
    super(`${path} is held by process ${pid}${pid === process.pid ? ' (this process)' : ''}`);
    this.name = 'FolderLockedError';
    this.path = path;
    this.pid = pid;
  }
}

/**
 * Takes the lock of a folder that one process at a time may use: an exclusive lock file
 * (`.mpsync.lock`, created with `O_EXCL`) holding the owner's pid and a random token. A lock whose
 * process no longer runs (it crashed or was killed) is stale and is taken over, so a crash never
 * leaves a folder locked; a live holder, in this process or another, makes this reject with
 * {@link FolderLockedError}. No native addon is needed, and it works on local file systems.
 *
 * Limit: a pid reused by an unrelated process keeps a stale lock held until that process ends or
 * the file is deleted; the error names the file and the pid.
 *
 * @example fragment
 * const lock = await lockFolder('./data');
 * try { await useFolder(); } finally { await lock.release(); }
 */
export async function lockFolder(dir: string): Promise<FolderLock> {
  const path = join(dir, LOCK_FILE);
  const content = JSON.stringify({ pid: process.pid, token: randomBytes(8).toString('hex') });
  // A few rounds: each failed round means another opener changed the lock file meanwhile.
  for (let round = 0; round < 5; round++) {
    if (await createExclusive(path, content)) return held(path, content);
    const seen = await readLock(path);
    if (seen === undefined) continue;
    if (seen.pid !== undefined && isAlive(seen.pid)) throw new FolderLockedError(path, seen.pid);
    await takeOver(path, seen.text);
  }
  throw new FolderLockedError(path, (await readLock(path))?.pid ?? -1);
}

function held(path: string, content: string): FolderLock {
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      // Never remove a lock that is no longer ours (someone deleted ours and took a new one).
      if ((await readLock(path))?.text === content) await rm(path, { force: true });
    },
  };
}

async function createExclusive(path: string, content: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(content);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return true;
}

async function readLock(path: string): Promise<{ text: string; pid: number | undefined } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
  let pid: number | undefined;
  try {
    const parsed = JSON.parse(text) as { pid?: unknown };
    if (Number.isSafeInteger(parsed.pid) && (parsed.pid as number) > 0) pid = parsed.pid as number;
  } catch {
    // An empty or torn lock file: its writer died between creating and writing it.
  }
  return { text, pid };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

// Moves the stale lock aside under a unique name, so that of two processes taking over at once
// only one removes it. If what was moved is not the stale lock that was judged (another opener
// replaced it in between), it is put back.
async function takeOver(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}
