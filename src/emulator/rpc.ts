import type { IncomingHttpHeaders } from 'node:http';
import { isPlainObject, type JsonObject, type JsonValue } from '../core/json';
import type { AuthService } from './auth/auth-service';
import type { Now } from '../core/clock';
import { checkRequestTime } from './auth/request-time';
import { clientSignature, signatureMatches } from './auth/signature';
import type { Identity, TokenIssuer } from './auth/tokens';
import { serverDb } from './db/server-db';
import type { DbService } from './db/execute';
import { EmulatorError, errorBody, GatewayErrorCode } from './errors';
import type { FileService } from './files/file-service';
import { functionAnswer } from './functions/function-answer';
import type { FunctionRunner } from './functions/function-runner';

/** Everything the `/client` endpoint dispatches to. */
export interface RpcDeps {
  readonly spaceId: string;
  readonly clientSecret: string;
  readonly tokens: TokenIssuer;
  readonly auth: AuthService;
  readonly db: DbService;
  readonly functions: FunctionRunner;
  readonly files: FileService;
  /** The clock request timestamps are checked against. */
  readonly requestClock: Now;
  /** How far a request timestamp may be from `requestClock`, in ms; 0: any. */
  readonly timestampWindowMs: number;
}

/** Where a request came from, for answers that embed URLs and for the function context. */
export interface RequestInfo {
  readonly headers: IncomingHttpHeaders;
  /** `host:port` as the client addressed the emulator. */
  readonly host: string;
  readonly requestId: string;
}

/** A `/client` answer: `{ success: true, data? }` or `{ success: false, error }`. */
export type RpcAnswer = { success: true; data?: JsonValue } | { success: false; error: { code: string; message: string } };

type Handler = (params: JsonObject, identity: Identity, info: RequestInfo) => Promise<JsonValue | undefined> | JsonValue | undefined;

/**
 * `POST /client`: checks the envelope and the HMAC-MD5 signature, then the token (except for the
 * two authorize methods), then runs the method. Anything refused answers
 * `{ success: false, error: { code, message } }` and applies nothing.
 */
export class RpcService {
  readonly #deps: RpcDeps;
  readonly #handlers: ReadonlyMap<string, Handler>;

  constructor(deps: RpcDeps) {
    this.#deps = deps;
    const { db, auth, files } = deps;
    this.#handlers = new Map<string, Handler>([
      ['serverless.auth.user.getProfileInfo', (_p, identity) => auth.profile(identity)],
      ['serverless.db.default.execute', async (p, identity) => (await db.execute(p, identity)) as unknown as JsonObject],
      ['serverless.function.runtime.invoke', (p, identity, info) => this.#invoke(p, identity, info)],
      ['serverless.file.resource.generateProximalSign', (p, identity, info) => files.sign(p, info.host, identity.userId)],
      ['serverless.file.resource.report', (p) => void files.report(p)],
      ['serverless.file.resource.delete', async (p) => void (await files.delete(p))],
      ['serverless.file.resource.info', (p, _i, info) => files.info(p, info.host)],
    ]);
  }

  /** Answers one request body. Never throws. */
  async handle(raw: string, info: RequestInfo): Promise<RpcAnswer> {
    try {
      const data = await this.#dispatch(raw, info);
      return data === undefined ? { success: true } : { success: true, data };
    } catch (error) {
      return { success: false, error: errorBody(error) };
    }
  }

  async #dispatch(raw: string, info: RequestInfo): Promise<JsonValue | undefined> {
    const body = parseEnvelope(raw);
    const { spaceId, clientSecret, tokens, auth } = this.#deps;
    if (!signatureMatches(info.headers['x-serverless-sign'], clientSignature(body, clientSecret))) {
      throw new EmulatorError(GatewayErrorCode.InvalidSignature, 'x-serverless-sign does not match the request (HMAC-MD5 with the client secret)');
    }
    checkRequestTime(body.timestamp as number, this.#deps.requestClock, this.#deps.timestampWindowMs);
    if (body.spaceId !== spaceId) throw new EmulatorError(GatewayErrorCode.InvalidSpace, `unknown spaceId ${JSON.stringify(body.spaceId)}`);
    const params = parseParams(body.params as string);
    if (body.method === 'serverless.auth.user.anonymousAuthorize') return auth.anonymousAuthorize(params);
    if (body.method === 'serverless.auth.user.authorize') return auth.authorize(params);
    const handler = this.#handlers.get(body.method as string);
    if (!handler) throw new EmulatorError(GatewayErrorCode.MethodNotFound, `unknown method ${JSON.stringify(body.method)}`);
    const identity = tokens.verify(body.token ?? info.headers['x-basement-token']);
    return handler(params, identity, info);
  }

  async #invoke(params: JsonObject, identity: Identity, info: RequestInfo): Promise<JsonValue | undefined> {
    const context = {
      userId: identity.userId,
      authType: identity.authType,
      ...(identity.authProvider ? { authProvider: identity.authProvider } : {}),
      spaceId: this.#deps.spaceId,
      requestId: info.requestId,
      mpserverless: { db: serverDb(this.#deps.db, identity) },
    };
    const result = await this.#deps.functions.invoke(params.functionTarget, params.functionArgs ?? {}, context);
    return functionAnswer(params.functionTarget, result);
  }
}

function parseEnvelope(raw: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw invalidRequest('the body is not JSON');
  }
  if (!isPlainObject(body)) throw invalidRequest('the body must be a JSON object');
  if (typeof body.spaceId !== 'string') throw invalidRequest('spaceId must be a string');
  if (typeof body.method !== 'string') throw invalidRequest('method must be a string');
  if (typeof body.params !== 'string') throw invalidRequest('params must be a JSON string');
  if (typeof body.timestamp !== 'number') throw invalidRequest('timestamp must be a number');
  return body;
}

function parseParams(text: string): JsonObject {
  let params: unknown;
  try {
    params = JSON.parse(text);
  } catch {
    throw invalidRequest('params is not valid JSON');
  }
  if (!isPlainObject(params)) throw new EmulatorError(GatewayErrorCode.InvalidParameter, 'params must be a JSON object');
  return params as JsonObject;
}

function invalidRequest(message: string): EmulatorError {
  return new EmulatorError(GatewayErrorCode.InvalidRequest, message);
}
