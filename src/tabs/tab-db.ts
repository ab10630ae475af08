import { reviveDates } from '../core/wire';
import { onlineCollection, type SyncedCollection } from '../client/synced-collection';
import type { SyncClient } from '../client/sync-client';
import type { WatchSnapshot } from '../live/live-query';
import { LiveObservable } from '../live/observable';
import { commandParams, COLLECTION_COMMANDS } from '../sdk/commands';
import type { MpServerlessLike, SdkAnswer } from '../sdk/sdk-types';
import { validateCollectionCall } from '../sdk/validation';
import type { Router } from './router';

/**
 * `client.db` of a tab that shares another tab's client: the synced collections' calls are
 * checked here as the SDK checks them, brought to wire form and run by the leading tab (through
 * `router`), and their answers revived here, so a call answers exactly as in the leading tab.
 * Collections that are not synced go to this tab's own SDK.
 *
 * @example fragment
 * const db = tabDb(router, mpServerless, new Set(['todos']), ownSdkAuthorizer(mpServerless, undefined));
 * await db.collection('todos').insertOne({ title: 'milk' });
 */
export function tabDb(router: Router, mp: MpServerlessLike, synced: ReadonlySet<string>, authorized: () => Promise<void>): SyncClient['db'] {
  const collections = new Map<string, SyncedCollection>();
  return {
    collection(name: string): SyncedCollection {
      let collection = collections.get(name);
      if (!collection) {
        collection = synced.has(name) ? tabCollection(router, name) : onlineCollection(mp.db.collection(name), name, authorized);
        collections.set(name, collection);
      }
      return collection;
    },
    startTransaction(): Promise<unknown> {
      if (!mp.db.startTransaction) return Promise.reject(new TypeError('this MPServerless instance has no db.startTransaction'));
      return mp.db.startTransaction();
    },
  };
}

function tabCollection(router: Router, name: string): SyncedCollection {
  const collection: Record<string, unknown> = {
    name,
    watch: (...args: unknown[]) => new LiveObservable<WatchSnapshot>((observer) => router.watch(name, args, observer)),
  };
  for (const command of COLLECTION_COMMANDS) {
    collection[command] = async (...args: unknown[]): Promise<SdkAnswer> => {
      validateCollectionCall(command, args);
      const answer = await router.call({ kind: 'execute', coll: name, command, params: commandParams(command, args) });
      return { success: true, ...(reviveDates(answer) as Record<string, unknown>) };
    };
  }
  return collection as SyncedCollection;
}
