import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { MpsyncError } from '../core/errors';
import { checkKeeperQuota, type FileKeeper, type KeeperLimits, type KeptFile } from '../model/file-keeper';

/** Options of {@link nodeFileKeeper}. */
export interface NodeFileKeeperOptions {
  /** The folder that holds files waiting to be uploaded (created when needed). */
  readonly dir: string;
  /** Limits to enforce; default none (the disk is the limit). */
  readonly limits?: KeeperLimits;
}

/**
 * Keeps files that wait for an offline `client.file.uploadFile` in a folder on Node: each is copied
 * under a new name (keeping its extension, which the SDK checks) and flushed to disk before the
 * upload is accepted.
 *
 * @example
 * const platform = node({ dataDir: './data' }); // keeps files in ./data-files
 * nodeFileKeeper({ dir: './upload-files', limits: { maxFileBytes: 20 * 1024 * 1024 } });
 */
export function nodeFileKeeper(options: NodeFileKeeperOptions): FileKeeper {
  const { dir } = options;
  const limits = options.limits ?? {};
  const bytesUsed = async (): Promise<number> => {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      return 0;
    }
    let total = 0;
    for (const name of names) if (!name.endsWith('.tmp')) total += (await stat(join(dir, name)).catch(() => ({ size: 0 }))).size;
    return total;
  };
  return {
    limits,
    async save(filePath) {
      // The SDK strips a scheme (`file://`, `wxfile://`) the same way before reading the path.
      const source = filePath.replace(/^[a-z]+:\/\//i, '');
      let size: number;
      try {
        size = (await stat(source)).size;
      } catch (error) {
        throw new MpsyncError('INVALID_ARGUMENT', `cannot read the file to upload (${filePath}): ${error instanceof Error ? error.message : String(error)}`);
      }
      checkKeeperQuota(size, await bytesUsed(), limits);
      await mkdir(dir, { recursive: true });
      const name = `${randomUUID()}${extname(basename(source)).toLowerCase()}`;
      const temp = join(dir, `${name}.tmp`);
      try {
        await copyFile(source, temp);
        await flush(temp);
        await rename(temp, join(dir, name));
        await flush(dir);
      } catch (error) {
        await unlink(temp).catch(() => undefined);
        throw new MpsyncError('STORAGE_FAILED', `could not keep the file to upload: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
      }
      return { keptPath: join(dir, name), size };
    },
    async uploadPath(keptPath) {
      try {
        await stat(keptPath);
      } catch {
        throw new MpsyncError('STORAGE_FAILED', `the file kept for upload is gone: ${keptPath}`);
      }
      return keptPath;
    },
    async remove(keptPath) {
      await unlink(keptPath).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    },
    bytesUsed,
    async list() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return [];
      }
      const kept: KeptFile[] = [];
      for (const name of names) {
        // A `.tmp` copy was never handed out: it is not a kept file yet.
        if (name.endsWith('.tmp')) continue;
        const size = (await stat(join(dir, name)).catch(() => undefined))?.size;
        if (size !== undefined) kept.push({ keptPath: join(dir, name), size });
      }
      return kept;
    },
  };
}

async function flush(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
