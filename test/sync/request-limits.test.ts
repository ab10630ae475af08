import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { createSyncClient } from '../../src/index';
import { DEFAULT_MAX_CONCURRENT_REQUESTS } from '../../src/model/platform';
import { alipay } from '../../src/platform/alipay';
import { dingtalk } from '../../src/platform/dingtalk';
import { node } from '../../src/platform/node';
import { web } from '../../src/platform/web';
import { wechat } from '../../src/platform/wechat';
import { PushPool, pushConcurrency } from '../../src/replication/push-pool';
import { manualScheduler, memoryPlatform, memoryStorage } from '../../src/testing';
import { anonymousSdk, sdkOn, type Sdk } from '../helpers/sdk';
import { watchedAdapter } from '../helpers/watched-adapter';
import { serverDocs } from '../helpers/sync';

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a push pool', () => {
  it('runs at most its size at once and hands a freed place to the longest waiter', async () => {
    const pool = new PushPool(2);
    const order: string[] = [];
    const release: Record<string, () => void> = {};
    const task = (name: string) =>
      pool.run(
        () =>
          new Promise<void>((resolve) => {
            order.push(name);
            release[name] = resolve;
          }),
      );
    const all = Promise.all(['a', 'b', 'c', 'd'].map(task));
    await settle();
    expect(order).toEqual(['a', 'b']);
    expect(pool.running).toBe(2);
    release.b!();
    await settle();
    expect(order).toEqual(['a', 'b', 'c']);
    expect(pool.running).toBe(2);
    release.a!();
    release.c!();
    await settle();
    release.d!();
    await all;
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(pool.running).toBe(0);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => new PushPool(0)).toThrow(RangeError);
    expect(() => new PushPool(1.5)).toThrow(RangeError);
  });
});

describe('each platform declares how many requests it allows in flight', () => {
  const stub = { onAppShow: () => undefined, onAppHide: () => undefined, getNetworkType: () => undefined, onNetworkStatusChange: () => undefined };
  const win = {
    navigator: { onLine: true },
    document: { visibilityState: 'visible', addEventListener: () => undefined, removeEventListener: () => undefined },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  };
  it.each([
    ['wechat', 10, 8, () => wechat(stub as never)],
    ['alipay', 10, 8, () => alipay(stub as never)],
    ['dingtalk', 10, 8, () => dingtalk(stub as never)],
    ['web', 6, 4, () => web(win as never)],
    ['node', 16, 14, () => node()],
  ])('%s allows %i in flight; its pushes take %i, keeping 2 for the pull and the app', (_name, limit, push, make) => {
    const platform = make();
    expect(platform.maxConcurrentRequests).toBe(limit);
    expect(pushConcurrency(platform)).toBe(push);
  });

  it('a platform that declares none is given the default, and a tiny limit still pushes one at a time', () => {
    expect(pushConcurrency(memoryPlatform())).toBe(DEFAULT_MAX_CONCURRENT_REQUESTS - 2);
    expect(pushConcurrency(memoryPlatform({ maxConcurrentRequests: 2 }))).toBe(1);
    expect(pushConcurrency(memoryPlatform({ maxConcurrentRequests: Number.NaN }))).toBe(DEFAULT_MAX_CONCURRENT_REQUESTS - 2);
  });
});

describe('a sync client keeps within the platform limit', () => {
  let emulator: Emulator;
  let admin: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    admin = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  const N = 40;
  const seed = async (coll: string) => {
    await admin.db
      .collection(coll)
      .insertMany(Array.from({ length: N }, (_, i) => ({ _id: `d${String(i).padStart(2, '0')}`, n: 0, _v: `s${i}`, _vh: [`s${i}`] })));
    await admin.db.collection(coll).updateMany({}, { $currentDate: { _mt: true } });
  };
  const open = async (coll: string, limit: number) => {
    const { adapter, watch } = watchedAdapter();
    const platform = memoryPlatform({ maxConcurrentRequests: limit });
    const client = await createSyncClient({
      mpServerless: sdkOn(adapter, emulator),
      platform,
      storage: memoryStorage(),
      collections: { [coll]: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0, sweepIntervalMs: 0 },
    });
    await client.syncNow();
    return { client, platform, watch };
  };

  it.each([4, 6])(`with a limit of %i, the push of ${N} offline updates never has more in flight, yet uses more than one`, async (limit) => {
    const coll = `limit_${limit}`;
    await seed(coll);
    const { client, platform, watch } = await open(coll, limit);
    platform.setOnline(false);
    for (let i = 0; i < N; i++) await client.db.collection(coll).updateOne({ _id: `d${String(i).padStart(2, '0')}` }, { $inc: { n: 1 } });
    watch.resetMax();
    const before = watch.calls.length;
    platform.setOnline(true);
    await client.syncNow();
    await client.waitForPendingWrites();
    await client.close();
    // The pushes (limit − 2) and the pull (one at a time) leave one place for the app.
    expect(watch.maxInFlight).toBeLessThanOrEqual(limit - 1);
    expect(watch.maxInFlight).toBeGreaterThan(1);
    const pushed = watch.calls.slice(before).filter((c) => c.command === 'updateOne');
    expect(pushed).toHaveLength(N);
    expect((await serverDocs(admin, coll)).every((doc) => (doc as { n: number }).n === 1)).toBe(true);
  });

  it('concurrent pushes under lost answers apply every write exactly once, and a document’s writes in order', async () => {
    const coll = 'limit_lost';
    await seed(coll);
    const { client, platform } = await open(coll, 10);
    const todos = client.db.collection(coll);
    platform.setOnline(false);
    // Three rounds of writes: each document gets $inc 1, then $push of its round, while the
    // previous round's pushes (and their lost answers) may still be in flight.
    emulator.setFaults({ dropResponseRate: 0.3, seed: 7 });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < N; i++) await todos.updateOne({ _id: `d${String(i).padStart(2, '0')}` }, { $inc: { n: 1 }, $push: { rounds: round } });
      platform.setOnline(true);
      // A lost answer makes the round fail and retry after the back-off; the next round's kick cuts it short.
      await client.syncNow().catch(() => undefined);
      if (round < 2) platform.setOnline(false);
    }
    for (let attempt = 0; attempt < 20 && client.status().pendingWrites > 0; attempt++) await client.syncNow().catch(() => undefined);
    emulator.setFaults({});
    await client.syncNow();
    await client.waitForPendingWrites();
    await client.close();
    const docs = (await serverDocs(admin, coll)) as Array<{ n: number; rounds: number[] }>;
    expect(docs).toHaveLength(N);
    for (const doc of docs) expect(doc).toMatchObject({ n: 3, rounds: [0, 1, 2] });
  });
});
