import type { Platform } from '../model/platform';
import type { FileKeeper } from '../model/file-keeper';
import type { StorageBackend } from '../store/backend';
import { memoryStorage } from '../store/memory-backend';

/** A platform a test drives by hand. */
export interface MemoryPlatform extends Platform {
  /** Turns the network on or off; listeners hear about real changes only. */
  setOnline(online: boolean): void;
  /** The app goes to the background (`onAppHide` listeners run). */
  hide(): void;
  /** The app comes back (`onAppShow` listeners run). */
  show(): void;
  /** Whether the app is in the foreground. */
  readonly visible: boolean;
}

/** Options of {@link memoryPlatform}. */
export interface MemoryPlatformOptions {
  /** Network state at start; default `true`. */
  online?: boolean;
  /** The storage clients use by default; default a new `memoryStorage()` kept by the platform. */
  storage?: StorageBackend;
  /** The in-flight request limit the platform declares; default none (mpsync then assumes 10). */
  maxConcurrentRequests?: number;
  /** Where offline uploads keep their files (e.g. `nodeFileKeeper({ dir })`); default none: uploads go to the SDK. */
  fileKeeper?: FileKeeper;
}

/**
 * A platform whose network and lifecycle a test drives (`setOnline`, `hide`, `show`). Its default
 * storage is one `memoryStorage()` for the platform's lifetime, so a test can close a client and
 * open another on the same platform to simulate an app restart.
 *
 * @example
 * const platform = memoryPlatform({ online: false });
 * const client = await createSyncClient({ mpServerless, platform, collections: { todos: {} } });
 * platform.setOnline(true);
 */
export function memoryPlatform(options: MemoryPlatformOptions = {}): MemoryPlatform {
  const storage = options.storage ?? memoryStorage();
  let online = options.online ?? true;
  let visible = true;
  const network = new Set<(online: boolean) => void>();
  const shows = new Set<() => void>();
  const hides = new Set<() => void>();
  const listen = <T>(set: Set<T>, listener: T) => {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  };
  return {
    name: 'memory',
    defaultStorage: () => storage,
    ...(options.fileKeeper ? { fileKeeper: () => options.fileKeeper! } : {}),
    isOnline: () => online,
    onNetworkChange: (listener) => listen(network, listener),
    onAppShow: (listener) => listen(shows, listener),
    onAppHide: (listener) => listen(hides, listener),
    ...(options.maxConcurrentRequests === undefined ? {} : { maxConcurrentRequests: options.maxConcurrentRequests }),
    get visible() {
      return visible;
    },
    setOnline(next) {
      if (next === online) return;
      online = next;
      for (const listener of [...network]) listener(online);
    },
    hide() {
      if (!visible) return;
      visible = false;
      for (const listener of [...hides]) listener();
    },
    show() {
      if (visible) return;
      visible = true;
      for (const listener of [...shows]) listener();
    },
  };
}
