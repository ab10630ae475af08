import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/index';
import { createEmulator, type Emulator } from '../../src/emulator';
import { memoryPlatform } from '../../src/testing';
import { anonymousSdk, newSdk, rejectionOf, type Sdk } from '../helpers/sdk';

describe('a collection that is not synced, right after createSyncClient', () => {
  let emulator: Emulator;
  let reader: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    reader = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it("waits for mpsync's own authorization instead of failing as unauthorized", async () => {
    const mp = newSdk(emulator);
    const client = await createSyncClient({ mpServerless: mp, platform: memoryPlatform(), collections: { todos: {} } });
    const notes = client.db.collection('notSynced');
    // Both calls start before any authorization could have finished.
    const [inserted, found] = await Promise.all([notes.insertOne({ _id: 'n1', text: 'first call' }), notes.find({})]);
    expect(inserted).toMatchObject({ success: true, affectedDocs: 1 });
    expect(found).toMatchObject({ success: true });
    expect(client.status().authorized).toBe(true);
    expect((await reader.db.collection('notSynced').findOne({ _id: 'n1' })).result).toEqual({ _id: 'n1', text: 'first call' });
    await client.close();
  });

  it('waits for a transaction too', async () => {
    const client = await createSyncClient({ mpServerless: newSdk(emulator), platform: memoryPlatform(), collections: { todos: {} } });
    const transaction = (await client.db.startTransaction()) as { commit?: unknown } | null;
    expect(transaction).toBeTypeOf('object');
    expect(client.status().authorized).toBe(true);
    await client.close();
  });

  it("rejects with mpsync's code when its authorization fails, and sends nothing", async () => {
    const mp = newSdk(emulator, {}, { clientSecret: 'not-the-secret' });
    const client = await createSyncClient({ mpServerless: mp, platform: memoryPlatform(), collections: { todos: {} } });
    const error = await rejectionOf(() => client.db.collection('notSynced').insertOne({ _id: 'refused' }));
    expect(error.name).toBe('MpsyncError');
    // A bad signature is not an authorization answer, so it is classified as the service being unusable.
    expect(error.code).toBe('UNAVAILABLE');
    expect(String(error.message)).toContain('InvalidSignature');
    expect((await reader.db.collection('notSynced').findOne({ _id: 'refused' })).result).toBeNull();
    await client.close();
  });

  it('does not authorize again when the app already did', async () => {
    const mp = await anonymousSdk(emulator);
    let authorizations = 0;
    const authorize = mp.user.authorize.bind(mp.user) as (auth: unknown) => Promise<unknown>;
    mp.user.authorize = (auth: unknown) => {
      authorizations++;
      return authorize(auth);
    };
    const client = await createSyncClient({ mpServerless: mp, platform: memoryPlatform(), collections: { todos: {} } });
    await client.db.collection('notSynced').insertOne({ _id: 'n2' });
    expect(authorizations).toBe(0);
    await client.close();
  });

  it('offline, passes the call to the SDK at once (the SDK gives its own error)', async () => {
    const platform = memoryPlatform({ online: false });
    const mp = newSdk(emulator);
    const client = await createSyncClient({ mpServerless: mp, platform, collections: { todos: {} } });
    let authorizations = 0;
    const authorize = mp.user.authorize.bind(mp.user) as (auth: unknown) => Promise<unknown>;
    mp.user.authorize = (auth: unknown) => {
      authorizations++;
      return authorize(auth);
    };
    const error = await rejectionOf(() => client.db.collection('notSynced').insertOne({ _id: 'n3' }));
    expect(error.name).not.toBe('MpsyncError');
    expect(authorizations).toBe(0);
    await client.close();
  });
});
