import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/index';
import { MpsyncError } from '../../src/core/errors';
import { createEmulator, type Emulator } from '../../src/emulator';
import type { StorageBackend } from '../../src/store';
import { dexieStorage, fileStorage, kvStorage } from '../../src/store';
import { memoryKv } from '../helpers/memory-kv';
import { memoryPlatform, memoryStorage } from '../../src/testing';
import { newSdk, rejectionOf } from '../helpers/sdk';

const dir = mkdtempSync(join(tmpdir(), 'mpsync-client-backends-'));
let dexieCount = 0;

// Each factory returns a function that opens a backend over the same place every time (an app restart).
const BACKENDS: Array<[string, () => () => StorageBackend]> = [
  [
    'memory',
    () => {
      const storage = memoryStorage();
      return () => storage;
    },
  ],
  [
    'file',
    () => {
      const folder = mkdtempSync(join(dir, 'file-'));
      return () => fileStorage({ dir: folder });
    },
  ],
  [
    'indexeddb (Dexie)',
    () => {
      const databaseName = `mpsync-client-${++dexieCount}`;
      return () => dexieStorage({ indexedDB, IDBKeyRange, databaseName });
    },
  ],
  [
    'mini-program kv',
    () => {
      const kv = memoryKv({ maxValueBytes: 200 * 1024, quotaBytes: 10 * 1024 * 1024 });
      return () => kvStorage(kv, { maxValueBytes: 200 * 1024, quotaBytes: 10 * 1024 * 1024 });
    },
  ],
];

describe.each(BACKENDS)('a client on %s storage', (_name, place) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    emulator.setFaults({ offline: true });
  });
  afterAll(() => emulator.stop());

  it('finds its data and its pending writes again after a restart', async () => {
    const open = place();
    const start = async () => {
      const client = await createSyncClient({
        mpServerless: newSdk(emulator),
        platform: memoryPlatform({ online: false }),
        storage: open(),
        collections: { todos: {}, lists: {} },
      });
      return { client, todos: client.db.collection('todos'), lists: client.db.collection('lists') };
    };
    const first = await start();
    await first.todos.insertMany([
      { _id: 'a', title: '买牛奶', n: 1, at: new Date('2024-01-02T03:04:05.678Z') },
      { _id: 'b', n: 2 },
      { _id: 'c', n: 3 },
    ]);
    await first.todos.updateMany({ n: { $gte: 2 } }, { $inc: { n: 10 } });
    await first.todos.deleteOne({ _id: 'b' });
    await first.lists.insertOne({ _id: 'inbox', todos: ['a', 'c'] });
    const before = (await first.todos.find({})).result;
    await first.client.close();

    const second = await start();
    expect((await second.todos.find({})).result).toEqual(before);
    expect((await second.todos.findOne({ _id: 'a' })).result).toEqual({ _id: 'a', title: '买牛奶', n: 1, at: new Date('2024-01-02T03:04:05.678Z') });
    expect((await second.lists.count({})).result).toBe(1);
    expect(second.client.status().pendingWrites).toBe(4);
    // Writes go on where they stopped: the deleted _id can be inserted again, the rest updated.
    await second.todos.insertOne({ _id: 'b', again: true });
    await second.todos.updateOne({ _id: 'c' }, { $set: { done: true } });
    await second.client.close();

    const third = await start();
    expect((await third.todos.find({}, { sort: { _id: 1 } })).result).toEqual([
      { _id: 'a', title: '买牛奶', n: 1, at: new Date('2024-01-02T03:04:05.678Z') },
      { _id: 'b', again: true },
      { _id: 'c', n: 13, done: true },
    ]);
    await third.client.close();
  });
});

describe('a full mini-program store', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the write that does not fit with QUOTA_EXCEEDED and keeps every earlier write, also after a restart', async () => {
    const limits = { maxValueBytes: 8 * 1024, quotaBytes: 64 * 1024 };
    const kv = memoryKv(limits);
    const open = () =>
      createSyncClient({
        mpServerless: newSdk(emulator),
        platform: memoryPlatform({ online: false }),
        storage: kvStorage(kv, limits),
        collections: { notes: {} },
      });
    const client = await open();
    const notes = client.db.collection('notes');
    const written: number[] = [];
    let refused: unknown;
    for (let i = 0; i < 200 && !refused; i++) {
      try {
        await notes.insertOne({ _id: i, text: 'x'.repeat(1500) });
        written.push(i);
      } catch (error) {
        refused = error;
      }
    }
    expect(refused).toBeInstanceOf(MpsyncError);
    expect((refused as MpsyncError).code).toBe('QUOTA_EXCEEDED');
    expect(written.length).toBeGreaterThan(5);
    // The refused write is not visible, and the store still answers and frees space.
    expect((await notes.count({})).result).toBe(written.length);
    expect((await rejectionOf(() => notes.insertOne({ _id: 'big', text: 'x'.repeat(4000) }))).code).toBe('QUOTA_EXCEEDED');
    expect(client.status().pendingWrites).toBe(written.length);
    await client.close();

    const reopened = await open();
    const again = reopened.db.collection('notes');
    expect(((await again.find({}, { projection: { _id: 1 } })).result as Array<{ _id: number }>).map((d) => d._id)).toEqual(written);
    expect(reopened.status().pendingWrites).toBe(written.length);
    await reopened.close();
  });
});
