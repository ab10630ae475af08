import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { systemNow, type Now } from '../core/clock';
import { systemScheduler, type Scheduler } from '../core/scheduler';
import { objectIdGenerator } from '../core/object-id';
import { systemRandom, type Random } from '../core/random';
import { AuthService } from './auth/auth-service';
import { TokenIssuer } from './auth/tokens';
import { DocumentStore } from './db/document-store';
import { DbService } from './db/execute';
import type { HoldMatch, WriteHold } from './db/write-holds';
import { folderBlobStore, memoryBlobStore } from './files/blob-store';
import { FileService } from './files/file-service';
import { catchFunctionFailures } from './functions/async-failures';
import { FunctionRunner } from './functions/function-runner';
import { enableRegexBacktrackFallback } from './regex-fallback';
import { FaultInjector, type Faults } from './http/faults';
import { createEmulatorServer } from './http/server';
import { OPENAPI_PATH, OpenApiService } from './openapi/openapi-service';
import { RpcService } from './rpc';
import { lockDataDir } from './data-lock';
import { openSqlite } from './sqlite';

/** Options of {@link createEmulator}. Every field has a default. */
export interface EmulatorOptions {
  /** TCP port; `0` picks a free one. Default 8790. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** The one space this emulator serves. Default `mpsync-local`. */
  spaceId?: string;
  /** Key of the HMAC-MD5 request signature. Default `mpsync-local-secret`. */
  clientSecret?: string;
  /** Folder for durable data (SQLite + uploaded files); absent: everything in memory. */
  dataDir?: string;
  /** Folder of cloud functions (`NAME.js`); absent: every invoke answers `FunctionNotFound`. */
  functionsDir?: string;
  /** Lifetime of access tokens in seconds. Default 600, as the real service. */
  tokenTtlSeconds?: number;
  /** Largest `/client` request body in bytes. Default 4 MiB. */
  maxBodyBytes?: number;
  /** Largest uploaded file in bytes. Default 20 MiB. */
  maxFileBytes?: number;
  /**
   * Origins of web pages that may call the emulator besides those served from this machine
   * (`http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`, always allowed), e.g.
   * `['http://192.168.1.20:5173']`; `['*']` allows every origin. Default none.
   */
  corsOrigins?: readonly string[];
  /**
   * More `Host` names to answer besides IP addresses, `localhost` and `host`, e.g.
   * `['mylaptop.local']`; `['*']` answers any name (and gives up DNS-rebinding protection). Default none.
   */
  allowedHosts?: readonly string[];
  /**
   * How far a request's signed `timestamp` may be from the emulator's clock, in seconds, before it
   * is refused (`InvalidTimestamp`), so a captured request cannot be replayed later. `0` turns the
   * check off. Default 900 (±15 minutes).
   */
  timestampWindowSeconds?: number;
  /**
   * The clock request timestamps are compared with. Default `Date.now`: the SDK stamps requests
   * with the device's real time, while `now` is often moved by tests.
   */
  requestClock?: Now;
  /** How long one database command may run, in ms, before it is stopped (`ExceededTimeLimit`). Default 5000. */
  commandTimeoutMs?: number;
  /** The clock of `commandTimeoutMs` (elapsed time). Default `performance.now`. */
  workClock?: Now;
  /** How long a cloud function may run, in ms, before the call answers `FunctionExecutionFailed`. Default 10000. */
  functionTimeoutMs?: number;
  /** Timers of the function time limit. Default real time. */
  scheduler?: Scheduler;
  /** Clock for tokens, `$currentDate`, ids and transactions. Default `Date.now`. */
  now?: Now;
  /** Random source for user ids and generated `_id`s. Default `Math.random`. */
  random?: Random;
  /** AccessKey ID the server-side OpenAPI (`<endpoint>/openapi`) accepts. Default `mpsync-local-key`. */
  accessKeyId?: string;
  /** AccessKey secret of the OpenAPI's HMAC-SHA1 signature. Default `mpsync-local-key-secret`. */
  accessKeySecret?: string;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL to give the SDK as `endpoint`, e.g. `http://127.0.0.1:8790`. */
  readonly endpoint: string;
  readonly spaceId: string;
  readonly clientSecret: string;
  /** Endpoint of the server-side OpenAPI for `@alicloud/pop-core` and `mpsync upload`: `<endpoint>/openapi`. */
  readonly openApiEndpoint: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** Replaces the injected network faults (an empty object turns them all off). */
  setFaults(faults: Faults): void;
  /**
   * Test hook: the next write matching `match` is evaluated (its `$currentDate` stamped) and then
   * held before its commit until `release()`, so a test can make a write commit after a later one.
   */
  holdWrite(match?: HoldMatch): WriteHold;
  /** Stops listening, closes open connections and the database. */
  stop(): Promise<void>;
}

export const DEFAULT_PORT = 8790;
export const DEFAULT_SPACE_ID = 'mpsync-local';
export const DEFAULT_CLIENT_SECRET = 'mpsync-local-secret';
export const DEFAULT_ACCESS_KEY_ID = 'mpsync-local-key';
export const DEFAULT_ACCESS_KEY_SECRET = 'mpsync-local-key-secret';
export const DEFAULT_TIMESTAMP_WINDOW_SECONDS = 15 * 60;
export const DEFAULT_COMMAND_TIMEOUT_MS = 5000;
export const DEFAULT_FUNCTION_TIMEOUT_MS = 10_000;

/**
 * Starts a local emulator of the mpserverless service that the unmodified official SDK talks to.
 *
 * @example
 * const emulator = await createEmulator({ port: 0 });
 * const mp = new MPServerless(nodeSdkAdapter(), { appId: 'app', spaceId: emulator.spaceId,
 *   clientSecret: emulator.clientSecret, endpoint: emulator.endpoint });
 * await mp.init({ authType: 'anonymous' });
 * await mp.db.collection('todos').insertOne({ title: 'buy milk' });
 * await emulator.stop();
 */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const spaceId = options.spaceId ?? DEFAULT_SPACE_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const accessKeyId = options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID;
  const accessKeySecret = options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET;
  const now = options.now ?? systemNow;
  const random = options.random ?? systemRandom;
  const maxFileBytes = options.maxFileBytes ?? 20 * 1024 * 1024;
  const newId = objectIdGenerator(now, random);
  const lock = options.dataDir ? await lockDataDir(options.dataDir) : undefined;
  const sqlite = await openSqlite(options.dataDir);
  const store = new DocumentStore(sqlite);
  const db = new DbService(store, now, newId, { now: options.workClock ?? (() => performance.now()), ms: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS });
  const tokens = new TokenIssuer(spaceId, clientSecret, options.tokenTtlSeconds ?? 600, now);
  const blobs = options.dataDir ? folderBlobStore(join(options.dataDir, 'files')) : memoryBlobStore();
  const files = new FileService(sqlite, blobs, spaceId, clientSecret, now, newId, maxFileBytes);
  const rpc = new RpcService({
    spaceId, clientSecret, tokens, db, files,
    auth: new AuthService(tokens, random),
    functions: new FunctionRunner(options.functionsDir, options.functionTimeoutMs ?? DEFAULT_FUNCTION_TIMEOUT_MS, options.scheduler ?? systemScheduler),
    requestClock: options.requestClock ?? systemNow,
    timestampWindowMs: (options.timestampWindowSeconds ?? DEFAULT_TIMESTAMP_WINDOW_SECONDS) * 1000,
  });
  // Cloud functions run in this process: a throw from one of their timers must not end it.
  const releaseFailures = options.functionsDir ? catchFunctionFailures() : () => undefined;
  enableRegexBacktrackFallback();
  const openapi = new OpenApiService({
    key: { accessKeyId, accessKeySecret }, db: sqlite, blobs, spaceId, maxFileBytes, now, newId,
    requestClock: options.requestClock ?? systemNow,
    timestampWindowMs: (options.timestampWindowSeconds ?? DEFAULT_TIMESTAMP_WINDOW_SECONDS) * 1000,
  });
  const faults = new FaultInjector();
  const server = createEmulatorServer({
    rpc, files, openapi, faults, spaceId,
    maxBodyBytes: options.maxBodyBytes ?? 4 * 1024 * 1024,
    maxUploadBytes: maxFileBytes + 64 * 1024,
    cors: { extraOrigins: options.corsOrigins ?? [] },
    hosts: { listenHost: options.host ?? '127.0.0.1', allowedHosts: options.allowedHosts ?? [] },
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => resolve());
    });
  } catch (error) {
    // Not started: the folder is free again for a retry.
    releaseFailures();
    sqlite.close();
    await lock?.release();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let stopped: Promise<void> | undefined;
  return {
    endpoint: `http://${urlHost}:${port}`,
    openApiEndpoint: `http://${urlHost}:${port}${OPENAPI_PATH}`,
    spaceId,
    clientSecret,
    accessKeyId,
    accessKeySecret,
    setFaults: (f) => faults.set(f),
    holdWrite: (match = {}) => db.holds.add(match),
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(async () => {
        sqlite.close();
        releaseFailures();
        await lock?.release();
      });
      return stopped;
    },
  };
}
