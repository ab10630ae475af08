import { from } from 'rxjs';
import type { SyncedCollection } from '../../src/client/synced-collection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../src/index';
import { seededRandom } from '../../src/core/random';
import { createEmulator, type Emulator } from '../../src/emulator';
import type { WatchSnapshot } from '../../src/live/live-query';
import { manualScheduler, memoryPlatform, memoryStorage, type MemoryPlatform } from '../../src/testing';
import { anonymousSdk, newSdk, type Sdk } from '../helpers/sdk';

/** Collects snapshots; `next()` resolves with the next one to arrive. */
function recorder() {
  const snaps: WatchSnapshot[] = [];
  let waiting: ((s: WatchSnapshot) => void) | undefined;
  return {
    snaps,
    push: (s: WatchSnapshot) => {
      snaps.push(s);
      waiting?.(s);
      waiting = undefined;
    },
    next: () => new Promise<WatchSnapshot>((resolve) => (waiting = resolve)),
  };
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('watch: live queries', () => {
  let emulator: Emulator;
  let admin: Sdk;
  let client: SyncClient;
  let platform: MemoryPlatform;
  let todos: SyncedCollection;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    admin = await anonymousSdk(emulator);
    platform = memoryPlatform({ online: false });
    client = await createSyncClient({
      mpServerless: newSdk(emulator),
      platform,
      storage: memoryStorage(),
      collections: { todos: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0, sweepIntervalMs: 0 },
      random: seededRandom(3),
    });
    todos = client.db.collection('todos');
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  it('delivers the answer at once, then after local writes, pulled changes and the confirmation', async () => {
    const rec = recorder();
    const first = rec.next();
    const sub = todos.watch({ done: false }, { sort: { n: 1 } }).subscribe(rec.push);
    expect(await first).toEqual({ docs: [], fromCache: true, hasPendingWrites: false, pending: [] });

    const afterInsert = rec.next();
    await todos.insertOne({ _id: 'a', n: 2, done: false, at: new Date('2024-01-02T03:04:05.678Z') });
    expect(await afterInsert).toEqual({
      docs: [{ _id: 'a', n: 2, done: false, at: new Date('2024-01-02T03:04:05.678Z') }],
      fromCache: true,
      hasPendingWrites: true,
      pending: [true],
    });

    // A write that changes nothing in the answer makes no snapshot.
    const count = rec.snaps.length;
    await todos.insertOne({ _id: 'x', n: 9, done: true });
    await settle();
    expect(rec.snaps.length).toBe(count);

    await admin.db
      .collection('todos')
      .updateOne({ _id: 'b' }, { $set: { n: 1, done: false, _v: 'srv', _vh: ['srv'] }, $currentDate: { _mt: true } }, { upsert: true });
    platform.setOnline(true);
    await client.syncNow();
    await client.waitForPendingWrites();
    await settle();
    const latest = rec.snaps[rec.snaps.length - 1] as WatchSnapshot;
    expect(latest.docs.map((d) => d._id)).toEqual(['b', 'a']);
    expect(latest).toMatchObject({ fromCache: false, hasPendingWrites: false });
    sub.unsubscribe();

    // Unsubscribed: no more snapshots.
    const total = rec.snaps.length;
    await todos.insertOne({ _id: 'c', n: 0, done: false });
    await settle();
    expect(rec.snaps.length).toBe(total);
  });

  it('flags each document of the answer that carries an unconfirmed write', async () => {
    await client.syncNow();
    await client.waitForPendingWrites();
    platform.setOnline(false);
    const rec = recorder();
    const sub = todos.watch({ done: false }, { sort: { _id: 1 } }).subscribe(rec.push);
    await settle();
    const before = rec.snaps[rec.snaps.length - 1] as WatchSnapshot;
    expect(before.docs.map((d) => d._id)).toEqual(['a', 'b', 'c']);
    expect(before).toMatchObject({ hasPendingWrites: false, pending: [false, false, false] });

    await todos.updateOne({ _id: 'b' }, { $set: { title: 'edited offline' } });
    await settle();
    expect(rec.snaps[rec.snaps.length - 1]).toMatchObject({ hasPendingWrites: true, pending: [false, true, false] });
    // A second document pending: hasPendingWrites stays true, but the flags changed, so a snapshot comes.
    await todos.updateOne({ _id: 'c' }, { $set: { title: 'edited offline too' } });
    await settle();
    expect(rec.snaps[rec.snaps.length - 1]).toMatchObject({ hasPendingWrites: true, pending: [false, true, true] });

    platform.setOnline(true);
    await client.syncNow();
    await client.waitForPendingWrites();
    await settle();
    expect(rec.snaps[rec.snaps.length - 1]).toMatchObject({ hasPendingWrites: false, pending: [false, false, false] });
    sub.unsubscribe();
  });

  it('works with RxJS through Symbol.observable and reports bad queries through error', async () => {
    const seen: WatchSnapshot[] = [];
    const sub = from(todos.watch({ _id: 'a' }) as never).subscribe((s) => seen.push(s));
    await settle();
    expect(seen[0]?.docs.map((d) => d._id)).toEqual(['a']);
    sub.unsubscribe();
    const failed = await new Promise<unknown>((resolve) => todos.watch({ n: { $nope: 1 } }).subscribe({ error: resolve }));
    expect(failed).toMatchObject({ code: 'InvalidOperator' });
    const invalid = await new Promise<unknown>((resolve) => todos.watch({}, { limit: -1 }).subscribe({ error: resolve }));
    expect(invalid).toMatchObject({ code: 'ValidationFailed' });
  });
});
