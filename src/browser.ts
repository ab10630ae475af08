/**
 * mpsync for web pages and web bundlers: the mini-program entry plus the `web()` platform
 * (IndexedDB through Dexie, `fetchSdkAdapter` for the official SDK). `createSyncClient` detects a
 * mini-program runtime first, then the browser.
 *
 * @example
 * import { createSyncClient, fetchSdkAdapter, web } from 'mpsync';
 * const mpServerless = new MPServerless(fetchSdkAdapter(), { appId, spaceId, clientSecret, endpoint });
 * const client = await createSyncClient({ mpServerless, platform: web(), collections: { todos: {} } });
 */
import { openSyncClient, type SyncClient } from './client/sync-client';
import type { SyncClientOptions } from './client/options';
import { MpsyncError } from './core/errors';
import { detectBrowserPlatform } from './platform/detect-browser';

export * from './miniprogram';
export { dexieStorage, type DexieStorageOptions, type StorageLocks } from './store/dexie-backend';
export { classifyWebError, fetchSdkAdapter, web, WEB_AUTH_CODE_UNAVAILABLE } from './platform/web';
export type { FetchSdkAdapter, FetchSdkAdapterOptions, WebOptions, WebWindow } from './platform/web';

/**
 * Opens the offline cache for the configured collections and starts syncing them with the cloud.
 * Resolves once the cache is loaded; it never waits for the network. Without `options.platform`
 * the runtime is detected: DingTalk, WeChat, Alipay, then the browser.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` for bad options, or with no platform to detect
 * @example
 * const client = await createSyncClient({ mpServerless, collections: { todos: {} } });
 */
export function createSyncClient(options: SyncClientOptions): Promise<SyncClient> {
  return openSyncClient(options, () => {
    const platform = detectBrowserPlatform();
    if (!platform) throw new MpsyncError('INVALID_ARGUMENT', 'no browser or mini-program runtime found: pass options.platform');
    return platform;
  });
}
