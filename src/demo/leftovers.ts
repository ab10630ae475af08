import { MpsyncError, type SyncClient } from '../browser';
import { TAB_DATABASE } from './device';

/** What {@link adoptLeftovers} needs of the browser. */
export interface LeftoverBrowser {
  readonly indexedDB: Pick<IDBFactory, 'databases' | 'deleteDatabase'>;
  /** Whether the demo is online (the switch and the browser). */
  online(): boolean;
  /** How long to wait for the pushed writes to be confirmed, ms; default 10 000. */
  readonly waitMs?: number;
}

/**
 * Empties the databases earlier versions of the demo left behind, one per tab: each is opened on
 * its own (not shared), its pending writes pushed, and once the server has them all it is deleted.
 * One still held by an old tab (`STORAGE_IN_USE`), or with writes that cannot be pushed now
 * (offline, a failing server), is kept for the next start. Returns the names deleted.
 *
 * @example fragment
 * await adoptLeftovers({ indexedDB, online: () => navigator.onLine }, (name) => createSyncClient({ ...options, platform: web(window, { databaseName: name, shareTabs: false }) }));
 */
export async function adoptLeftovers(browser: LeftoverBrowser, open: (databaseName: string) => Promise<SyncClient>): Promise<string[]> {
  // Firefox before 126 cannot list databases: there is nothing to find there.
  if (typeof browser.indexedDB.databases !== 'function') return [];
  const names = (await browser.indexedDB.databases()).flatMap((d) => (d.name !== undefined && TAB_DATABASE.test(d.name) ? [d.name] : []));
  const deleted: string[] = [];
  for (const name of names) {
    if (!browser.online()) break;
    let client: SyncClient;
    try {
      client = await open(name);
    } catch (error) {
      if (error instanceof MpsyncError && error.code === 'STORAGE_IN_USE') continue;
      throw error;
    }
    let pushed = false;
    try {
      await client.syncNow();
      // A pushed write is cleared a moment after the round that pushed it.
      pushed = await settled(client, browser.waitMs ?? 10_000);
    } catch {
      // Not now: the writes stay in that database until a later start pushes them.
    } finally {
      await client.close();
    }
    if (pushed) {
      await deleteDatabase(browser.indexedDB, name);
      deleted.push(name);
    }
  }
  return deleted;
}

// Whether every pending write of `client` is confirmed within `ms`.
function settled(client: SyncClient, ms: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), ms);
    client.waitForPendingWrites().then(
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function deleteDatabase(indexedDB: Pick<IDBFactory, 'deleteDatabase'>, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete the database ${name}`));
  });
}
