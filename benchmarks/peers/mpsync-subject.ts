/**
 * mpsync as a peer-comparison subject, through its public API only: `createSyncClient` offline
 * over a storage backend, and the SDK-shaped `db` (`insertMany`, `find`, `count`, `insertOne`,
 * `updateOne`, `watch`). Shared by the Node run and the Chromium page.
 */
import { createSyncClient, type StorageBackend, type SyncClient } from '../../src/browser';
import { memoryPlatform } from '../../src/testing/memory-platform';
import type { BackendKind, OpenStore, PeerSubject } from './subject';
import { countedTag, pageQuery, QUERY_LIMIT, QUERY_SORT, type PeerTodo } from './workload';

type Collection = Record<string, (...args: unknown[]) => Promise<{ result: unknown }>> & {
  watch(query: unknown, options: unknown): { subscribe(next: (snapshot: { docs: ReadonlyArray<{ _id: unknown }> }) => void): { unsubscribe(): void } };
};

/** Where an mpsync subject keeps its data: a backend for each open, and how to wipe it. */
export interface MpsyncPlace {
  readonly kind: BackendKind;
  /** The backend for the next open (the same data every time until `destroy`). */
  storage(): StorageBackend;
  destroy(): Promise<void>;
}

// The client never goes online here: the figures are about the local cache, so the SDK is a stub.
const OFFLINE_SDK = { options: { spaceId: 'peers-bench' }, db: { collection: () => ({}) } };

async function open(place: MpsyncPlace): Promise<{ store: OpenStore; todos: Collection }> {
  const client: SyncClient = await createSyncClient({
    mpServerless: OFFLINE_SDK,
    platform: memoryPlatform({ online: false }),
    storage: place.storage(),
    collections: { todos: {} },
  });
  const todos = client.db.collection('todos') as unknown as Collection;
  const ids = (docs: ReadonlyArray<{ _id: unknown }>) => docs.map((doc) => String(doc._id));
  const store: OpenStore = {
    page: async (k) => ids((await todos.find!(pageQuery(k), { sort: QUERY_SORT, limit: QUERY_LIMIT })).result as Array<{ _id: unknown }>),
    countTag: async (k) => (await todos.count!({ tags: countedTag(k) })).result as number,
    insert: async (todo) => {
      await todos.insertOne!(todo);
    },
    update: async (id, title) => {
      await todos.updateOne!({ _id: id }, { $set: { title } });
    },
    watchPage: (onPage) => {
      const sub = todos.watch(pageQuery(0), { sort: QUERY_SORT, limit: QUERY_LIMIT }).subscribe((snapshot) => onPage(ids(snapshot.docs)));
      return () => sub.unsubscribe();
    },
    close: () => client.close(),
  };
  return { store, todos };
}

/**
 * mpsync over one place. Bulk load is `insertMany` in batches of 1,000 (each batch durable before
 * the next), then the query once.
 */
export function mpsyncSubject(label: string, place: MpsyncPlace): PeerSubject {
  return {
    label,
    kind: place.kind,
    reference: true,
    note: 'writes resolve once committed to the backend; live answer = db.collection().watch() snapshot',
    async load(todos: readonly PeerTodo[]) {
      const { store, todos: collection } = await open(place);
      for (let i = 0; i < todos.length; i += 1000) await collection.insertMany!(todos.slice(i, i + 1000));
      await store.page(0);
      return store;
    },
    reopen: async () => {
      const { store } = await open(place);
      await store.page(0);
      return store;
    },
    destroy: () => place.destroy(),
  };
}
