/**
 * mpsync: the official mpserverless SDK's `db`, kept working offline. This is the Node entry: the
 * web build's exports (which hold the mini-program entry's) plus `node()` and `fileStorage()`,
 * with platform detection that ends with Node.
 *
 * @example
 * import { createSyncClient } from 'mpsync';
 * const client = await createSyncClient({ mpServerless, collections: { todos: { filter: { listId: 'inbox' } } } });
 * await client.db.collection('todos').insertOne({ title: 'buy milk' });
 */
import { openSyncClient, type SyncClient } from './client/sync-client';
import type { SyncClientOptions } from './client/options';
import { detectPlatform } from './platform/detect';

export * from './browser';
export { detectPlatform } from './platform/detect';
export { node } from './platform/node';
export type { NodePlatformOptions } from './platform/node';
export { nodeFileKeeper } from './platform/node-file-keeper';
export type { NodeFileKeeperOptions } from './platform/node-file-keeper';
export { fileStorage } from './store/file-backend';
export type { FileStorageOptions } from './store/file-backend';

/**
 * Opens the offline cache for the configured collections and starts syncing them with the cloud.
 * Resolves once the cache is loaded; it never waits for the network. Without `options.platform`
 * the platform is detected: DingTalk, WeChat, Alipay, a browser, then Node.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` for bad options; `STORAGE_IN_USE` when another client holds
 *   the storage; `STORAGE_CORRUPT` when it is damaged (nothing is changed); `STORAGE_FAILED` when
 *   storage cannot be opened
 * @example
 * const client = await createSyncClient({ mpServerless, collections: { todos: { filter: { listId: 'inbox' } } } });
 * await client.db.collection('todos').insertOne({ title: 'buy milk' });
 */
export function createSyncClient(options: SyncClientOptions): Promise<SyncClient> {
  return openSyncClient(options, detectPlatform);
}
