import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { createSyncClient } from '../../src/index';
import { seededRandom } from '../../src/core/random';
import { manualScheduler, memoryPlatform } from '../../src/testing';
import { anonymousSdk, newSdk, type Sdk } from '../helpers/sdk';
import { localDocs, openDevice, PLACES, type Device } from '../helpers/sync';

describe.each(PLACES)('a document stamped in the future, on %s storage', (_name, makePlace) => {
  let emulator: Emulator;
  let attacker: Sdk;
  const devices: Device[] = [];
  let seeds = 0;
  const device = async (collections: Record<string, object>) => {
    const d = await openDevice(emulator, makePlace(), { seed: ++seeds * 100 + 3, collections });
    devices.push(d);
    return d;
  };
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    attacker = await anonymousSdk(emulator);
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.client.close();
  });
  afterAll(() => emulator.stop());

  it('is pulled, does not move the pull cursor past real changes, and shows in status until restamped', async () => {
    const coll = `poison_${seeds}`;
    const a = await device({ [coll]: {} });
    const b = await device({ [coll]: {} });
    await b.collection(coll).insertOne({ _id: 'before', n: 0 });
    await b.client.syncNow();
    await a.client.syncNow();
    expect(await localDocs(a, coll)).toEqual([{ _id: 'before', n: 0 }]);

    // Any user can write `_mt` through the SDK; the first round after start has swept already, so
    // from now on only the pull cursor brings changes (the next sweep is 30 minutes away).
    await attacker.db.collection(coll).insertOne({ _id: 'poison', _mt: new Date('2999-01-01T00:00:00Z'), text: 'from the future' });
    await a.client.syncNow();
    expect(await localDocs(a, coll)).toEqual([
      { _id: 'before', n: 0 },
      { _id: 'poison', text: 'from the future' },
    ]);
    expect(a.client.status().lastError).toMatchObject({ code: 'FUTURE_STAMP', message: expect.stringContaining(`${coll} "poison"`) });
    // The same finding in the next round is the same error: status listeners are not woken for it.
    const warned = a.client.status().lastError;
    await a.client.syncNow();
    expect(a.client.status().lastError).toBe(warned);

    // Real changes stamped by the server after the poisoned document still reach A.
    await b.collection(coll).insertOne({ _id: 'after', n: 1 });
    await b.collection(coll).updateOne({ _id: 'before' }, { $inc: { n: 10 } });
    await b.client.syncNow();
    await a.client.syncNow();
    expect(await localDocs(a, coll)).toEqual([
      { _id: 'after', n: 1 },
      { _id: 'before', n: 10 },
      { _id: 'poison', text: 'from the future' },
    ]);
    expect(a.client.status().lastError?.code).toBe('FUTURE_STAMP');

    // A write through mpsync restamps it with the server's time: the warning goes away.
    await b.client.syncNow();
    await b.collection(coll).updateOne({ _id: 'poison' }, { $set: { text: 'restamped' } });
    await b.client.syncNow();
    await a.client.syncNow();
    expect(await localDocs(a, coll)).toEqual([
      { _id: 'after', n: 1 },
      { _id: 'before', n: 10 },
      { _id: 'poison', text: 'restamped' },
    ]);
    expect(a.client.status().lastError).toBeNull();
  });

  it('more future-stamped documents than a pull batch holds do not stall paging, nor hide later changes', async () => {
    const coll = `many_${seeds}`;
    const b = await device({ [coll]: {} });
    await b.collection(coll).insertOne({ _id: 'first', n: 0 });
    await b.client.syncNow();
    await attacker.db
      .collection(coll)
      .insertMany(Array.from({ length: 12 }, (_, i) => ({ _id: `p${String(i).padStart(2, '0')}`, _mt: new Date(Date.UTC(2999, 0, 1, 0, 0, i)) })));
    // Batches of 5: the future-stamped documents alone would fill every batch, page after page.
    const scheduler = manualScheduler();
    const client = await createSyncClient({
      mpServerless: newSdk(emulator),
      platform: memoryPlatform(),
      storage: makePlace().open(),
      collections: { [coll]: {} },
      sync: { scheduler, pollIntervalMs: 0, pullBatchSize: 5 },
      random: seededRandom(4242),
    });
    try {
      await client.syncNow();
      await b.collection(coll).insertOne({ _id: 'later', n: 1 });
      await b.client.syncNow();
      await client.syncNow();
      const { result } = await client.db.collection(coll).find({}, { sort: { _id: 1 } });
      const ids = (result as Array<{ _id: string }>).map((d) => d._id);
      expect(ids).toContain('first');
      expect(ids).toContain('later');
      // Each round brings what fits beside the real changes; every one of them is in the cache.
      expect(ids.filter((id) => id.startsWith('p')).length).toBeGreaterThanOrEqual(4);
      expect(client.status().lastError?.code).toBe('FUTURE_STAMP');
    } finally {
      await client.close();
    }
  });
  it('a cursor that a future stamp already moved (before this check) starts its collection over', async () => {
    const coll = `healed_${seeds}`;
    const place = makePlace();
    const b = await device({ [coll]: {} });
    const open = (sync: Record<string, unknown>) =>
      createSyncClient({
        mpServerless: newSdk(emulator),
        platform: memoryPlatform(),
        storage: place.open(),
        collections: { [coll]: {} },
        sync: { scheduler: manualScheduler(), pollIntervalMs: 0, ...sync },
        random: seededRandom(++seeds * 977),
      });
    // No limit on stamps: the cursor follows the future stamp, as it did before the check.
    const old = await open({ maxStampAheadMs: Infinity });
    await old.syncNow();
    await attacker.db.collection(coll).insertOne({ _id: 'poison', _mt: new Date('2999-01-01T00:00:00Z') });
    await old.syncNow();
    await b.collection(coll).insertOne({ _id: 'hidden', n: 1 });
    await b.client.syncNow();
    await old.syncNow();
    const idsOf = async (client: typeof old) =>
      ((await client.db.collection(coll).find({}, { sort: { _id: 1 } })).result as Array<{ _id: string }>).map((d) => d._id);
    expect(await idsOf(old)).toEqual(['poison']);
    await old.close();
    // Restarted with the check (and no sweep, which would find the document by itself).
    const healed = await open({ sweepIntervalMs: 0 });
    try {
      await healed.syncNow();
      expect(await idsOf(healed)).toEqual(['hidden', 'poison']);
      expect(healed.status().lastError?.code).toBe('FUTURE_STAMP');
    } finally {
      await healed.close();
    }
  });
});
