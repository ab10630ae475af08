import type { ErrorCode } from '../core/errors';
import type { StorageBackend } from '../store/backend';
import type { FileKeeper } from './file-keeper';

/** The runtimes mpsync knows. */
export type PlatformName = 'alipay' | 'wechat' | 'dingtalk' | 'web' | 'node' | 'memory';

/**
 * What mpsync needs from the runtime it runs in: where to keep data by default, whether the
 * network is up, and when the app goes to the background or comes back. One implementation per
 * runtime; tests use `memoryPlatform()` from `mpsync/testing`, whose network and lifecycle they drive.
 */
export interface Platform {
  readonly name: PlatformName;
  /** The storage a client uses when the app passes none. */
  defaultStorage(): StorageBackend;
  /** `true`/`false` when the runtime knows, `undefined` when it cannot tell. */
  isOnline(): boolean | undefined;
  /** Calls `listener` on every network change; returns a function that stops it. */
  onNetworkChange(listener: (online: boolean) => void): () => void;
  /** Calls `listener` when the app comes to the foreground; returns a function that stops it. */
  onAppShow(listener: () => void): () => void;
  /** Calls `listener` when the app goes to the background; returns a function that stops it. */
  onAppHide(listener: () => void): () => void;
  /**
   * What a failed SDK call means on this runtime, when the platform can tell better than the
   * generic rules (WeChat's errno 600001 network switch, Alipay's numeric request errors, ...):
   * a code, or `undefined` to fall back to the generic classification.
   */
  classifyError?(error: unknown): ErrorCode | undefined;
  /**
   * How many network requests the runtime lets an app have in flight at once (WeChat: 10, and it
   * drops the excess); mpsync's sync keeps below it so the app's own calls still get through.
   * Default {@link DEFAULT_MAX_CONCURRENT_REQUESTS}.
   */
  readonly maxConcurrentRequests?: number;
  /**
   * Where files wait for an offline `client.file.uploadFile` (saved files, IndexedDB, a folder).
   * Absent: uploads go straight to the SDK and need the network.
   */
  fileKeeper?(): FileKeeper;
}

/**
 * The in-flight request limit assumed for a platform that declares none: WeChat's documented 10,
 * the strictest published limit of the runtimes mpsync supports.
 */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 10;
