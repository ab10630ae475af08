import { join } from 'node:path';
import { systemNow } from '../core/clock';
import { objectIdGenerator } from '../core/object-id';
import { systemRandom } from '../core/random';
import { systemScheduler } from '../core/scheduler';
import { AuthService } from './auth/auth-service';
import { TokenIssuer } from './auth/tokens';
import { lockDataDir } from './data-lock';
import { DocumentStore } from './db/document-store';
import { DbService } from './db/execute';
import { folderBlobStore, memoryBlobStore } from './files/blob-store';
import { FileService } from './files/file-service';
import { catchFunctionFailures } from './functions/async-failures';
import { FunctionRunner } from './functions/function-runner';
import { FaultInjector } from './http/faults';
import { OpenApiService } from './openapi/openapi-service';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_FUNCTION_TIMEOUT_MS,
  DEFAULT_SPACE_ID,
  DEFAULT_TIMESTAMP_WINDOW_SECONDS,
  type EmulatorOptions,
} from './options';
import { enableRegexBacktrackFallback } from './regex-fallback';
import { RpcService } from './rpc';
import { openSqlite } from './sqlite';

/** Everything an emulator serves, before any transport (HTTP or in-process) is put in front of it. */
export interface EmulatorServices {
  readonly spaceId: string;
  readonly clientSecret: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly maxFileBytes: number;
  readonly rpc: RpcService;
  readonly files: FileService;
  readonly openapi: OpenApiService;
  readonly db: DbService;
  readonly faults: FaultInjector;
  /** Closes the database, releases the data folder and the function-failure guard. */
  close(): Promise<void>;
}

/**
 * Opens the emulator's services (database, tokens, files, functions, faults) from its options.
 * Both `createEmulator` (over HTTP) and `createInProcessEmulator` (no sockets) are built on it, so
 * the two answer every request the same way.
 */
export async function openEmulatorServices(options: EmulatorOptions): Promise<EmulatorServices> {
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
  const db = new DbService(store, now, newId, {
    now: options.workClock ?? (() => performance.now()),
    ms: options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
  });
  const tokens = new TokenIssuer(spaceId, clientSecret, options.tokenTtlSeconds ?? 600, now);
  const blobs = options.dataDir ? folderBlobStore(join(options.dataDir, 'files')) : memoryBlobStore();
  const files = new FileService(sqlite, blobs, spaceId, clientSecret, now, newId, maxFileBytes);
  const requestClock = options.requestClock ?? systemNow;
  const timestampWindowMs = (options.timestampWindowSeconds ?? DEFAULT_TIMESTAMP_WINDOW_SECONDS) * 1000;
  const rpc = new RpcService({
    spaceId,
    clientSecret,
    tokens,
    db,
    files,
    auth: new AuthService(tokens, random),
    functions: new FunctionRunner(options.functionsDir, options.functionTimeoutMs ?? DEFAULT_FUNCTION_TIMEOUT_MS, options.scheduler ?? systemScheduler),
    requestClock,
    timestampWindowMs,
  });
  const openapi = new OpenApiService({
    key: { accessKeyId, accessKeySecret },
    db: sqlite,
    blobs,
    spaceId,
    maxFileBytes,
    now,
    newId,
    requestClock,
    timestampWindowMs,
  });
  // Cloud functions run in this process: a throw from one of their timers must not end it.
  const releaseFailures = options.functionsDir ? catchFunctionFailures() : () => undefined;
  enableRegexBacktrackFallback();
  return {
    spaceId,
    clientSecret,
    accessKeyId,
    accessKeySecret,
    maxFileBytes,
    rpc,
    files,
    openapi,
    db,
    faults: new FaultInjector(),
    close: async () => {
      sqlite.close();
      releaseFailures();
      await lock?.release();
    },
  };
}
