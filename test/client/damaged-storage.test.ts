import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/index';
import { seededRandom } from '../../src/core/random';
import { createEmulator, type Emulator } from '../../src/emulator';
import { dexieStorage, fileStorage, kvStorage, memoryStorage, type StorageBackend } from '../../src/store';
import { memoryKv } from '../helpers/memory-kv';
import { manualScheduler, memoryPlatform } from '../../src/testing';
import { newSdk } from '../helpers/sdk';

const dirs: string[] = [];
let dexies = 0;
const BACKENDS: Array<[string, () => Promise<() => StorageBackend>]> = [
  [
    'memory',
    () => {
      const storage = memoryStorage();
      return Promise.resolve(() => storage);
    },
  ],
  [
    'file',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'mpsync-damaged-'));
      dirs.push(dir);
      return () => fileStorage({ dir });
    },
  ],
  [
    'indexeddb',
    () => {
      const databaseName = `mpsync-damaged-${++dexies}`;
      return Promise.resolve(() => dexieStorage({ indexedDB, IDBKeyRange, databaseName }));
    },
  ],
  [
    'kv',
    () => {
      const port = memoryKv({ maxValueBytes: 200 * 1024, quotaBytes: 10 * 1024 * 1024 });
      return Promise.resolve(() => kvStorage(port, { maxValueBytes: 200 * 1024, quotaBytes: 10 * 1024 * 1024 }));
    },
  ],
];

describe.each(BACKENDS)('a damaged client cache on %s storage', (_name, makePlace) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator.stop();
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  const open = (storage: StorageBackend, online = true) =>
    createSyncClient({
      mpServerless: newSdk(emulator),
      platform: memoryPlatform({ online }),
      storage,
      collections: { todos: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
      random: seededRandom(++dexies * 31),
    });

  /** A place holding synced documents and one unconfirmed write; returns it and the docs namespace. */
  const synced = async () => {
    const place = await makePlace();
    const client = await open(place());
    const todos = client.db.collection('todos');
    await todos.insertOne({ title: 'synced' });
    await client.syncNow();
    await client.waitForPendingWrites();
    await client.close();
    const offline = await open(place(), false);
    await offline.db.collection('todos').insertOne({ title: 'not confirmed yet' });
    await offline.close();
    const backend = place();
    const docs = (await backend.namespaces()).find((ns) => ns.endsWith('/docs/0'))!;
    expect(docs).toBeDefined();
    return { place, backend, docs };
  };

  it('opens with STORAGE_CORRUPT, not as an empty cache, when its documents were deleted beside a replication state', async () => {
    const { place, backend, docs } = await synced();
    await backend.drop(docs);
    await backend.close();
    await expect(open(place())).rejects.toMatchObject({ code: 'STORAGE_CORRUPT', message: expect.stringContaining('knows 1 synced documents') });
    // Refused again, and nothing was written meanwhile: the damage stays visible.
    await expect(open(place())).rejects.toMatchObject({ code: 'STORAGE_CORRUPT' });
  });

  it('opens with STORAGE_CORRUPT when a cached row lost its document (doc: null)', async () => {
    const { place, backend, docs } = await synced();
    const rows = await backend.load(docs);
    const row = rows.find((r) => (r.value.doc as { title?: string }).title === 'synced');
    await backend.commit(docs, { puts: [{ key: row!.key, value: { ...row!.value, doc: null } }], deletes: [] });
    await backend.close();
    await expect(open(place())).rejects.toMatchObject({ code: 'STORAGE_CORRUPT', message: expect.stringContaining('is damaged') });
    // The other rows are still stored, untouched.
    const after = place();
    expect((await after.load(docs)).length).toBe(rows.length);
    await after.close();
  });
});
