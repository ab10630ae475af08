import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { errorBody, GatewayErrorCode } from '../errors';
import { decodePath, DOWNLOAD_PATH, UPLOAD_PATH, type FileService } from '../files/file-service';
import { OpenApiService } from '../openapi/openapi-service';
import type { RpcService } from '../rpc';
import { corsApplies, corsHeaders, preflightAnswer, type CorsPolicy } from './cors';
import { faultsProblem, type FaultInjector, type Faults } from './faults';
import { adminProblem, hostAllowed, type HostPolicy } from './host-check';

/** What the HTTP layer serves. */
export interface ServerDeps {
  readonly rpc: RpcService;
  readonly files: FileService;
  /** The server-side OpenAPI (`/openapi`) and its signed `PUT`s. */
  readonly openapi: OpenApiService;
  readonly faults: FaultInjector;
  readonly spaceId: string;
  /** Largest `/client` body accepted, in bytes. */
  readonly maxBodyBytes: number;
  /** Largest upload form accepted, in bytes. */
  readonly maxUploadBytes: number;
  /** Which other origins' pages may call the client protocol, uploads and downloads. */
  readonly cors: CorsPolicy;
  /** Which `Host` names are answered (DNS-rebinding protection). */
  readonly hosts: HostPolicy;
}

interface Reply {
  readonly status: number;
  readonly body: string | Uint8Array;
  readonly contentType?: string;
}

class TooLarge extends Error {}

const JSON_TYPE = 'application/json; charset=utf-8';
let requestCounter = 0;

/**
 * The emulator's HTTP server. Routes:
 * - `POST /client` — the mpserverless client protocol;
 * - `GET|POST /openapi` — the server-side OpenAPI; `PUT /openapi/oss/<id>` — its signed uploads;
 * - `POST /__oss` — uploads (the SDK's OSS form post); `GET /__cdn/<path>` — downloads;
 * - `GET|POST /__admin/faults`, `GET /__admin/health` — test controls, loopback only, never faulted.
 * Every other request is subject to the injected faults, except CORS preflights (`OPTIONS`), which
 * are answered at once: pages of loopback origins (and `cors.extraOrigins`) may call the first three.
 */
export function createEmulatorServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    serve(deps, req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, '', jsonReply(500, GatewayErrorCode.InternalError, String(error)));
      else res.destroy();
    });
  });
}

async function serve(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://emulator').pathname;
  const requestId = `${Date.now().toString(36)}-${(++requestCounter).toString(36)}`;
  if (!hostAllowed(deps.hosts, req.headers.host)) {
    return send(
      res,
      requestId,
      jsonReply(
        403,
        GatewayErrorCode.InvalidHost,
        `the emulator does not answer to the host ${JSON.stringify(req.headers.host)}; name it with --allowed-host (allowedHosts) to allow it`,
      ),
    );
  }
  if (path.startsWith('/__admin/')) return send(res, requestId, await admin(deps, req, path));
  if (corsApplies(path)) {
    if (req.method === 'OPTIONS') {
      const answer = preflightAnswer(deps.cors, req);
      res.writeHead(answer.status, answer.headers);
      return void res.end(answer.body);
    }
    for (const [name, value] of Object.entries(corsHeaders(deps.cors, req))) res.setHeader(name, value);
  }
  const fate = deps.faults.decide();
  if (fate === 'offline') return void req.socket.destroy();
  if (deps.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, deps.faults.latencyMs));
  if (fate === 'drop-request') return void req.socket.destroy();
  const isUpload = (req.method === 'POST' && path === UPLOAD_PATH) || (req.method === 'PUT' && OpenApiService.serves(req.method, path));
  let body: Buffer;
  try {
    body = await readBody(req, isUpload ? deps.maxUploadBytes : deps.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof TooLarge)) throw error;
    res.setHeader('connection', 'close');
    return send(
      res,
      requestId,
      jsonReply(200, GatewayErrorCode.RequestTooLarge, `the body is larger than ${isUpload ? deps.maxUploadBytes : deps.maxBodyBytes} bytes`),
    );
  }
  if (fate === 'error')
    return send(res, requestId, jsonReply(503, GatewayErrorCode.ServiceUnavailable, 'injected fault: service unavailable, nothing was applied'));
  const reply = await route(deps, req, path, body, requestId);
  // A dropped response: the request was applied, then the connection dies before the answer.
  if (fate === 'drop-response') return void req.socket.destroy();
  send(res, requestId, reply);
}

async function route(deps: ServerDeps, req: IncomingMessage, path: string, body: Buffer, requestId: string): Promise<Reply> {
  const host = req.headers.host ?? '127.0.0.1';
  if (req.method === 'POST' && path === '/client') {
    const answer = await deps.rpc.handle(body.toString('utf8'), { headers: req.headers, host, requestId });
    return { status: 200, body: JSON.stringify(answer) };
  }
  if (req.method === 'POST' && path === UPLOAD_PATH) return upload(deps, req, body);
  if (OpenApiService.serves(req.method, path)) {
    const origin = `http://${host}`;
    if (req.method !== 'PUT') return deps.openapi.rpc(req.method ?? '', new URL(req.url ?? '/', origin).searchParams, body, origin);
    const callback = req.headers['x-oss-callback'];
    return deps.openapi.put({
      url: req.url ?? '/',
      contentType: req.headers['content-type'],
      callback: typeof callback === 'string' ? callback : undefined,
      bytes: new Uint8Array(body),
      origin,
    });
  }
  if (req.method === 'GET' && path.startsWith(`${DOWNLOAD_PATH}/`)) {
    const filePath = decodePath(path.slice(DOWNLOAD_PATH.length + 1));
    if (filePath === undefined) return jsonReply(400, GatewayErrorCode.InvalidRequest, `malformed %-encoding in ${path}`);
    const file = await deps.files.download(filePath);
    return file ? { status: 200, body: file.bytes, contentType: file.contentType } : jsonReply(404, GatewayErrorCode.FileNotFound, `no file at ${path}`);
  }
  return jsonReply(404, GatewayErrorCode.MethodNotFound, `nothing is served at ${req.method ?? ''} ${path}; the client protocol is POST /client`);
}

async function upload(deps: ServerDeps, req: IncomingMessage, body: Buffer): Promise<Reply> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
  } catch {
    return jsonReply(400, GatewayErrorCode.InvalidRequest, 'an upload must be a multipart/form-data POST');
  }
  const text = (name: string): string | null => {
    const v = form.get(name);
    return typeof v === 'string' ? v : null;
  };
  const file = form.get('file');
  try {
    await deps.files.upload({
      key: text('key'),
      policy: text('policy'),
      signature: text('Signature'),
      bytes: file !== null && typeof file !== 'string' ? new Uint8Array(await file.arrayBuffer()) : null,
    });
  } catch (error) {
    const { code, message } = errorBody(error);
    return jsonReply(403, code, message);
  }
  // OSS answers success_action_status=200 with an empty body; the SDK treats an empty body as fine.
  return { status: 200, body: '' };
}

async function admin(deps: ServerDeps, req: IncomingMessage, path: string): Promise<Reply> {
  const problem = adminProblem(req);
  if (problem) return jsonReply(403, GatewayErrorCode.InvalidRequest, problem);
  if (path === '/__admin/health') return { status: 200, body: JSON.stringify({ success: true, data: { spaceId: deps.spaceId } }) };
  if (path !== '/__admin/faults') return jsonReply(404, GatewayErrorCode.MethodNotFound, `unknown admin endpoint ${path}`);
  if (req.method === 'POST') {
    let faults: unknown;
    try {
      faults = JSON.parse((await readBody(req, 64 * 1024)).toString('utf8'));
    } catch {
      return jsonReply(400, GatewayErrorCode.InvalidRequest, 'the body must be a JSON faults object');
    }
    const invalid = faultsProblem(faults);
    if (invalid) return jsonReply(400, GatewayErrorCode.InvalidParameter, invalid);
    deps.faults.set(faults as Faults);
  }
  return { status: 200, body: JSON.stringify({ success: true, data: deps.faults.get() }) };
}

function jsonReply(status: number, code: string, message: string): Reply {
  return { status, body: JSON.stringify({ success: false, error: { code, message } }) };
}

function send(res: ServerResponse, requestId: string, reply: Reply): void {
  res.writeHead(reply.status, { 'content-type': reply.contentType ?? JSON_TYPE, 'request-id': requestId });
  res.end(reply.body);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
