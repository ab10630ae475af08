import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../src/index';
import { seededRandom } from '../../src/core/random';
import { createEmulator, type Emulator } from '../../src/emulator';
import { manualScheduler, memoryPlatform, memoryStorage } from '../../src/testing';
import { anonymousSdk, newSdk, type Sdk } from '../helpers/sdk';

const ALIPAY = { authProvider: 'alipay_openapi' };

describe('identity: the cache and the queue belong to a partition', () => {
  let emulator: Emulator;
  let admin: Sdk;
  const storage = memoryStorage();
  const platform = memoryPlatform({ online: false });
  let seed = 1;
  const open = () =>
    createSyncClient({
      mpServerless: newSdk(emulator, { authCode: 'user-one' }),
      platform,
      storage,
      collections: { notes: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
      random: seededRandom(seed++ * 7919),
    });
  const ids = async (client: SyncClient) =>
    ((await client.db.collection('notes').find({}, { sort: { _id: 1 } })).result as Array<{ _id: string }>).map((d) => d._id);

  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    admin = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it('anonymous writes live in the device partition; a sign-in switches to the user and can adopt them', async () => {
    const client = await open();
    expect(client.userId()).toBeNull();
    const notes = () => client.db.collection('notes');
    await notes().insertOne({ _id: 'd1', text: 'before signing in' });
    await notes().insertOne({ _id: 'd2', text: 'also before' });

    await expect(client.signIn()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    platform.setOnline(true);
    const { userId, deviceWrites } = await client.signIn(ALIPAY);
    expect(userId).toMatch(/^alipay-/);
    expect(client.userId()).toBe(userId);
    expect(deviceWrites).toBe(2);
    // The user's partition starts empty; the device's writes wait there until adopted.
    expect(await ids(client)).toEqual([]);
    expect(await client.adoptDeviceData()).toBe(2);
    expect(await ids(client)).toEqual(['d1', 'd2']);
    await client.syncNow();
    await client.waitForPendingWrites();
    expect(((await admin.db.collection('notes').find({}, { sort: { _id: 1 } })).result as Array<{ _id: string }>).map((d) => d._id)).toEqual(['d1', 'd2']);
    await client.close();
  });

  it('a restart opens the signed-in user’s partition, offline', async () => {
    platform.setOnline(false);
    const client = await open();
    expect(client.userId()).toMatch(/^alipay-/);
    expect(await ids(client)).toEqual(['d1', 'd2']);
    await client.close();
  });

  it('signing out keeps the user’s unconfirmed writes; they sync at the next sign-in', async () => {
    const client = await open();
    await client.db.collection('notes').insertOne({ _id: 'u3', text: 'offline, then signed out' });
    expect(await client.signOut()).toEqual({ pendingWrites: 1 });
    expect(client.userId()).toBeNull();
    expect(await ids(client)).toEqual([]);
    await client.close();

    const again = await open();
    expect(again.userId()).toBeNull();
    platform.setOnline(true);
    await again.signIn(ALIPAY);
    expect(await ids(again)).toEqual(['d1', 'd2', 'u3']);
    await again.syncNow();
    await again.waitForPendingWrites();
    expect((await admin.db.collection('notes').count({})).result).toBe(3);
    await again.close();
  });
});
