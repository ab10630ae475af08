import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { createSyncClient } from '../../src/index';
import { MAX_REQUEST_BYTES } from '../../src/local/request-size';
import { FIRST_PULL_PAGE, PULL_TARGET_BYTES, PullPager } from '../../src/replication/pull-pager';
import { manualScheduler, memoryPlatform, memoryStorage } from '../../src/testing';
import { anonymousSdk, sdkOn, type Sdk } from '../helpers/sdk';
import { watchedAdapter } from '../helpers/watched-adapter';

describe('the pull pager', () => {
  it('starts small, grows at most eightfold per answer toward the target, and stops at the maximum', () => {
    const pager = new PullPager(1000);
    expect(pager.size).toBe(FIRST_PULL_PAGE);
    pager.learn(10, 1_000); // 100 bytes each: the target would hold ~10k
    expect(pager.size).toBe(80);
    pager.learn(80, 8_000);
    expect(pager.size).toBe(640);
    pager.learn(640, 64_000);
    expect(pager.size).toBe(1000);
  });

  it('shrinks at once when documents get larger, to what fits the target, never below one', () => {
    const pager = new PullPager(1000);
    pager.learn(10, 1_000);
    pager.learn(80, 80 * 300_000);
    expect(pager.size).toBe(Math.floor(PULL_TARGET_BYTES / 300_000));
    pager.learn(3, 3 * 3_000_000);
    expect(pager.size).toBe(1);
  });

  it('learns nothing from an empty answer, and keeps within a small maximum', () => {
    const pager = new PullPager(5);
    expect(pager.size).toBe(5);
    pager.learn(0, 0);
    expect(pager.size).toBe(5);
    pager.learn(5, 50);
    expect(pager.size).toBe(5);
    expect(() => new PullPager(0)).toThrow(RangeError);
  });
});

describe('a pull sizes its pages from the answers', () => {
  let emulator: Emulator;
  let admin: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    admin = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  const pull = async (coll: string) => {
    const { adapter, watch } = watchedAdapter();
    const client = await createSyncClient({
      mpServerless: sdkOn(adapter, emulator),
      platform: memoryPlatform(),
      storage: memoryStorage(),
      collections: { [coll]: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0, sweepIntervalMs: 0 },
    });
    await client.syncNow();
    const count = (await client.db.collection(coll).count({})).result;
    await client.close();
    return { finds: watch.calls.filter((c) => c.command === 'find'), count };
  };

  it('large documents: every answer stays within the body limit, and after the first near the target', async () => {
    const big = 'x'.repeat(300_000);
    for (let i = 0; i < 25; i++) await admin.db.collection('big').insertOne({ _id: `b${String(i).padStart(2, '0')}`, big, _v: `s${i}`, _vh: [`s${i}`] });
    await admin.db.collection('big').updateMany({}, { $currentDate: { _mt: true } });
    const { finds, count } = await pull('big');
    expect(count).toBe(25);
    for (const find of finds) expect(find.answerBytes).toBeLessThan(MAX_REQUEST_BYTES);
    // The first page (10 documents, 3 MB; asked twice, around learning the server's clock) taught
    // the size: then 3 documents (0.9 MB) a page, until a page comes back short (here: empty).
    expect(finds.map((f) => Math.round(f.answerBytes / 300_000))).toEqual([10, 10, 3, 3, 3, 3, 3, 0]);
    for (const find of finds.slice(2)) expect(find.answerBytes).toBeLessThanOrEqual(PULL_TARGET_BYTES);
  });

  it('small documents: a few growing pages, and no request after the page that came back short', async () => {
    const docs = Array.from({ length: 2000 }, (_, i) => ({ _id: `s${String(i).padStart(4, '0')}`, title: `todo ${i}`, _v: `v${i}`, _vh: [`v${i}`] }));
    for (let i = 0; i < docs.length; i += 500) await admin.db.collection('small').insertMany(docs.slice(i, i + 500));
    await admin.db.collection('small').updateMany({}, { $currentDate: { _mt: true } });
    const { finds, count } = await pull('small');
    expect(count).toBe(2000);
    // 10 (asked twice, around learning the server's clock), 80, 640, then 1000 asked and 1270 left:
    // 1000, then 270 answered to 1000 asked: caught up, and nothing more is asked.
    expect(finds).toHaveLength(6);
    expect(finds[finds.length - 1]!.answerBytes).toBeLessThan(finds[finds.length - 2]!.answerBytes);
  });
});
