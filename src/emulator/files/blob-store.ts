import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where uploaded bytes live: a folder under the data directory, or memory. */
export interface BlobStore {
  put(path: string, bytes: Uint8Array): Promise<void>;
  get(path: string): Promise<Uint8Array | undefined>;
  delete(path: string): Promise<void>;
}

/** Bytes kept in a Map; gone when the emulator stops. */
export function memoryBlobStore(): BlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    put: (path, bytes) => {
      blobs.set(path, bytes);
      return Promise.resolve();
    },
    get: (path) => Promise.resolve(blobs.get(path)),
    delete: (path) => {
      blobs.delete(path);
      return Promise.resolve();
    },
  };
}

/**
 * Bytes kept as files under `root` (`<dataDir>/files/<ossPath>`). Paths come from the emulator's
 * own signing step, which allows only safe segments.
 */
export function folderBlobStore(root: string): BlobStore {
  return {
    async put(path, bytes) {
      const file = join(root, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, bytes);
    },
    get: (path) => readFile(join(root, path)).catch(() => undefined),
    delete: (path) => rm(join(root, path), { force: true }),
  };
}
