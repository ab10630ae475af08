import { MpsyncError } from '../core/errors';
import { checkKeeperQuota, type FileKeeper, type KeeperLimits } from '../model/file-keeper';
import type { BlobStore } from '../store/dexie-blobs';
import { registeredUploadFile, registerUploadFile } from './fetch-sdk-adapter';

/** What {@link webFileKeeper} needs from the page. */
export interface WebFileKeeperOptions {
  /** Where the files go: `dexieBlobStore(...)`, an IndexedDB database of its own. */
  readonly blobs: BlobStore;
  /** Reads a path the app names that no adapter made (`blob:`, `data:`, a URL): `window.fetch`. */
  readonly fetch: (url: string) => Promise<Response>;
  /** Makes a kept file's id; default `crypto.randomUUID`-like from `Math.random`. */
  readonly newId?: () => string;
  readonly limits?: KeeperLimits;
}

const KEPT = 'indexeddb:';

/**
 * Keeps files that wait for an offline upload in IndexedDB. The app names a file as it would for
 * the SDK: a path from `fetchSdkAdapter(window).filePathFor(file, 'photo.png')` (or a `blob:`/`data:`
 * URL with the file name after `#`); for the upload, the keeper hands the SDK such a path again.
 *
 * @example fragment
 * const keeper = webFileKeeper({ blobs: dexieBlobStore({ indexedDB, IDBKeyRange }), fetch: (u) => window.fetch(u) });
 */
export function webFileKeeper(options: WebFileKeeperOptions): FileKeeper {
  const limits = options.limits ?? {};
  const newId = options.newId ?? (() => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`);
  const idOf = (keptPath: string) => keptPath.slice(KEPT.length).split('/')[0] ?? '';
  return {
    limits,
    async save(filePath) {
      const name = (filePath.includes('#') ? filePath.slice(filePath.lastIndexOf('#') + 1) : filePath.split('/').pop()) ?? 'file';
      let blob: Blob;
      try {
        blob = registeredUploadFile(filePath) ?? (await (await options.fetch(filePath.replace(/#.*$/, ''))).blob());
      } catch (error) {
        throw new MpsyncError('INVALID_ARGUMENT', `cannot read the file to upload (${filePath}): ${error instanceof Error ? error.message : String(error)}`);
      }
      checkKeeperQuota(blob.size, await options.blobs.totalBytes(), limits);
      const id = newId();
      await options.blobs.put({ id, name, type: blob.type, bytes: new Uint8Array(await blob.arrayBuffer()) });
      return { keptPath: `${KEPT}${id}/${name}`, size: blob.size };
    },
    async uploadPath(keptPath) {
      const stored = await options.blobs.get(idOf(keptPath));
      if (!stored) throw new MpsyncError('STORAGE_FAILED', `the file kept for upload is gone: ${keptPath}`);
      return registerUploadFile(new Blob([stored.bytes as Uint8Array<ArrayBuffer>], { type: stored.type }), stored.name);
    },
    async remove(keptPath) {
      await options.blobs.delete(idOf(keptPath));
    },
    bytesUsed: () => options.blobs.totalBytes(),
    async list() {
      // The database is the keeper's own: every file in it was kept for an upload.
      return (await options.blobs.list()).map((b) => ({ keptPath: `${KEPT}${b.id}/${b.name}`, size: b.size }));
    },
  };
}
