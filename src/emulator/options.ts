import type { Now } from '../core/clock';
import type { Random } from '../core/random';
import type { Scheduler } from '../core/scheduler';

/** Options of `createEmulator` (and of `createInProcessEmulator`, which ignores the listening ones). Every field has a default. */
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

/** The port the emulator listens on when `port` is not given. */
export const DEFAULT_PORT = 8790;
/** The space served when `spaceId` is not given. */
export const DEFAULT_SPACE_ID = 'mpsync-local';
/** The signature key when `clientSecret` is not given. */
export const DEFAULT_CLIENT_SECRET = 'mpsync-local-secret';
/** The OpenAPI AccessKey ID when `accessKeyId` is not given. */
export const DEFAULT_ACCESS_KEY_ID = 'mpsync-local-key';
/** The OpenAPI AccessKey secret when `accessKeySecret` is not given. */
export const DEFAULT_ACCESS_KEY_SECRET = 'mpsync-local-key-secret';
/** How far a request timestamp may be off, in seconds, when `timestampWindowSeconds` is not given. */
export const DEFAULT_TIMESTAMP_WINDOW_SECONDS = 15 * 60;
/** The time limit of one database command, in ms, when `commandTimeoutMs` is not given. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 5000;
/** The time limit of one cloud function call, in ms, when `functionTimeoutMs` is not given. */
export const DEFAULT_FUNCTION_TIMEOUT_MS = 10_000;
