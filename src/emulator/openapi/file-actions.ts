import type { Now } from '../../core/clock';
import { DOWNLOAD_PATH, decodePath } from '../files/file-service';
import { invalid, missing, OpenApiError } from './openapi-error';
import type { UrlSigner } from './signed-url';
import type { FileRecord, UploadStore } from './upload-store';

/** How long a signed upload URL (and a staged upload waiting for `RegisterFile`) stays valid. */
export const SIGNED_URL_LIFETIME_MS = 15 * 60_000;
const SEGMENT = /^[\p{L}\p{N}._-]+$/u;
const CONTENT_TYPE = /^[\x21-\x7e][\x20-\x7e]{0,254}$/;
// The API reference's limits: FileId paths up to 1024 characters, 50 ids per ListFile/DeleteFile.
const MAX_PATH = 1024;
const MAX_IDS = 50;
const MAX_PAGE_SIZE = 100;

/** What the file actions need from the emulator. */
export interface FileActionsDeps {
  readonly store: UploadStore;
  readonly signer: UrlSigner;
  readonly spaceId: string;
  readonly maxFileBytes: number;
  readonly now: Now;
  readonly newId: () => string;
}

type Params = Readonly<Record<string, string>>;
type Answer = Record<string, unknown>;

/**
 * The file actions of the `mpserverless` OpenAPI (version 2019-06-15) that its API reference
 * documents: `DescribeFileUploadSignedUrl`, `RegisterFile`, `ListFile`, `DeleteFile`.
 */
export class FileActions {
  readonly #d: FileActionsDeps;

  constructor(deps: FileActionsDeps) {
    this.#d = deps;
  }

  /** The action named `action`, or undefined when the emulator does not serve it. */
  find(action: string): ((params: Params, origin: string) => Promise<Answer>) | undefined {
    switch (action) {
      case 'DescribeFileUploadSignedUrl':
        return (p, o) => this.describeUpload(p, o);
      case 'RegisterFile':
        return (p) => this.register(p);
      case 'ListFile':
        return (p, o) => Promise.resolve(this.list(p, o));
      case 'DeleteFile':
        return (p) => this.delete(p);
      default:
        return undefined;
    }
  }

  /** `DescribeFileUploadSignedUrl { SpaceId, Filename, Size?, ContentType?, FileId? }` → `{ Id, SignUrl, OssCallbackUrl, Overwrite }`. */
  async describeUpload(params: Params, origin: string): Promise<Answer> {
    this.#space(params);
    const filename = params.Filename;
    if (!filename) throw missing('Filename');
    if (filename.endsWith('/')) throw invalid('Filename', 'the emulator does not create empty folders (a Filename ending in "/")');
    if (!SEGMENT.test(filename) || filename === '.' || filename === '..' || filename.length > 255) {
      throw invalid('Filename', 'a file name of letters, digits, ".", "_" or "-", at most 255 characters');
    }
    let size: number | null = null;
    if (params.Size !== undefined && params.Size !== '') {
      if (!/^\d+$/.test(params.Size)) throw invalid('Size', 'a non-negative integer number of bytes');
      size = Number(params.Size);
      if (size > this.#d.maxFileBytes) throw invalid('Size', `at most ${this.#d.maxFileBytes} bytes`);
    }
    const contentType = params.ContentType || null;
    if (contentType !== null && !CONTENT_TYPE.test(contentType)) throw invalid('ContentType', 'a MIME type of printable ASCII characters, at most 255 long');
    const target = this.#target(params.FileId, filename);
    const now = this.#d.now();
    await this.#d.store.pruneExpired(now);
    const expiresAt = now + SIGNED_URL_LIFETIME_MS;
    await this.#d.store.sign({ id: target.id, path: target.path, size, content_type: contentType, expires_at: expiresAt });
    return {
      Id: target.id,
      SignUrl: this.#d.signer.url(origin, target.id, contentType ?? '', Math.floor(expiresAt / 1000)),
      OssCallbackUrl: `${origin}${CALLBACK_PATH}`,
      Overwrite: target.overwrite,
    };
  }

  /** `RegisterFile { SpaceId, Id }`: completes an upload whose PUT carried no callback. */
  async register(params: Params): Promise<Answer> {
    this.#space(params);
    const id = params.Id;
    if (!id) throw missing('Id');
    const upload = this.#d.store.pending(id);
    const now = this.#d.now();
    if (!upload || upload.expires_at < now) {
      // Registering again after a lost answer is harmless: the file is already there.
      if (!upload && this.#d.store.byId(id)?.status === 'reported') return {};
      throw invalid('Id', `no upload ${JSON.stringify(id)} is waiting to be registered (unknown, or its signed URL expired)`);
    }
    if (upload.status !== 'staged') throw invalid('Id', `the file ${JSON.stringify(id)} has not been uploaded yet: PUT it to its SignUrl first`);
    await this.#d.store.registerStaged(upload, now);
    return {};
  }

  /** `ListFile { SpaceId, PageSize?, Keyword?, FileId?, NextToken?, Mode?, Prefix? }`, newest first. */
  list(params: Params, origin: string): Answer {
    this.#space(params);
    if (params.Mode && params.Mode !== 'DEFAULT') throw invalid('Mode', 'the emulator lists only in DEFAULT mode (DIRECTORY is not emulated)');
    const pageSize = params.PageSize ? Number(params.PageSize) : 10;
    if (!/^\d+$/.test(params.PageSize ?? '10') || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw invalid('PageSize', `an integer from 1 to ${MAX_PAGE_SIZE}`);
    const offset = params.NextToken ? decodeToken(params.NextToken) : 0;
    const prefix = params.Prefix ? `${this.#d.spaceId}/${params.Prefix.replace(/^\/+/, '')}` : `${this.#d.spaceId}/`;
    let rows = this.#d.store.list(prefix);
    if (params.FileId) {
      const wanted = new Set(this.#ids(params.FileId, 'FileId').map((ref) => this.#find(ref)?.id));
      rows = rows.filter((row) => wanted.has(row.id));
    }
    if (params.Keyword) rows = rows.filter((row) => nameOf(row).includes(params.Keyword!));
    const page = rows.slice(offset, offset + pageSize);
    const next = offset + pageSize < rows.length ? encodeToken(offset + pageSize) : '';
    return {
      Paginator: { PageSize: pageSize, NextToken: next },
      DataList: page.map((row) => {
        const name = nameOf(row);
        const dot = name.lastIndexOf('.');
        const at = new Date(row.created_at).toISOString();
        return {
          Id: row.id,
          Name: name,
          Type: dot > 0 ? name.slice(dot + 1).toUpperCase() : '',
          Size: row.size,
          Url: `${origin.replace(/^http:/, 'https:')}${DOWNLOAD_PATH}/${row.path}`,
          GmtCreate: at,
          GmtModified: at,
        };
      }),
    };
  }

  /** `DeleteFile { SpaceId, Id }`: ids, URLs and folder prefixes (ending in `/`), comma-separated. */
  async delete(params: Params): Promise<Answer> {
    this.#space(params);
    if (!params.Id) throw missing('Id');
    const doomed = new Map<string, FileRecord>();
    for (const ref of this.#ids(params.Id, 'Id')) {
      if (ref.endsWith('/')) {
        for (const row of this.#d.store.list(`${this.#d.spaceId}/${ref.replace(/^\/+/, '')}`)) doomed.set(row.id, row);
        continue;
      }
      const row = this.#find(ref);
      // Check every id before deleting anything, so a typo deletes nothing.
      if (!row) throw invalid('Id', `no file ${JSON.stringify(ref)}; nothing was deleted`);
      doomed.set(row.id, row);
    }
    await this.#d.store.delete([...doomed.values()]);
    return {};
  }

  #space(params: Params): void {
    if (!params.SpaceId) throw missing('SpaceId');
    if (params.SpaceId !== this.#d.spaceId)
      throw new OpenApiError(
        400,
        'InvalidSpaceId',
        `Specified parameter SpaceId is not valid: this emulator serves the space ${JSON.stringify(this.#d.spaceId)}.`,
      );
  }

  /** Which file an upload writes: a new one, the file at a `/`-path, or an existing file named by id or URL. */
  #target(fileId: string | undefined, filename: string): { id: string; path: string; overwrite: boolean } {
    if (!fileId) return { id: `file-${this.#d.newId()}`, path: `${this.#d.spaceId}/${this.#d.newId()}-${filename}`, overwrite: false };
    if (fileId.startsWith('/')) {
      const segments = fileId.slice(1).split('/');
      if (fileId.length > MAX_PATH || !segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..')) {
        throw invalid('FileId', 'a path starting with "/" of letters, digits, "-", "_" and "." segments, at most 1024 characters');
      }
      const path = `${this.#d.spaceId}${fileId}`;
      const existing = this.#d.store.byPath(path);
      return { id: existing?.id ?? `file-${this.#d.newId()}`, path, overwrite: existing !== undefined };
    }
    const existing = this.#find(fileId);
    if (!existing) throw invalid('FileId', `no file ${JSON.stringify(fileId)} to overwrite; a new path must start with "/"`);
    return { id: existing.id, path: existing.path, overwrite: true };
  }

  #find(ref: string): FileRecord | undefined {
    const byId = this.#d.store.byId(ref);
    if (byId) return byId.status === 'signed' ? undefined : byId;
    const marker = `${DOWNLOAD_PATH}/`;
    const at = ref.indexOf(marker);
    const path = at >= 0 ? decodePath(ref.slice(at + marker.length)) : undefined;
    const row = path === undefined ? undefined : this.#d.store.byPath(path);
    return row?.status === 'signed' ? undefined : row;
  }

  #ids(list: string, name: string): string[] {
    const ids = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) throw missing(name);
    if (ids.length > MAX_IDS) throw invalid(name, `at most ${MAX_IDS} comma-separated items`);
    return ids;
  }
}

/** Where a `PUT`'s `x-oss-callback` must point (the answer's `OssCallbackUrl`). */
export const CALLBACK_PATH = '/openapi/oss-callback';

function nameOf(row: FileRecord): string {
  return row.path.slice(row.path.lastIndexOf('/') + 1);
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeToken(token: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(token, 'base64url').toString()) as { offset?: unknown };
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // Reported below, as any other malformed token.
  }
  throw invalid('NextToken', 'pass the NextToken of the previous page unchanged');
}
