import { MpsyncError } from '../core/errors';
import { systemRandom } from '../core/random';
import { systemScheduler } from '../core/scheduler';
import { detectPlatform } from '../platform/detect';
import { conflictHandler } from '../replication/conflict';
import { SyncEngine } from '../replication/sync-engine';
import { LocalEngine } from './local/local-engine';
import { checkOptions, type ConflictRule, type SyncClientOptions } from './options';
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
  /**
   * Runs a sync round now and resolves when it completed (pending writes pushed, collections
   * pulled). Rejects with the round's first failure (`OFFLINE`, `UNAUTHORIZED`, …); syncing goes on.
   */
  syncNow(): Promise<void>;
  /** Resolves when the server has confirmed every local write made so far. Does not time out. */
  waitForPendingWrites(): Promise<void>;
  /** Stops syncing and closes the local database. Data and pending writes stay stored. */
  close(): Promise<void>;
}

/**
 * Opens the offline cache for the configured collections and starts syncing them with the cloud.
 * Resolves once the cache is loaded; it never waits for the network.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` for bad options; `STORAGE_FAILED` when storage cannot be opened
 * @example
 * const client = await createSyncClient({ mpServerless, collections: { todos: { filter: { listId: 'inbox' } } } });
 * await client.db.collection('todos').insertOne({ title: 'buy milk' });
 */
export async function createSyncClient(options: SyncClientOptions): Promise<SyncClient> {
  checkOptions(options);
  const platform = options.platform ?? detectPlatform();
  const storage = options.storage ?? platform.defaultStorage();
  const scheduler = options.sync?.scheduler ?? systemScheduler;
  const now = options.now ?? scheduler.now;
  const random = options.random ?? systemRandom;
  const spaceId = options.mpServerless.options?.spaceId ?? 'default-space';
  const rejected = new Set<string>();
  const ruleFor = (row: { id: string; coll: string }): ConflictRule => {
    if (rejected.delete(row.id)) return 'server-wins';
    return options.collections[row.coll]?.conflict ?? 'rebase';
  };
  let engine: LocalEngine;
  try {
    engine = await LocalEngine.open({ backend: storage, partition: `${spaceId}/device`, now, random, conflictHandler: conflictHandler({ ruleFor, now }) });
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
  const sync = new SyncEngine({
    engine, platform, status, random, scheduler,
    mp: options.mpServerless,
    collections: Object.entries(options.collections).map(([name, config]) => ({ name, filter: config.filter })),
    auth: options.auth ?? { authType: 'anonymous' },
    options: options.sync ?? {},
    markRejected: (coll, key) => rejected.add(`${coll}|${key}`),
  });
  sync.start();
  let closed: Promise<void> | undefined;
  const waiters = new Set<{ resolve: () => void; reject: (e: MpsyncError) => void }>();
  const stopWaiters = engine.onChange(() => {
    if (engine.pendingDocuments() > 0) return;
    for (const w of waiters) w.resolve();
    waiters.clear();
  });
  return {
    db: new SyncDb(engine, options.mpServerless, new Set(Object.keys(options.collections))),
    status: () => status.get(),
    onStatus: (listener) => status.subscribe(listener),
    syncNow: () => (closed ? Promise.reject(new MpsyncError('CLOSED', 'the client is closed')) : sync.syncNow()),
    waitForPendingWrites: () => {
      if (closed) return Promise.reject(new MpsyncError('CLOSED', 'the client is closed'));
      if (engine.pendingDocuments() === 0) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.add({ resolve, reject }));
    },
    close: () => {
      closed ??= (async () => {
        for (const w of waiters) w.reject(new MpsyncError('CLOSED', 'the client was closed before its writes were confirmed'));
        waiters.clear();
        stopWaiters();
        stopPending();
        await sync.close();
        await engine.close();
      })();
      return closed;
    },
  };
}
