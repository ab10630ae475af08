import { MpsyncError } from '../core/errors';

/** A file a {@link FileKeeper} holds for a queued upload. */
export interface KeptFile {
  /** Where the keeper holds it (a saved-file path, a key): what `uploadPath` and `remove` take. */
  readonly keptPath: string;
  /** Its size in bytes. */
  readonly size: number;
}

/** How much a keeper may hold; an absent field is no limit. */
export interface KeeperLimits {
  /** The largest single file, bytes. */
  readonly maxFileBytes?: number;
  /** All kept files together, bytes (the runtime's saved-file quota). */
  readonly maxTotalBytes?: number;
}

/**
 * The runtime's own durable place for files that wait to be uploaded: saved files on mini-programs
 * (`saveFile`), IndexedDB blobs on the web, a folder on Node. The client keeps a file here before
 * `client.file.uploadFile` answers offline, and removes it only once the upload and the patch of
 * the documents that name it are committed, so an app kill in between loses nothing.
 */
export interface FileKeeper {
  /** The runtime's limits, checked before a file is accepted. */
  readonly limits: KeeperLimits;
  /**
   * Copies the app's file (`filePath` as the app would hand it to the SDK's `uploadFile`) into the
   * keeper. The kept path ends in the same extension (the SDK checks it).
   *
   * @throws `MpsyncError` `QUOTA_EXCEEDED` when the file is over a limit (nothing is kept),
   *   `INVALID_ARGUMENT` when the file cannot be read
   */
  save(filePath: string): Promise<KeptFile>;
  /** The `filePath` to hand the SDK's `uploadFile` for a kept file. @throws `MpsyncError` `STORAGE_FAILED` when it is gone */
  uploadPath(keptPath: string): Promise<string>;
  /** Removes a kept file; a missing one is not an error. */
  remove(keptPath: string): Promise<void>;
  /** Bytes the kept files take now. */
  bytesUsed(): Promise<number>;
  /**
   * Every file this keeper holds now, so the uploader can remove the ones no queued upload names
   * (kept just before a kill, before their record was stored). `undefined` when the keeper's place
   * is shared with files the app saved itself and it cannot tell its own apart: nothing is swept.
   */
  list(): Promise<readonly KeptFile[] | undefined>;
}

/**
 * Refuses a file of `size` bytes when it would not fit the limits beside `used` bytes already kept.
 *
 * @throws `MpsyncError` `QUOTA_EXCEEDED`, naming the limit
 * @example
 * checkKeeperQuota(3_000_000, 8_000_000, { maxTotalBytes: 10 * 1024 * 1024 }); // throws QUOTA_EXCEEDED
 */
export function checkKeeperQuota(size: number, used: number, limits: KeeperLimits): void {
  if (limits.maxFileBytes !== undefined && size > limits.maxFileBytes) {
    throw new MpsyncError('QUOTA_EXCEEDED', `the file is ${size} bytes; files kept for upload on this platform may be at most ${limits.maxFileBytes} bytes`);
  }
  if (limits.maxTotalBytes !== undefined && used + size > limits.maxTotalBytes) {
    throw new MpsyncError(
      'QUOTA_EXCEEDED',
      `the file is ${size} bytes and ${used} bytes are already kept; the platform keeps at most ${limits.maxTotalBytes} bytes of saved files`,
    );
  }
}
