import { mkdirSync } from 'node:fs';
import { FolderLockedError, lockFolder, type FolderLock } from '../node/folder-lock';

/**
 * Takes the lock of an emulator's data folder, so that a second emulator on the same `--data`
 * folder refuses to start instead of sharing the SQLite files and file uploads with the first.
 * A lock left by an emulator that crashed is taken over.
 *
 * @throws `Error` naming the folder and the process that holds it
 * @example
 * const lock = await lockDataDir('.mpsync-data');
 * await lock.release();
 */
export async function lockDataDir(dataDir: string): Promise<FolderLock> {
  mkdirSync(dataDir, { recursive: true });
  try {
    return await lockFolder(dataDir);
  } catch (error) {
    if (!(error instanceof FolderLockedError)) throw error;
    throw new Error(
      `the data folder ${dataDir} is used by another emulator (process ${error.pid}); stop it, or start this one with another --data folder or --in-memory`,
      { cause: error },
    );
  }
}
