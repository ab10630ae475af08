import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../src/index';
import type { SyncStatus } from '../../src/model/status';
import { MpsyncError } from '../../src/core/errors';
import { createEmulator, type Emulator } from '../../src/emulator';
import { memoryPlatform, memoryStorage } from '../../src/testing';
import { anonymousSdk, newSdk, rejectionOf, type Sdk } from '../helpers/sdk';
import type { SyncedCollection } from '../../src/client/synced-collection';

describe('a synced collection offline', () => {
  let emulator: Emulator;
  let online: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    online = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  async function open(platform = memoryPlatform({ online: false }), mp: Sdk = newSdk(emulator)): Promise<{ client: SyncClient; todos: SyncedCollection }> {
    const client = await createSyncClient({ mpServerless: mp, platform, collections: { todos: {} }, now: () => Date.UTC(2026, 5, 1) });
    return { client, todos: client.db.collection('todos') };
  }

  it('answers with the SDK result shapes, revives dates, and hides nothing of its bookkeeping', async () => {
    const { client, todos } = await open();
    const at = new Date('2024-01-02T03:04:05.678Z');
    const inserted = await todos.insertOne({ title: 'buy milk', at, done: false });
    expect(inserted).toEqual({ success: true, affectedDocs: 1, insertedId: inserted.insertedId, result: { insertedId: inserted.insertedId } });
    expect(inserted.insertedId).toMatch(/^[0-9a-f]{24}$/);
    const found = await todos.findOne({ at: { $gte: new Date('2024-01-01T00:00:00.000Z') } });
    expect(found).toEqual({ success: true, affectedDocs: 1, result: { _id: inserted.insertedId, title: 'buy milk', at, done: false } });
    expect((found.result as { at: unknown }).at).toBeInstanceOf(Date);
    await client.close();
  });

  it('returns copies: changing a result does not change the cache', async () => {
    const { client, todos } = await open();
    await todos.insertOne({ _id: 'x', tags: ['a'] });
    const { result } = await todos.findOne({ _id: 'x' });
    (result as { tags: string[] }).tags.push('mutated');
    expect((await todos.findOne({ _id: 'x' })).result).toEqual({ _id: 'x', tags: ['a'] });
    await client.close();
  });

  it('keeps data and pending writes across a restart on the same storage', async () => {
    const platform = memoryPlatform({ online: false });
    const first = await open(platform);
    await first.todos.insertMany([
      { _id: 1, n: 1 },
      { _id: 2, n: 2 },
      { _id: 3, n: 3 },
    ]);
    await first.todos.updateOne({ _id: 1 }, { $inc: { n: 10 } });
    await first.todos.deleteOne({ _id: 2 });
    expect(first.client.status().pendingWrites).toBe(3);
    await first.client.close();

    const second = await open(platform);
    expect((await second.todos.find({})).result).toEqual([
      { _id: 1, n: 11 },
      { _id: 3, n: 3 },
    ]);
    expect(second.client.status().pendingWrites).toBe(3);
    await second.client.close();
  });

  it('reports pending writes through status() and onStatus()', async () => {
    const { client, todos } = await open();
    const seen: SyncStatus[] = [];
    const stop = client.onStatus((s) => seen.push(s));
    await todos.insertOne({ _id: 'a' });
    await todos.insertOne({ _id: 'b' });
    await todos.updateOne({ _id: 'a' }, { $set: { x: 1 } });
    stop();
    await todos.insertOne({ _id: 'c' });
    // Other fields may change too; pendingWrites went 1, 2.
    expect(seen.map((s) => s.pendingWrites).filter((n, i, all) => i === 0 || n !== all[i - 1])).toEqual([1, 2]);
    // No network is a state, not an error.
    expect(client.status()).toMatchObject({
      pendingWrites: 3,
      online: false,
      network: 'offline',
      paused: false,
      syncing: false,
      lastSyncedAt: null,
      lastError: null,
    });
    await client.close();
  });

  it('serializes concurrent writes in call order', async () => {
    const { client, todos } = await open();
    await Promise.all(Array.from({ length: 30 }, (_, i) => todos.insertOne({ _id: i })));
    await Promise.all(Array.from({ length: 30 }, () => todos.updateOne({ _id: 0 }, { $inc: { n: 1 } })));
    expect((await todos.count({})).result).toBe(30);
    expect((await todos.findOne({ _id: 0 })).result).toEqual({ _id: 0, n: 30 });
    expect(((await todos.find({}, { projection: { _id: 1 } })).result as Array<{ _id: number }>).map((d) => d._id)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
    await client.close();
  });

  it('fails like the SDK: ValidationFailed before anything, server codes for bad operators, nothing applied', async () => {
    const { client, todos } = await open();
    await todos.insertOne({ _id: 'keep', n: 1 });
    const validation = await rejectionOf(() => todos.count());
    const sdkValidation = await rejectionOf(() => online.db.collection('todos').count());
    expect({ code: validation.code, message: validation.message }).toEqual({ code: sdkValidation.code, message: sdkValidation.message });
    expect((await rejectionOf(() => todos.updateOne({ _id: 'keep' }, { $inc: { n: 'x' } }))).code).toBe('BadValue');
    expect((await rejectionOf(() => todos.find({ n: { $nope: 1 } }))).code).toBe('InvalidOperator');
    expect((await rejectionOf(() => todos.insertOne({ _id: 'keep' }))).code).toBe('DuplicateKey');
    expect((await todos.find({})).result).toEqual([{ _id: 'keep', n: 1 }]);
    await client.close();
  });

  it('sends other collections straight to the SDK', async () => {
    const client = await createSyncClient({ mpServerless: online, platform: memoryPlatform(), collections: { todos: {} } });
    const notes = client.db.collection('notes');
    await notes.insertOne({ _id: 'n1', text: 'on the server' });
    expect((await online.db.collection('notes').findOne({ _id: 'n1' })).result).toEqual({ _id: 'n1', text: 'on the server' });
    expect(() => client.db.collection('notes').watch({})).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    await client.close();
  });

  it('refuses bad options with INVALID_ARGUMENT', async () => {
    const bad = [
      {},
      { mpServerless: {}, collections: {} },
      { mpServerless: online, collections: { 'a|b': {} } },
      { mpServerless: online, collections: { todos: { filter: 'x' } } },
      { mpServerless: online, collections: { todos: { conflict: 'last-write-wins' } } },
      { mpServerless: online, collections: { todos: {} }, storage: {} },
      { mpServerless: online, collections: { todos: {} }, sync: { pullBatchSize: 0 } },
      { mpServerless: online, collections: { todos: {} }, sync: { pushBatchSize: 2.5 } },
    ];
    for (const options of bad) {
      const error = await rejectionOf(() => createSyncClient(options as never));
      expect(error).toBeInstanceOf(MpsyncError);
      expect(error.code).toBe('INVALID_ARGUMENT');
    }
  });

  it('keeps the storage it was given: two clients on one memoryStorage see the same cache in turn', async () => {
    const storage = memoryStorage();
    const a = await createSyncClient({ mpServerless: newSdk(emulator), platform: memoryPlatform(), storage, collections: { todos: {} } });
    await a.db.collection('todos').insertOne({ _id: 'shared' });
    await a.close();
    const b = await createSyncClient({ mpServerless: newSdk(emulator), platform: memoryPlatform(), storage, collections: { todos: {} } });
    expect((await b.db.collection('todos').count({})).result).toBe(1);
    await b.close();
  });
});
