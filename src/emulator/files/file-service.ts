import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Now } from '../../core/clock';
import type { JsonObject, JsonValue } from '../../core/json';
import { EmulatorError, GatewayErrorCode } from '../errors';
import type { Sqlite } from '../sqlite';
import type { BlobStore } from './blob-store';

/** Path prefixes the emulator serves uploads and downloads under. */
export const UPLOAD_PATH = '/__oss';
export const DOWNLOAD_PATH = '/__cdn';

// A signed upload must arrive within this time (OSS policies carry an expiration too).
const POLICY_LIFETIME_MS = 15 * 60_000;
const SAFE_SEGMENT = /^[A-Za-z0-9._-]+$/;
// What may go into a Content-Type header: printable ASCII, so never a line break.
const CONTENT_TYPE = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;

interface FileRow {
  id: string;
  path: string;
  size: number;
  content_type: string | null;
  status: 'signed' | 'uploaded' | 'reported';
  owner: string | null;
  created_at: number;
}

/** The form fields of an upload, as the SDK's `uploadFile` sends them to the storage endpoint. */
export interface UploadForm {
  readonly key: string | null;
  readonly policy: string | null;
  readonly signature: string | null;
  readonly bytes: Uint8Array | null;
}

/**
 * The `serverless.file.resource.*` methods and the storage endpoint behind them. The upload flow
 * mirrors the real one: `generateProximalSign` hands out an OSS-style policy and signature, the
 * client posts a form to `https://<host>/__oss`, then `report`s the upload. Bytes are served at
 * `https://<host>/__cdn/<path>` (the SDK always builds `https://` URLs; on loopback fetch them over
 * plain http).
 */
export class FileService {
  readonly #db: Sqlite;
  readonly #blobs: BlobStore;
  readonly #spaceId: string;
  readonly #now: Now;
  readonly #maxFileBytes: number;
  readonly #newId: () => string;
  readonly #secret: Buffer;

  constructor(db: Sqlite, blobs: BlobStore, spaceId: string, clientSecret: string, now: Now, newId: () => string, maxFileBytes: number) {
    // Derived from the client secret, so a signed upload still lands after an emulator restart.
    this.#secret = createHash('sha256').update(`mpsync-emulator-upload:${clientSecret}`).digest();
    this.#db = db;
    this.#blobs = blobs;
    this.#spaceId = spaceId;
    this.#now = now;
    this.#newId = newId;
    this.#maxFileBytes = maxFileBytes;
  }

  /** `generateProximalSign { env, filename, size, targetPath?, fileId? }` → the upload ticket. */
  sign(params: JsonObject, host: string, owner: string): JsonObject {
    const filename = params.filename;
    if (typeof filename !== 'string' || !SAFE_SEGMENT.test(filename)) throw badParam('filename must be a file name of letters, digits, ".", "_" or "-"');
    const size = params.size ?? 0;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw badParam('size must be a non-negative integer');
    if (size > this.#maxFileBytes) throw badParam(`size must be at most ${this.#maxFileBytes} bytes`);
    const folder = optionalPath(params.targetPath, 'targetPath');
    const name = optionalPath(params.fileId, 'fileId') ?? `${this.#newId()}-${filename}`;
    const path = [this.#spaceId, folder, name].filter(Boolean).join('/');
    // Naming an existing file (fileId) re-uploads it; only its owner may.
    const existing = this.#byPath(path);
    if (existing && existing.owner !== owner) {
      throw new EmulatorError(GatewayErrorCode.FileAccessDenied, `the file ${path} belongs to another user; choose another fileId`);
    }
    const id = `file-${this.#newId()}`;
    this.#db
      .prepare('INSERT OR REPLACE INTO files (id, path, size, content_type, status, owner, created_at) VALUES (?, ?, ?, NULL, ?, ?, ?)')
      .run(id, path, size, 'signed', owner, this.#now());
    const policy = Buffer.from(
      JSON.stringify({
        expiration: new Date(this.#now() + POLICY_LIFETIME_MS).toISOString(),
        conditions: [{ key: path }, ['content-length-range', 0, this.#maxFileBytes]],
      }),
    ).toString('base64');
    return {
      id,
      ossPath: path,
      host: `${host}${UPLOAD_PATH}`,
      policy,
      signature: this.#signPolicy(policy),
      accessKeyId: 'mpsync-emulator',
      securityToken: randomBytes(8).toString('hex'),
      cdnDomain: `${host}${DOWNLOAD_PATH}`,
    };
  }

  /** The storage endpoint: checks the policy and signature, then stores the bytes. */
  async upload(form: UploadForm): Promise<void> {
    const { key, policy, signature, bytes } = form;
    if (!key || !policy || !signature || !bytes) throw badUpload('the form needs key, policy, Signature and file');
    const expected = Buffer.from(this.#signPolicy(policy));
    if (expected.length !== Buffer.byteLength(signature) || !timingSafeEqual(expected, Buffer.from(signature)))
      throw badUpload('signature does not match the policy');
    const decoded = JSON.parse(Buffer.from(policy, 'base64').toString()) as { expiration: string; conditions: [{ key: string }] };
    if (Date.parse(decoded.expiration) <= this.#now()) throw badUpload('the upload policy has expired');
    if (decoded.conditions[0].key !== key) throw badUpload('key does not match the signed path');
    if (bytes.byteLength > this.#maxFileBytes) throw badUpload(`file is larger than ${this.#maxFileBytes} bytes`);
    const row = this.#byPath(key);
    if (!row) throw badUpload('no signed upload for this key');
    await this.#blobs.put(key, bytes);
    this.#db.prepare("UPDATE files SET size = ?, status = 'uploaded' WHERE id = ?").run(bytes.byteLength, row.id);
  }

  /** `report { id, contentType? }`: the client confirms an upload. */
  report(params: JsonObject): void {
    if (params.contentType !== undefined && params.contentType !== null && (typeof params.contentType !== 'string' || !CONTENT_TYPE.test(params.contentType))) {
      throw badParam('contentType must be a MIME type of printable ASCII characters (no line breaks), at most 255 long');
    }
    const row = this.#find(params.id);
    if (!row || row.status === 'signed') throw notFound(params.id);
    const contentType = typeof params.contentType === 'string' ? params.contentType : row.content_type;
    this.#db.prepare("UPDATE files SET status = 'reported', content_type = ? WHERE id = ?").run(contentType, row.id);
  }

  /** `delete { id }`: `id` may be the file id, its path or its URL. */
  async delete(params: JsonObject): Promise<void> {
    const row = this.#find(params.id);
    if (!row) throw notFound(params.id);
    await this.#blobs.delete(row.path);
    this.#db.prepare('DELETE FROM files WHERE id = ?').run(row.id);
  }

  /** `info { id: 'a,b' }` → one entry per known, uploaded file, in the order asked. */
  info(params: JsonObject, host: string): JsonValue[] {
    if (typeof params.id !== 'string' || params.id === '') throw badParam('id must be a comma-separated list of file ids');
    const out: JsonValue[] = [];
    for (const id of params.id.split(',')) {
      const row = this.#find(id.trim());
      if (!row || row.status === 'signed') continue;
      out.push({
        fileId: row.id,
        filePath: row.path,
        fileUrl: `https://${host}${DOWNLOAD_PATH}/${row.path}`,
        size: row.size,
        contentType: row.content_type,
        createdAt: new Date(row.created_at).toISOString(),
      });
    }
    return out;
  }

  /** The bytes and content type at a download path, if uploaded. */
  async download(path: string): Promise<{ bytes: Uint8Array; contentType: string } | undefined> {
    const row = this.#byPath(path);
    if (!row || row.status === 'signed') return undefined;
    const bytes = await this.#blobs.get(row.path);
    return bytes ? { bytes, contentType: row.content_type ?? 'application/octet-stream' } : undefined;
  }

  #find(ref: JsonValue | undefined): FileRow | undefined {
    if (typeof ref !== 'string' || ref === '') return undefined;
    const byId = this.#db.prepare('SELECT * FROM files WHERE id = ?').get(ref) as FileRow | undefined;
    if (byId) return byId;
    const marker = `${DOWNLOAD_PATH}/`;
    const at = ref.indexOf(marker);
    const path = at >= 0 ? decodePath(ref.slice(at + marker.length)) : ref;
    return path === undefined ? undefined : this.#byPath(path);
  }

  #byPath(path: string): FileRow | undefined {
    return this.#db.prepare('SELECT * FROM files WHERE path = ?').get(path) as FileRow | undefined;
  }

  #signPolicy(policy: string): string {
    return createHmac('sha1', this.#secret).update(policy).digest('base64');
  }
}

/**
 * A URL path with its `%`-escapes decoded, or undefined when they are malformed (`%zz`, a cut-off
 * UTF-8 sequence).
 */
export function decodePath(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

function optionalPath(value: JsonValue | undefined, name: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !value.split('/').every((s) => SAFE_SEGMENT.test(s) && s !== '.' && s !== '..')) {
    throw badParam(`${name} must be a relative path of letters, digits, ".", "_" or "-"`);
  }
  return value;
}

function badParam(message: string): EmulatorError {
  return new EmulatorError(GatewayErrorCode.InvalidParameter, message);
}

function badUpload(message: string): EmulatorError {
  return new EmulatorError(GatewayErrorCode.InvalidUploadSignature, message);
}

function notFound(ref: JsonValue | undefined): EmulatorError {
  return new EmulatorError(GatewayErrorCode.FileNotFound, `no file ${JSON.stringify(ref)}`);
}
