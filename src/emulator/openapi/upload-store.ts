import type { BlobStore } from '../files/blob-store';
import type { Sqlite } from '../sqlite';

/** A signed, not yet completed OpenAPI upload. */
export interface PendingUpload {
  /** The file id the upload completes (an existing file's id when it overwrites one). */
  readonly id: string;
  readonly path: string;
  /** The size the upload was signed for, or null when the request named none. */
  readonly size: number | null;
  readonly content_type: string | null;
  /** `signed`: waiting for its PUT; `receiving`: a PUT is being stored; `staged`: PUT done, waiting for `RegisterFile`. */
  readonly status: 'signed' | 'receiving' | 'staged';
  readonly staged_size: number | null;
  readonly staged_type: string | null;
  /** Unix ms after which neither the PUT nor `RegisterFile` is accepted. */
  readonly expires_at: number;
}

/** A row of the emulator's `files` table (shared with the client protocol's file service). */
export interface FileRecord {
  readonly id: string;
  readonly path: string;
  readonly size: number;
  readonly content_type: string | null;
  readonly status: string;
  readonly created_at: number;
}

/**
 * The durable state of OpenAPI uploads. Pending uploads live in their own table so that signing an
 * overwrite never hides or loses the file already stored; bytes of a PUT waiting for `RegisterFile`
 * are staged under their own blob key and only replace the file when it is registered.
 */
export class UploadStore {
  readonly #db: Sqlite;
  readonly #blobs: BlobStore;

  constructor(db: Sqlite, blobs: BlobStore) {
    db.exec(`CREATE TABLE IF NOT EXISTS openapi_uploads (
      id TEXT PRIMARY KEY, path TEXT NOT NULL, size INTEGER, content_type TEXT, status TEXT NOT NULL,
      staged_size INTEGER, staged_type TEXT, expires_at INTEGER NOT NULL
    )`);
    this.#db = db;
    this.#blobs = blobs;
  }

  /** Records a signed upload; a newer signature for the same file id replaces an unused older one. */
  async sign(upload: Omit<PendingUpload, 'status' | 'staged_size' | 'staged_type'>): Promise<void> {
    const previous = this.pending(upload.id);
    if (previous?.status === 'staged') await this.#blobs.delete(stagingKey(previous.id));
    this.#db
      .prepare(
        "INSERT OR REPLACE INTO openapi_uploads (id, path, size, content_type, status, staged_size, staged_type, expires_at) VALUES (?, ?, ?, ?, 'signed', NULL, NULL, ?)",
      )
      .run(upload.id, upload.path, upload.size, upload.content_type, upload.expires_at);
  }

  pending(id: string): PendingUpload | undefined {
    return this.#db.prepare('SELECT * FROM openapi_uploads WHERE id = ?').get(id) as PendingUpload | undefined;
  }

  /**
   * Takes the one use of a signed upload, synchronously, so two concurrent PUTs of the same URL
   * cannot both be accepted. False when it was already taken.
   */
  claim(id: string): boolean {
    return this.#db.prepare("UPDATE openapi_uploads SET status = 'receiving' WHERE id = ? AND status = 'signed'").run(id).changes === 1;
  }

  /** Keeps the bytes of a PUT until `RegisterFile` (the old flow). */
  async stage(upload: PendingUpload, bytes: Uint8Array, contentType: string | null): Promise<void> {
    await this.#blobs.put(stagingKey(upload.id), bytes);
    this.#db
      .prepare("UPDATE openapi_uploads SET status = 'staged', staged_size = ?, staged_type = ? WHERE id = ?")
      .run(bytes.byteLength, contentType, upload.id);
  }

  /** Registers a staged upload: its bytes become the file's. */
  async registerStaged(upload: PendingUpload, now: number): Promise<void> {
    const bytes = await this.#blobs.get(stagingKey(upload.id));
    if (!bytes) throw new Error(`staged bytes of ${upload.id} are missing`);
    await this.commit(upload, bytes, upload.staged_type, now);
    await this.#blobs.delete(stagingKey(upload.id));
  }

  /** Stores `bytes` as the file of `upload` (creating or overwriting it) and ends the upload. */
  async commit(upload: PendingUpload, bytes: Uint8Array, contentType: string | null, now: number): Promise<void> {
    await this.#blobs.put(upload.path, bytes);
    const existing = this.byPath(upload.path);
    if (existing) {
      this.#db.prepare("UPDATE files SET size = ?, content_type = ?, status = 'reported' WHERE id = ?").run(bytes.byteLength, contentType, existing.id);
    } else {
      this.#db
        .prepare("INSERT INTO files (id, path, size, content_type, status, owner, created_at) VALUES (?, ?, ?, ?, 'reported', NULL, ?)")
        .run(upload.id, upload.path, bytes.byteLength, contentType, now);
    }
    this.#db.prepare('DELETE FROM openapi_uploads WHERE id = ?').run(upload.id);
  }

  /** Forgets uploads whose signature expired, with their staged bytes. */
  async pruneExpired(now: number): Promise<void> {
    const old = this.#db.prepare('SELECT * FROM openapi_uploads WHERE expires_at < ?').all(now) as PendingUpload[];
    for (const upload of old) {
      if (upload.status === 'staged') await this.#blobs.delete(stagingKey(upload.id));
      this.#db.prepare('DELETE FROM openapi_uploads WHERE id = ?').run(upload.id);
    }
  }

  byId(id: string): FileRecord | undefined {
    return this.#db.prepare('SELECT * FROM files WHERE id = ?').get(id) as FileRecord | undefined;
  }

  byPath(path: string): FileRecord | undefined {
    return this.#db.prepare('SELECT * FROM files WHERE path = ?').get(path) as FileRecord | undefined;
  }

  /** Uploaded files under `prefix`, newest first. */
  list(prefix: string): FileRecord[] {
    const rows = this.#db.prepare("SELECT * FROM files WHERE status != 'signed' ORDER BY created_at DESC, id DESC").all() as FileRecord[];
    return rows.filter((row) => row.path.startsWith(prefix));
  }

  /** Deletes files (bytes and records). */
  async delete(rows: readonly FileRecord[]): Promise<void> {
    for (const row of rows) {
      await this.#blobs.delete(row.path);
      this.#db.prepare('DELETE FROM files WHERE id = ?').run(row.id);
    }
  }
}

// Outside every space's folder (a space id never starts with a dot), so never a file's path.
function stagingKey(id: string): string {
  return `.openapi-staging/${id}`;
}
