import { randomUUID } from 'node:crypto';
import type { Now } from '../../core/clock';
import type { BlobStore } from '../files/blob-store';
import type { Sqlite } from '../sqlite';
import { CALLBACK_PATH, FileActions } from './file-actions';
import { OpenApiError, OpenApiErrorCode } from './openapi-error';
import { RequestCheck, type AccessKey } from './request-check';
import { SIGNED_PUT_PATH, UrlSigner } from './signed-url';
import { UploadStore } from './upload-store';

/** The path the OpenAPI answers under; clients use `<emulator endpoint>/openapi` as their endpoint. */
export const OPENAPI_PATH = '/openapi';
/** The only API version served: the `mpserverless` product's. */
export const OPENAPI_VERSION = '2019-06-15';

/** An HTTP answer of the OpenAPI. */
export interface OpenApiReply {
  readonly status: number;
  readonly body: string;
  readonly contentType: string;
}

/** What the OpenAPI needs from the emulator. */
export interface OpenApiDeps {
  readonly key: AccessKey;
  readonly db: Sqlite;
  readonly blobs: BlobStore;
  readonly spaceId: string;
  readonly maxFileBytes: number;
  /** Clock of signed-URL expiry and file dates. */
  readonly now: Now;
  /** Clock the requests' `Timestamp` is compared with. */
  readonly requestClock: Now;
  /** Accepted distance of `Timestamp` from `requestClock`; 0 turns the check off. */
  readonly timestampWindowMs: number;
  readonly newId: () => string;
}

/** A signed `PUT` as the HTTP layer received it. */
export interface PutRequest {
  /** URL path and query, e.g. `/openapi/oss/file-1?Expires=...`. */
  readonly url: string;
  readonly contentType: string | undefined;
  readonly callback: string | undefined;
  readonly bytes: Uint8Array;
  /** `http://<Host>` of the request. */
  readonly origin: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The emulator's Alibaba Cloud OpenAPI (POP RPC style, as `@alicloud/pop-core` speaks it) for
 * server-side uploads, and the OSS-style signed `PUT` that carries the bytes.
 */
export class OpenApiService {
  readonly #check: RequestCheck;
  readonly #actions: FileActions;
  readonly #store: UploadStore;
  readonly #signer: UrlSigner;
  readonly #spaceId: string;
  readonly #now: Now;

  constructor(deps: OpenApiDeps) {
    this.#check = new RequestCheck(deps.key, deps.requestClock, deps.timestampWindowMs);
    this.#store = new UploadStore(deps.db, deps.blobs);
    this.#signer = new UrlSigner(deps.key.accessKeyId, deps.key.accessKeySecret);
    this.#spaceId = deps.spaceId;
    this.#now = deps.now;
    this.#actions = new FileActions({
      store: this.#store,
      signer: this.#signer,
      spaceId: deps.spaceId,
      maxFileBytes: deps.maxFileBytes,
      now: deps.now,
      newId: deps.newId,
    });
  }

  /** Whether `path` (and `method`) is served here rather than by the client protocol. */
  static serves(method: string | undefined, path: string): boolean {
    if (path === OPENAPI_PATH || path === `${OPENAPI_PATH}/`) return true;
    return method === 'PUT' && path.startsWith(`${SIGNED_PUT_PATH}/`);
  }

  /** Answers an RPC call: parameters from the query (GET) or the form body (POST). */
  async rpc(method: string, query: URLSearchParams, body: Buffer, origin: string): Promise<OpenApiReply> {
    const requestId = randomUUID().toUpperCase();
    try {
      if (method !== 'GET' && method !== 'POST')
        throw new OpenApiError(400, OpenApiErrorCode.UnsupportedHttpMethod, `the OpenAPI is called with GET or POST, not ${method}`);
      const params = Object.fromEntries(method === 'POST' ? new URLSearchParams(body.toString('utf8')) : query);
      this.#check.check(method, params);
      const action = params.Action ?? '';
      const run = params.Version === OPENAPI_VERSION ? this.#actions.find(action) : undefined;
      if (!run)
        throw new OpenApiError(
          404,
          OpenApiErrorCode.ApiNotFound,
          `Specified api is not found, please check your url and method: the emulator serves DescribeFileUploadSignedUrl, RegisterFile, ListFile and DeleteFile of version ${OPENAPI_VERSION} (got ${JSON.stringify(action)}, version ${JSON.stringify(params.Version ?? '')}).`,
        );
      const answer = await run(params, origin);
      return { status: 200, contentType: JSON_TYPE, body: JSON.stringify({ RequestId: requestId, ...answer }) };
    } catch (error) {
      const e =
        error instanceof OpenApiError ? error : new OpenApiError(500, OpenApiErrorCode.InternalError, error instanceof Error ? error.message : String(error));
      return { status: e.status, contentType: JSON_TYPE, body: JSON.stringify({ RequestId: requestId, Code: e.code, Message: e.message }) };
    }
  }

  /**
   * Answers a signed `PUT`: checks the URL's signature (which covers the content type) and expiry,
   * the size, then completes the upload at once when an `x-oss-callback` names it, or stages it
   * for `RegisterFile`. Errors are OSS's XML.
   */
  async put(request: PutRequest): Promise<OpenApiReply> {
    const requestId = randomUUID().replace(/-/g, '').toUpperCase().slice(0, 24);
    try {
      const url = new URL(request.url, 'http://emulator');
      const id = decodeURIComponent(url.pathname.slice(SIGNED_PUT_PATH.length + 1));
      const expires = Number(url.searchParams.get('Expires'));
      const contentType = request.contentType ?? '';
      if (!this.#signer.verify(id, contentType, expires, url.searchParams.get('Signature') ?? '')) {
        throw new OpenApiError(
          403,
          OpenApiErrorCode.SignatureDoesNotMatch,
          'The request signature we calculated does not match the signature you provided: the URL is not one the emulator signed, or the Content-Type differs from the ContentType it was signed for.',
        );
      }
      const now = this.#now();
      if (expires * 1000 < now) throw new OpenApiError(403, OpenApiErrorCode.AccessDenied, 'Request has expired.');
      const upload = this.#store.pending(id);
      if (!upload || upload.status !== 'signed')
        throw new OpenApiError(403, OpenApiErrorCode.AccessDenied, 'This signed URL was already used; ask DescribeFileUploadSignedUrl for a new one.');
      const size = request.bytes.byteLength;
      if (upload.size !== null && size > upload.size)
        throw new OpenApiError(
          400,
          OpenApiErrorCode.EntityTooLarge,
          `Your proposed upload is larger than the Size it was signed for (${size} > ${upload.size} bytes).`,
        );
      if (upload.size !== null && size < upload.size)
        throw new OpenApiError(
          400,
          OpenApiErrorCode.EntityTooSmall,
          `Your proposed upload is smaller than the Size it was signed for (${size} < ${upload.size} bytes).`,
        );
      const type = request.contentType || upload.content_type;
      if (request.callback !== undefined) this.#checkCallback(request.callback, id, request.origin);
      if (!this.#store.claim(id))
        throw new OpenApiError(403, OpenApiErrorCode.AccessDenied, 'This signed URL was already used; ask DescribeFileUploadSignedUrl for a new one.');
      if (request.callback === undefined) {
        await this.#store.stage(upload, request.bytes, type);
        return { status: 200, contentType: 'text/plain', body: '' };
      }
      await this.#store.commit(upload, request.bytes, type, now);
      // OSS forwards the callback server's answer to the uploader.
      return { status: 200, contentType: JSON_TYPE, body: JSON.stringify({ success: true, fileId: id }) };
    } catch (error) {
      const e =
        error instanceof OpenApiError ? error : new OpenApiError(500, OpenApiErrorCode.InternalError, error instanceof Error ? error.message : String(error));
      return { status: e.status, contentType: 'application/xml', body: ossError(e, requestId) };
    }
  }

  #checkCallback(header: string, id: string, origin: string): void {
    let callback: { callbackUrl?: unknown; callbackBody?: unknown };
    let body: { fileId?: unknown; spaceId?: unknown };
    try {
      callback = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as typeof callback;
      body = JSON.parse(String(callback.callbackBody)) as typeof body;
    } catch {
      throw new OpenApiError(
        400,
        OpenApiErrorCode.InvalidCallback,
        'x-oss-callback must be base64 of {"callbackUrl": OssCallbackUrl, "callbackBody": "{\\"fileId\\":Id,\\"spaceId\\":SpaceId}", "callbackBodyType": "application/json"}',
      );
    }
    // Only the path is compared: the same emulator may be reached as localhost or 127.0.0.1.
    if (typeof callback.callbackUrl !== 'string' || !URL.canParse(callback.callbackUrl) || new URL(callback.callbackUrl).pathname !== CALLBACK_PATH) {
      throw new OpenApiError(400, OpenApiErrorCode.InvalidCallback, `x-oss-callback: callbackUrl must be the OssCallbackUrl, ${origin}${CALLBACK_PATH}`);
    }
    if (body.fileId !== id || body.spaceId !== this.#spaceId)
      throw new OpenApiError(
        400,
        OpenApiErrorCode.InvalidCallback,
        `x-oss-callback: callbackBody must name fileId ${JSON.stringify(id)} and spaceId ${JSON.stringify(this.#spaceId)}`,
      );
  }
}

function ossError(error: OpenApiError, requestId: string): string {
  const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n  <Code>${escape(error.code)}</Code>\n  <Message>${escape(error.message)}</Message>\n  <RequestId>${requestId}</RequestId>\n</Error>\n`;
}
