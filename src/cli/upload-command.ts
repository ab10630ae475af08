import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parseArgs } from 'node:util';
import { popSignature, popTimestamp } from '../emulator/openapi/pop-signature';
import { UsageError } from './emulator-command';

/** The emulator's OpenAPI endpoint on its default port. */
export const DEFAULT_UPLOAD_ENDPOINT = 'http://127.0.0.1:8790/openapi';

export const UPLOAD_USAGE = `Usage: mpsync upload FILE... [options]

Uploads files to a space through the mpserverless OpenAPI (DescribeFileUploadSignedUrl, a signed
PUT, completed by the upload callback or RegisterFile), against the emulator or a real space.
Each FILE lands at /<target-path>/<its name>, replacing a file already there, so running the
command again (or a retry) never makes a second copy.

Options:
  --endpoint URL            OpenAPI endpoint (default ${DEFAULT_UPLOAD_ENDPOINT}, the emulator's)
  --space-id ID             the space to upload to (required)
  --access-key-id ID        AccessKey ID (or MPSYNC_ACCESS_KEY_ID)
  --access-key-secret S     AccessKey secret (or MPSYNC_ACCESS_KEY_SECRET; keeps it out of shell history)
  --target-path PATH        folder in the space, e.g. assets/img (default: the root)
  -h, --help                show this help
`;

/** What `mpsync upload` was asked to do. */
export interface UploadOptions {
  readonly files: readonly string[];
  readonly endpoint: string;
  readonly spaceId: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Folder inside the space without leading or trailing `/`, or `''` for the root. */
  readonly targetPath: string;
}

/** What `runUpload` uses from the outside world; tests inject the sleep and the output. */
export interface UploadIo {
  readonly fetch: typeof fetch;
  /** Waits `ms` before a retry. */
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly out: (line: string) => void;
}

/** Attempts per file before it is reported failed; back-off doubles from {@link FIRST_BACKOFF_MS}. */
export const MAX_ATTEMPTS = 4;
export const FIRST_BACKOFF_MS = 500;
const API_VERSION = '2019-06-15';

/** Parses `mpsync upload` arguments; keys fall back to `MPSYNC_ACCESS_KEY_ID` / `MPSYNC_ACCESS_KEY_SECRET`. */
export function parseUploadArgs(args: string[], env: NodeJS.ProcessEnv): UploadOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: {
        endpoint: { type: 'string' },
        'space-id': { type: 'string' },
        'access-key-id': { type: 'string' },
        'access-key-secret': { type: 'string' },
        'target-path': { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new UsageError('name at least one FILE to upload');
  const endpoint = (values.endpoint ?? DEFAULT_UPLOAD_ENDPOINT).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(endpoint) || !URL.canParse(endpoint)) throw new UsageError(`--endpoint must be an http:// or https:// URL, got "${endpoint}"`);
  const spaceId = values['space-id'];
  if (!spaceId) throw new UsageError('--space-id is required');
  const accessKeyId = values['access-key-id'] ?? env.MPSYNC_ACCESS_KEY_ID;
  const accessKeySecret = values['access-key-secret'] ?? env.MPSYNC_ACCESS_KEY_SECRET;
  if (!accessKeyId) throw new UsageError('pass --access-key-id or set MPSYNC_ACCESS_KEY_ID');
  if (!accessKeySecret) throw new UsageError('pass --access-key-secret or set MPSYNC_ACCESS_KEY_SECRET');
  const targetPath = (values['target-path'] ?? '').replace(/^\/+|\/+$/g, '');
  if (targetPath.split('/').some((s) => s === '.' || s === '..')) throw new UsageError('--target-path must not contain "." or ".." segments');
  return { files: positionals, endpoint, spaceId, accessKeyId, accessKeySecret, targetPath };
}

/** An answer of the OpenAPI with a `Code`: the request was refused. */
class ApiError extends Error {
  readonly code: string;
  readonly retryable: boolean;

  constructor(code: string, message: string, retryable: boolean) {
    super(`${code}: ${message}`);
    this.code = code;
    this.retryable = retryable;
  }
}

/**
 * Uploads every file in order, printing one progress line per file (and one per retry), then a
 * summary. Network errors, 5xx answers and throttling are retried with back-off; refusals are not.
 * Resolves the exit code: 0 when every file was uploaded, 1 otherwise.
 */
export async function runUpload(options: UploadOptions, io: UploadIo): Promise<number> {
  let uploaded = 0;
  let bytesUploaded = 0;
  const failed: string[] = [];
  for (const [index, file] of options.files.entries()) {
    const label = `[${index + 1}/${options.files.length}] ${file}`;
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      io.out(`${label} failed: cannot read it (${(error as Error).message})`);
      failed.push(file);
      continue;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const id = await uploadOne(options, io, file, bytes);
        io.out(`${label} uploaded (${formatBytes(bytes.byteLength)}) as ${id}`);
        uploaded++;
        bytesUploaded += bytes.byteLength;
        break;
      } catch (error) {
        const retryable = !(error instanceof ApiError) || error.retryable;
        const message = describeError(error);
        if (!retryable || attempt >= MAX_ATTEMPTS) {
          io.out(`${label} failed: ${message}${retryable ? ` (after ${attempt} attempts)` : ''}`);
          failed.push(file);
          break;
        }
        const delay = FIRST_BACKOFF_MS * 2 ** (attempt - 1);
        io.out(`${label} attempt ${attempt} failed (${message}); retrying in ${delay} ms`);
        await io.sleep(delay);
      }
    }
  }
  io.out(`${uploaded} uploaded (${formatBytes(bytesUploaded)}), ${failed.length} failed${failed.length ? `: ${failed.join(', ')}` : ''}`);
  return failed.length === 0 ? 0 : 1;
}

async function uploadOne(options: UploadOptions, io: UploadIo, file: string, bytes: Buffer): Promise<string> {
  const name = basename(file);
  const contentType = contentTypeOf(name);
  const signed = await call(options, io, 'DescribeFileUploadSignedUrl', {
    SpaceId: options.spaceId,
    Filename: name,
    Size: String(bytes.byteLength),
    ContentType: contentType,
    FileId: `/${options.targetPath ? `${options.targetPath}/` : ''}${name}`,
  });
  const id = stringField(signed, 'Id');
  const signUrl = stringField(signed, 'SignUrl');
  const callbackUrl = typeof signed.OssCallbackUrl === 'string' && signed.OssCallbackUrl !== '' ? signed.OssCallbackUrl : undefined;
  const headers: Record<string, string> = { 'content-type': contentType };
  // The current way: the storage calls back the service, so no RegisterFile is needed.
  if (callbackUrl) {
    headers['x-oss-callback'] = Buffer.from(
      JSON.stringify({
        callbackUrl,
        callbackBody: JSON.stringify({ fileId: id, spaceId: options.spaceId }),
        callbackBodyType: 'application/json',
      }),
    ).toString('base64');
  }
  const response = await io.fetch(signUrl, { method: 'PUT', headers, body: new Uint8Array(bytes) });
  const text = await response.text();
  if (!response.ok) {
    const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `HTTP ${response.status}`;
    const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? text.slice(0, 200);
    throw new ApiError(code, message, response.status >= 500);
  }
  if (!callbackUrl) await call(options, io, 'RegisterFile', { SpaceId: options.spaceId, Id: id });
  return id;
}

/** One signed POP RPC call (POST, form body), as `@alicloud/pop-core` makes it. */
async function call(options: UploadOptions, io: UploadIo, action: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const all: Record<string, string> = {
    Action: action,
    Version: API_VERSION,
    Format: 'JSON',
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    AccessKeyId: options.accessKeyId,
    Timestamp: popTimestamp(io.now()),
    ...params,
  };
  const body = new URLSearchParams({ ...all, Signature: popSignature('POST', all, options.accessKeySecret) }).toString();
  const response = await io.fetch(`${options.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const text = await response.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ApiError(`HTTP ${response.status}`, `not a JSON answer from ${options.endpoint}: ${text.slice(0, 200)}`, response.status >= 500);
  }
  if (typeof json.Code === 'string' && json.Code !== '') {
    throw new ApiError(
      json.Code,
      typeof json.Message === 'string' ? json.Message : '',
      response.status >= 500 || json.Code.startsWith('Throttling') || json.Code === 'ServiceUnavailable',
    );
  }
  if (response.status >= 500) throw new ApiError(`HTTP ${response.status}`, text.slice(0, 200), true);
  return json;
}

/** The message of a failure; fetch's network errors carry the reason (ECONNRESET...) in `cause`. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause ? `${error.message}: ${cause}` : error.message;
}

function stringField(answer: Record<string, unknown>, name: string): string {
  const value = answer[name];
  if (typeof value !== 'string' || value === '') throw new ApiError('UnexpectedAnswer', `the answer has no ${name}`, false);
  return value;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.md': 'text/markdown',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** The MIME type sent for a file name, by its extension. */
export function contentTypeOf(name: string): string {
  return CONTENT_TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
