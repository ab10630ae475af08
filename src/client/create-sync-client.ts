import { systemNow } from '../core/clock';
import { MpsyncError } from '../core/errors';
import { systemRandom } from '../core/random';
import { detectPlatform } from '../platform/detect';
import { LocalEngine } from './local/local-engine';
import { checkOptions, type SyncClientOptions } from './options';
import { StatusStore, type SyncStatus } from './status';
import { SyncDb } from './sync-db';

/** What `createSyncClient` resolves to. */
export interface SyncClient {
  /** The SDK's `db` surface, answered offline for the configured collections. */
  readonly db: SyncDb;
  /** The current sync state. */
  status(): SyncStatus;
  /** Calls `listener` on every status change; returns a function that stops it. */
  onStatus(listener: (status: SyncStatus) => void): () => void;
  /** Waits for queued local writes, then closes the local database. Data and pending writes stay stored. */
  close(): Promise<void>;
}

/**
 * Opens the offline cache for the configured collections and returns a client whose `db` answers
 * them locally. Resolves once the cache is loaded; it never waits for the network.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` for bad options; `STORAGE_FAILED` when storage cannot be opened
 * @example
 * const client = await createSyncClient({ mpServerless, collections: { todos: {} } });
 * await client.db.collection('todos').insertOne({ title: 'buy milk' });
 */
export async function createSyncClient(options: SyncClientOptions): Promise<SyncClient> {
  checkOptions(options);
  const platform = options.platform ?? detectPlatform();
  const storage = options.storage ?? platform.defaultStorage();
  const spaceId = options.mpServerless.options?.spaceId ?? 'default-space';
  let engine: LocalEngine;
  try {
    engine = await LocalEngine.open({
      backend: storage,
      partition: `${spaceId}/device`,
      now: options.now ?? systemNow,
      random: options.random ?? systemRandom,
    });
  } catch (error) {
    if (error instanceof MpsyncError) throw error;
    throw new MpsyncError('STORAGE_FAILED', `could not open the local cache: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const status = new StatusStore({
    online: platform.isOnline(),
    authorized: Boolean(options.mpServerless.user?.accessToken),
    syncing: false,
    pendingWrites: engine.pendingDocuments(),
    lastSyncedAt: null,
    lastError: null,
  });
  const stopPending = engine.onChange(() => status.update({ pendingWrites: engine.pendingDocuments() }));
  const stopNetwork = platform.onNetworkChange((online) => status.update({ online }));
  let closed: Promise<void> | undefined;
  return {
    db: new SyncDb(engine, options.mpServerless, new Set(Object.keys(options.collections))),
    status: () => status.get(),
    onStatus: (listener) => status.subscribe(listener),
    close: () => {
      closed ??= (async () => {
        stopPending();
        stopNetwork();
        await engine.close();
      })();
      return closed;
    },
  };
}
