import type { LiveSource } from '../live/live-query';
import type { MpServerlessLike } from '../sdk/sdk-types';
import { onlineCollection, syncedCollection, type SyncedCollection } from './synced-collection';

/**
 * `client.db`: the same surface as the SDK's `mpServerless.db`. Collections configured as synced
 * are answered locally; any other collection, and transactions, go straight to the SDK.
 */
export class SyncDb {
  readonly #source: LiveSource;
  readonly #mp: MpServerlessLike;
  readonly #synced: ReadonlySet<string>;
  readonly #authorized: () => Promise<void>;
  readonly #collections = new Map<string, SyncedCollection>();

  /**
   * @param source - the current partition's cache and its changes (it changes when a user signs in or out)
   * @param authorized - settles once mpsync's own authorization did: calls that go straight to the SDK wait for it
   */
  constructor(source: LiveSource, mp: MpServerlessLike, synced: ReadonlySet<string>, authorized: () => Promise<void>) {
    this.#source = source;
    this.#mp = mp;
    this.#synced = synced;
    this.#authorized = authorized;
  }

  /**
   * The collection `name`: offline-capable when it is configured in `collections`, otherwise the
   * SDK's own calls, unchanged once mpsync's authorization finished (and a `watch` that refuses
   * with `INVALID_ARGUMENT`).
   *
   * @example
   * await client.db.collection('todos').find({ done: false }, { sort: { createdAt: -1 }, limit: 20 });
   */
  collection(name: string): SyncedCollection {
    let collection = this.#collections.get(name);
    if (!collection) {
      collection = this.#synced.has(name) ? syncedCollection(this.#source, name) : onlineCollection(this.#mp.db.collection(name), name, this.#authorized);
      this.#collections.set(name, collection);
    }
    return collection;
  }

  /** The SDK's transaction, online only (a transaction cannot wait in a queue). */
  async startTransaction(): Promise<unknown> {
    if (!this.#mp.db.startTransaction) throw new TypeError('this MPServerless instance has no db.startTransaction');
    await this.#authorized();
    return this.#mp.db.startTransaction();
  }
}
