import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../src/index';
import { seededRandom } from '../../src/core/random';
import { createEmulator, type Emulator } from '../../src/emulator';
import { manualScheduler, memoryPlatform, memoryStorage } from '../../src/testing';
import { anonymousSdk, newSdk, type Sdk } from '../helpers/sdk';

const functionsDir = fileURLToPath(new URL('../fixtures/functions', import.meta.url));

describe('writers that know nothing of mpsync (cloud functions, the console)', () => {
  let emulator: Emulator;
  let admin: Sdk;
  let client: SyncClient;
  const scheduler = manualScheduler();
  const SWEEP = 10 * 60_000;
  const local = async () => JSON.parse(JSON.stringify((await client.db.collection('todos').find({}, { sort: { _id: 1 } })).result));
  const adminWrite = (args: Record<string, unknown>) => admin.function.invoke('adminWrite', { collection: 'todos', ...args });

  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, functionsDir });
    admin = await anonymousSdk(emulator);
    client = await createSyncClient({
      mpServerless: newSdk(emulator),
      platform: memoryPlatform(),
      storage: memoryStorage(),
      collections: { todos: {} },
      sync: { scheduler, pollIntervalMs: 0, sweepIntervalMs: SWEEP },
      random: seededRandom(7),
    });
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  it('are found by the sweep: inserts and updates without _mt/_v, and real deletions', async () => {
    await adminWrite({ op: 'insert', doc: { _id: 'a', title: 'from a function' } });
    await client.syncNow();
    expect(await local()).toEqual([{ _id: 'a', title: 'from a function' }]);

    await adminWrite({ op: 'insert', doc: { _id: 'b', title: 'second' } });
    await adminWrite({ op: 'update', id: 'a', set: { title: 'edited in the console' } });
    // Without _mt the cursor walks such documents by _id: it finds the new 'b', but cannot see that
    // 'a' changed; the next sweep, one interval later, does.
    await client.syncNow();
    expect(await local()).toEqual([
      { _id: 'a', title: 'from a function' },
      { _id: 'b', title: 'second' },
    ]);
    await scheduler.advance(SWEEP);
    await client.syncNow();
    expect(await local()).toEqual([
      { _id: 'a', title: 'edited in the console' },
      { _id: 'b', title: 'second' },
    ]);

    await adminWrite({ op: 'delete', id: 'b' });
    await scheduler.advance(SWEEP);
    await client.syncNow();
    expect(await local()).toEqual([{ _id: 'a', title: 'edited in the console' }]);
  });

  it('a local edit of such a document is pushed with compare-and-set on its missing _v', async () => {
    const todos = client.db.collection('todos');
    await todos.updateOne({ _id: 'a' }, { $set: { done: true } });
    await client.syncNow();
    await client.waitForPendingWrites();
    const { result } = await admin.db.collection('todos').findOne({ _id: 'a' });
    expect(result).toMatchObject({ _id: 'a', title: 'edited in the console', done: true });
    expect(typeof result._v).toBe('string');
  });
});
