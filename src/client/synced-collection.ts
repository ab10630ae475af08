import { MpsyncError } from '../core/errors';
import { reviveDates } from '../core/wire';
import { commandParams } from '../sdk/commands';
import { liveQuery, type LiveSource, type WatchSnapshot } from '../live/live-query';
import type { LiveObservable } from '../live/observable';
import { COLLECTION_COMMANDS, type CollectionCommand } from '../sdk/commands';
import { validateCollectionCall } from '../sdk/validation';
import type { SdkAnswer, SdkCollection } from '../sdk/sdk-types';

/**
 * A collection kept offline: the official SDK's 15 calls with its argument lists, options, result
 * shapes and errors, answered from the local cache. Writes apply at once and are queued for the
 * cloud. Arguments are validated as the SDK validates them (`ValidationFailed`, same messages),
 * brought to wire form (dates → ISO strings, RegExp → `{}`) and evaluated with the server's
 * semantics; answers revive dates exactly where the SDK would.
 */
export type SyncedCollection = { readonly [K in CollectionCommand]: (...args: unknown[]) => Promise<SdkAnswer> } & {
  readonly name: string;
  /**
   * A live `find(query, options)`: an Observable of `{ docs, fromCache, hasPendingWrites }`
   * snapshots (subscribe with a function or an observer; RxJS `from()` accepts it).
   */
  watch(query?: unknown, options?: unknown): LiveObservable<WatchSnapshot>;
};

/**
 * Builds the local collection facade for `name`.
 *
 * @example fragment
 * const todos = syncedCollection(source, 'todos');
 * await todos.insertOne({ title: 'buy milk' }); // { success: true, affectedDocs: 1, insertedId, result: { insertedId } }
 */
export function syncedCollection(source: LiveSource, name: string): SyncedCollection {
  const collection: Record<string, unknown> = { name, watch: (...args: unknown[]) => liveQuery(source, name, args) };
  for (const op of COLLECTION_COMMANDS) {
    collection[op] = async (...args: unknown[]): Promise<SdkAnswer> => {
      validateCollectionCall(op, args);
      const answer = await (await source.engine()).execute(name, op, commandParams(op, args));
      return { success: true, ...(reviveDates(answer) as Record<string, unknown>) };
    };
  }
  return collection as SyncedCollection;
}

/**
 * A collection that is not configured for sync: the SDK's own 15 calls, passed through unchanged
 * (online only). Each call first waits for `authorized` (mpsync's own authorization, started by
 * `createSyncClient`), so a call made right after opening the client is not refused as
 * unauthorized; a failed authorization rejects the call with its code. `watch` refuses with
 * `INVALID_ARGUMENT`: there is no cache to watch.
 *
 * @example
 * const notes = onlineCollection(mpServerless.db.collection('notes'), 'notes', () => Promise.resolve());
 */
export function onlineCollection(sdkCollection: object, name: string, authorized: () => Promise<void>): SyncedCollection {
  const sdk = sdkCollection as SdkCollection;
  const collection: Record<string, unknown> = {
    name,
    watch: () => {
      throw new MpsyncError('INVALID_ARGUMENT', `collection ${name} is not synced, so it cannot be watched: add it to options.collections`);
    },
  };
  for (const op of COLLECTION_COMMANDS) {
    collection[op] = async (...args: unknown[]): Promise<SdkAnswer> => {
      const call = sdk[op];
      if (!call) throw new TypeError(`the SDK's collection has no ${op}()`);
      await authorized();
      return call.apply(sdk, args);
    };
  }
  return collection as SyncedCollection;
}
