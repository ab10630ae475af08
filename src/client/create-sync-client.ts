import { detectPlatform } from '../platform/detect';
import type { SyncClientOptions } from './options';
import { openSyncClient, type SyncClient } from './sync-client';

export type { SyncClient } from './sync-client';

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
