import type { AddressInfo } from 'node:net';
import type { HoldMatch, WriteHold } from './db/write-holds';
import { openEmulatorServices } from './emulator-services';
import type { Faults } from './http/faults';
import { createEmulatorServer } from './http/server';
import { OPENAPI_PATH } from './openapi/openapi-service';
import { DEFAULT_PORT, type EmulatorOptions } from './options';

export {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_FUNCTION_TIMEOUT_MS,
  DEFAULT_PORT,
  DEFAULT_SPACE_ID,
  DEFAULT_TIMESTAMP_WINDOW_SECONDS,
} from './options';
export type { EmulatorOptions } from './options';

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

/**
 * Starts a local emulator of the mpserverless service that the unmodified official SDK talks to.
 *
 * @example fragment
 * const emulator = await createEmulator({ port: 0 });
 * const mp = new MPServerless(nodeSdkAdapter(), { appId: 'app', spaceId: emulator.spaceId,
 *   clientSecret: emulator.clientSecret, endpoint: emulator.endpoint });
 * await mp.init({ authType: 'anonymous' });
 * await mp.db.collection('todos').insertOne({ title: 'buy milk' });
 * await emulator.stop();
 */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const services = await openEmulatorServices(options);
  const { rpc, files, openapi, faults, db, spaceId, clientSecret, accessKeyId, accessKeySecret, maxFileBytes } = services;
  const server = createEmulatorServer({
    rpc,
    files,
    openapi,
    faults,
    spaceId,
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
    await services.close();
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
      }).then(() => services.close());
      return stopped;
    },
  };
}
