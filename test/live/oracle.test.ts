import { find as mingoFind } from 'mingo';
import type { SyncedCollection } from '../../src/client/synced-collection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../src/index';
import { seededRandom, type Random } from '../../src/core/random';
import { createEmulator, type Emulator } from '../../src/emulator';
import type { WatchSnapshot } from '../../src/live/live-query';
import { manualScheduler, memoryPlatform, memoryStorage, type MemoryPlatform } from '../../src/testing';
import { anonymousSdk, newSdk, type Sdk } from '../helpers/sdk';

// Queries with a total order (the sort ends with _id), so the oracle's order is the only right one.
const QUERIES: Array<[Record<string, unknown>, Record<string, unknown>]> = [
  [{}, { sort: { _id: 1 } }],
  [{ done: false }, { sort: { n: -1, _id: 1 }, limit: 5 }],
  [{ n: { $gte: 3, $lt: 8 } }, { sort: { n: 1, _id: 1 }, skip: 1, limit: 3 }],
  [{ tags: 'red' }, { sort: { _id: -1 }, projection: { n: 1 } }],
  [{ $or: [{ done: true }, { n: { $lt: 2 } }] }, { sort: { _id: 1 } }],
];

const settle = async () => {
  for (let i = 0; i < 8; i++) await new Promise((r) => setImmediate(r));
};

function oracle(all: Array<Record<string, unknown>>, filter: Record<string, unknown>, options: Record<string, unknown>): unknown[] {
  let cursor = mingoFind(all, filter, options.projection as Record<string, number> | undefined).sort(options.sort as Record<string, 1 | -1>);
  if (options.skip) cursor = cursor.skip(options.skip as number);
  if (options.limit) cursor = cursor.limit(options.limit as number);
  return JSON.parse(JSON.stringify(cursor.all())).map((d: Record<string, unknown>) => ({ _id: d._id, ...d }));
}

describe('live query oracle: a seeded random stream of local writes, pulled changes and confirmations', () => {
  let emulator: Emulator;
  let admin: Sdk;
  let client: SyncClient;
  let platform: MemoryPlatform;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    admin = await anonymousSdk(emulator);
    platform = memoryPlatform({ online: false });
    client = await createSyncClient({
      mpServerless: newSdk(emulator),
      platform,
      storage: memoryStorage(),
      collections: { items: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0, sweepIntervalMs: 0 },
      random: seededRandom(11),
    });
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  it.each([1, 2, 3])('seed %i: after every step each watch shows a fresh evaluation, with the right flags, and no repeated snapshot', async (seed) => {
    const random = seededRandom(seed);
    const items = client.db.collection('items');
    const received = QUERIES.map(() => [] as WatchSnapshot[]);
    const subs = QUERIES.map(([filter, options], i) => items.watch(filter, options).subscribe((s) => received[i]!.push(s)));
    try {
      for (let step = 0; step < 60; step++) {
        await randomStep(random, items, step, seed);
        await settle();
        const all = (await items.find({}, { sort: { _id: 1 } })).result as Array<Record<string, unknown>>;
        const wire = JSON.parse(JSON.stringify(all)) as Array<Record<string, unknown>>;
        QUERIES.forEach(([filter, options], i) => {
          const snaps = received[i]!;
          const last = snaps[snaps.length - 1] as WatchSnapshot;
          expect(JSON.parse(JSON.stringify(last.docs)), `seed ${seed} step ${step} query ${i}`).toEqual(oracle(wire, filter, options));
          // A snapshot is only delivered when the answer or a flag changed.
          for (let k = 1; k < snaps.length; k++)
            expect(JSON.stringify(snaps[k]), `seed ${seed} step ${step} query ${i} repeated`).not.toBe(JSON.stringify(snaps[k - 1]));
          // Nothing pending anywhere: no snapshot may claim pending writes; offline it is from the cache.
          if (client.status().pendingWrites === 0) expect(last.hasPendingWrites).toBe(false);
          if (!platform.isOnline()) expect(last.fromCache).toBe(true);
        });
      }
      platform.setOnline(true);
      await client.syncNow();
      await client.waitForPendingWrites();
      await settle();
      for (const snaps of received) expect(snaps[snaps.length - 1]).toMatchObject({ hasPendingWrites: false, fromCache: false });
    } finally {
      for (const sub of subs) sub.unsubscribe();
      platform.setOnline(false);
    }
  });

  async function randomStep(random: Random, items: SyncedCollection, step: number, seed: number): Promise<void> {
    const id = `i${Math.floor(random() * 12)}`;
    const r = random();
    const doc = { n: Math.floor(random() * 10), done: random() < 0.4, tags: random() < 0.5 ? ['red'] : ['blue'] };
    if (r < 0.3) await items.updateOne({ _id: id }, { $set: doc }, { upsert: true });
    else if (r < 0.45) await items.updateOne({ _id: id }, { $inc: { n: 1 } });
    else if (r < 0.55) await items.deleteOne({ _id: id });
    else if (r < 0.75) {
      // Another device's write, following mpsync's fields, pulled by a sync round.
      const v = `s${seed}-${step}`;
      await admin.db.collection('items').updateOne({ _id: id }, { $set: { ...doc, _v: v }, $push: { _vh: v }, $currentDate: { _mt: true } }, { upsert: true });
      platform.setOnline(true);
      await client.syncNow().catch(() => undefined);
    } else if (r < 0.85) {
      platform.setOnline(true);
      await client.syncNow().catch(() => undefined);
      await client.waitForPendingWrites();
    } else platform.setOnline(!platform.isOnline());
  }
});
