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
import { checkOptions, type SyncClientOptions } from './client/options';
import { MpsyncError } from './core/errors';
import { detectBrowserPlatform } from './platform/detect-browser';
import { webSharing } from './platform/web-sharing';
import { openTabClient } from './tabs/tab-client';

export * from './miniprogram';
export { dexieStorage, type DexieStorageOptions, type StorageLocks } from './store/dexie-backend';
export { classifyWebError, fetchSdkAdapter, web, WEB_AUTH_CODE_UNAVAILABLE } from './platform/web';
export type { FetchSdkAdapter, FetchSdkAdapterOptions, WebOptions, WebWindow } from './platform/web';

/**
 * Opens the offline cache for the configured collections and starts syncing them with the cloud.
 * Resolves once the cache is loaded; it never waits for the network. Without `options.platform`
 * the runtime is detected: DingTalk, WeChat, Alipay, then the browser. On `web()` without an
 * explicit `options.storage`, the tabs of the origin that open the same database share one client
 * (docs/tabs.md).
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` for bad options, or with no platform to detect
 * @example
 * const client = await createSyncClient({ mpServerless, collections: { todos: {} } });
 */
export async function createSyncClient(options: SyncClientOptions): Promise<SyncClient> {
  checkOptions(options);
  const platform = options.platform ?? detectBrowserPlatform();
  if (!platform) throw new MpsyncError('INVALID_ARGUMENT', 'no browser or mini-program runtime found: pass options.platform');
  const sharing = options.storage === undefined ? webSharing(platform) : undefined;
  const open = (opened: SyncClientOptions) => openSyncClient(opened, () => platform);
  return sharing ? openTabClient({ ...options, platform }, sharing, open) : open(options);
}
