import { createRxDatabase, fillWithDefaultSettings, normalizeMangoQuery, prepareQuery, type RxDatabase, type RxJsonSchema, type RxStorageInstance } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/store';
import { closeMemoryInstance, memoryInstanceRows, preloadMemoryInstance } from '../../src/store/memory-preload';
import { persistentStorage } from '../../src/store/persistent-storage';
import type { StorageBackend } from '../../src/store/backend';

interface Item {
  id: string;
  n: number;
}

const SCHEMA: RxJsonSchema<Item> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id: { type: 'string', maxLength: 40 }, n: { type: 'number' } },
  required: ['id', 'n'],
};

async function open(backend: StorageBackend): Promise<RxDatabase> {
  // One name: a restart opens the same namespaces of the backend.
  const db = await createRxDatabase({ name: 'preload', storage: persistentStorage(backend), multiInstance: false, eventReduce: false });
  await db.addCollections({ items: { schema: SCHEMA } });
  return db;
}

function durable(db: RxDatabase): RxStorageInstance<Item, unknown, unknown> {
  const items = db.collections['items'];
  if (items === undefined) throw new Error('no items collection');
  return (items.storageInstance as unknown as { originalStorageInstance: RxStorageInstance<Item, unknown, unknown> }).originalStorageInstance;
}

// Every row by `_meta.lwt`, through the storage's index (the query the replication's push runs).
async function byLwt(db: RxDatabase): Promise<string[]> {
  const items = db.collections['items'];
  if (items === undefined) throw new Error('no items collection');
  const schema = items.schema.jsonSchema;
  const query = normalizeMangoQuery(schema, { selector: { _deleted: { $in: [true, false] } }, sort: [{ '_meta.lwt': 'asc' }, { id: 'asc' }] as never });
  const result = await items.storageInstance.query(prepareQuery(schema, query));
  return result.documents.map((d) => `${d.id}:${d.n}:${d._deleted}`);
}

describe('preloading stored rows into the memory storage', () => {
  it('reopens with the same rows, queries them by index in the same order, and keeps writing', async () => {
    const backend = memoryStorage();
    const first = await open(backend);
    const items = first.collections['items']!;
    for (let i = 0; i < 30; i++) await items.insert({ id: `i${(i * 7) % 30}`, n: i });
    await items
      .findOne('i7')
      .exec()
      .then((doc) => doc?.incrementalPatch({ n: 100 }));
    await items
      .findOne('i14')
      .exec()
      .then((doc) => doc?.remove());
    const before = await byLwt(first);
    await first.close();

    const second = await open(backend);
    // Read before any query: the rows are there although the indexes are not built yet.
    const direct = memoryInstanceRows(durable(second))!.map((d) => `${d.id}:${d.n}:${d._deleted}`);
    expect(direct.sort()).toEqual([...before].sort());
    expect(await byLwt(second)).toEqual(before);
    const again = second.collections['items']!;
    expect((await again.findByIds(['i7', 'i14']).exec()).get('i7')?.n).toBe(100);
    await again.insert({ id: 'new', n: 1 });
    await again
      .findOne('i3')
      .exec()
      .then((doc) => doc?.incrementalPatch({ n: -1 }));
    const after = await byLwt(second);
    expect(after).toHaveLength(31);
    expect(after.slice(-2)).toEqual(['new:1:false', 'i3:-1:false']);
    await second.close();

    // A third open sees the writes made after the preload, in the same order.
    const third = await open(backend);
    expect(await byLwt(third)).toEqual(after);
    await third.close();
  });

  it('declines an instance that is not an empty memory-storage instance, so the caller writes instead', async () => {
    const storage = getRxStorageMemory();
    const instance = await storage.createStorageInstance<Item>({
      databaseName: 'declined',
      collectionName: 'items',
      schema: fillWithDefaultSettings(SCHEMA),
      options: {},
      multiInstance: false,
      devMode: false,
      databaseInstanceToken: 'declined',
    });
    const row = { id: 'a', n: 1, _deleted: false, _attachments: {}, _rev: '1-a', _meta: { lwt: 1 } };
    expect(preloadMemoryInstance(instance as never, 'id', [row])).toBe(true);
    // Not empty any more: a second preload would mix two states.
    expect(preloadMemoryInstance(instance as never, 'id', [row])).toBe(false);
    // Closing leaves the index build pending for the next opener of the state instead of doing it now.
    const internals = instance.internals;
    await closeMemoryInstance(instance as never);
    expect(internals.byIndexArray.every((index) => index.docsWithIndex.length === 0)).toBe(true);
    expect(internals.ensurePersistenceTask?.bulkInsertDocs).toHaveLength(1);
    const foreign = { ...instance, internals: {} } as unknown as RxStorageInstance<Item, unknown, unknown>;
    expect(preloadMemoryInstance(foreign, 'id', [row])).toBe(false);
    expect(memoryInstanceRows(foreign)).toBeUndefined();
  });
});
