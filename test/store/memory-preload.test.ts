import { createRxDatabase, fillWithDefaultSettings, normalizeMangoQuery, prepareQuery, type RxDatabase, type RxJsonSchema, type RxStorageInstance } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/store';
import { closeMemoryInstance, memoryInstanceRows, preloadMemoryInstance } from '../../src/store/memory-preload';
import { compactIndexSchema, INDEX_KEY_LENGTH } from '../../src/store/compact-index-schema';
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
  // Longer than the index keys pad to, as a cached row's key is.
  properties: { id: { type: 'string', maxLength: 1000 }, n: { type: 'number' } },
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
    // Keys around and past the padded length, sharing long prefixes, in one write (one lwt).
    const long = (n: number): string => `${'k'.repeat(INDEX_KEY_LENGTH - 4)}${'0'.repeat(n)}`;
    await items.bulkInsert([1, 10, 5, 4, 3].map((n) => ({ id: long(n), n: -n })));
    await items
      .findOne('i7')
      .exec()
      .then((doc) => doc?.incrementalPatch({ n: 100 }));
    await items
      .findOne('i14')
      .exec()
      .then((doc) => doc?.remove());
    const before = await byLwt(first);
    // In (lwt, id) order, the order the replication's checkpoint relies on.
    const rows = memoryInstanceRows(durable(first))!;
    rows.sort((a, b) => a._meta.lwt - b._meta.lwt || (a.id < b.id ? -1 : 1));
    expect(before).toEqual(rows.map((d) => `${d.id}:${d.n}:${d._deleted}`));
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
    expect(after).toHaveLength(36);
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

describe('the schema the memory storage indexes by', () => {
  it('pads the primary key less when it is the last field of every index, and keeps other schemas', () => {
    const filled = fillWithDefaultSettings(SCHEMA);
    const compact = compactIndexSchema(filled);
    expect((compact.properties.id as { maxLength?: number }).maxLength).toBe(INDEX_KEY_LENGTH);
    expect((filled.properties.id as { maxLength?: number }).maxLength).toBe(1000);
    expect(compact.indexes).toEqual(filled.indexes);
    const leading = { ...filled, indexes: [...(filled.indexes ?? []), ['id', 'n']] };
    expect(compactIndexSchema(leading)).toBe(leading);
    const short = fillWithDefaultSettings({ ...SCHEMA, properties: { ...SCHEMA.properties, id: { type: 'string', maxLength: INDEX_KEY_LENGTH } } });
    expect(compactIndexSchema(short)).toBe(short);
  });
});
