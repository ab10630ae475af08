import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forwardedCalls } from '../../src/client/forwarded-calls';
import type { WatchSnapshot } from '../../src/live/live-query';
import { RECEIPT_SLOTS, Receipts } from '../../src/local/receipts';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk, rejectionOf } from '../helpers/sdk';
import { serverDocs } from '../helpers/sync';
import { fakeOrigin, LOCK, type FakeTab } from './fake-tabs';
import { JOIN_TIMEOUT_MS } from '../../src/tabs/tab-client';
import { manualScheduler } from '../../src/testing';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await createEmulator({ port: 0 });
});
afterEach(() => emulator.stop());

/** Every snapshot a tab's watch of all todos delivered, newest last. */
function watchAll(tab: FakeTab): WatchSnapshot[] {
  const seen: WatchSnapshot[] = [];
  tab.client.db
    .collection('todos')
    .watch({}, { sort: { _id: 1 } })
    .subscribe((snap) => seen.push(snap));
  return seen;
}

/** Resolves once `check` holds, re-checking after each turn of the event loop (messages between tabs take one). */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`never: ${what}`);
}

const titles = (seen: WatchSnapshot[]) => (seen.at(-1)?.docs ?? []).map((d) => d.title as string);

describe('receipts: a write sent with a request id runs once', () => {
  it('answers a repeated id from its receipt, across a restart, and keeps the newest ones only; receipts never reach the server', async () => {
    const origin = fakeOrigin(emulator);
    const tab = await origin.open();
    const calls = forwardedCalls(tab.real()!)!;
    await tab.client.db.collection('todos').insertOne({ _id: 'r', n: 0 });
    const inc = { filter: { _id: 'r' }, update: { $inc: { n: 1 } }, options: {} };
    const first = await calls.execute('todos', 'updateOne', inc, 'req-1');
    expect(await calls.execute('todos', 'updateOne', inc, 'req-1')).toEqual(first);
    expect(first).toMatchObject({ affectedDocs: 1 });
    // A write that matched nothing is recorded too: sent again later it must not match something new.
    const none = await calls.execute('todos', 'updateOne', { filter: { _id: 'later' }, update: { $inc: { n: 1 } }, options: {} }, 'req-2');
    await tab.client.db.collection('todos').insertOne({ _id: 'later', n: 0 });
    expect(await calls.execute('todos', 'updateOne', { filter: { _id: 'later' }, update: { $inc: { n: 1 } }, options: {} }, 'req-2')).toEqual(none);
    expect((await tab.client.db.collection('todos').findOne({ _id: 'later' })).result).toEqual({ _id: 'later', n: 0 });

    await tab.client.close();
    const again = await origin.open();
    const reopened = forwardedCalls(again.real()!)!;
    expect(await reopened.execute('todos', 'updateOne', inc, 'req-1')).toEqual(first);
    expect((await again.client.db.collection('todos').findOne({ _id: 'r' })).result).toEqual({ _id: 'r', n: 1 });
    // The ring: after RECEIPT_SLOTS more receipts the first one is gone and the id runs again.
    for (let i = 0; i < RECEIPT_SLOTS; i++)
      await reopened
        .execute('todos', 'find', {}, `read-${i}`)
        .then(() => reopened.execute('todos', 'updateOne', { filter: { _id: 'x' }, update: { $set: { i } }, options: {} }, `fill-${i}`));
    await reopened.execute('todos', 'updateOne', inc, 'req-1');
    expect((await again.client.db.collection('todos').findOne({ _id: 'r' })).result).toEqual({ _id: 'r', n: 2 });

    await again.client.syncNow();
    expect(again.client.status()).toMatchObject({ pendingWrites: 0, lastError: null });
    const sdk = await anonymousSdk(emulator);
    expect(await serverDocs(sdk, 'todos')).toEqual(
      expect.arrayContaining([
        { _id: 'r', n: 2 },
        { _id: 'later', n: 0 },
      ]),
    );
    await again.client.close();
  });
});

describe('three tabs, one database', () => {
  it('one tab leads, the others forward: every write shows live in every tab, status and errors come across', async () => {
    const origin = fakeOrigin(emulator);
    const a = await origin.open();
    const b = await origin.open();
    const c = await origin.open();
    expect(a.real()).toBeDefined();
    expect(b.real()).toBeUndefined();
    expect(c.real()).toBeUndefined();
    expect(origin.locks.waiting(LOCK)).toBe(2);
    const seen = [a, b, c].map(watchAll);

    await a.client.db.collection('todos').insertOne({ _id: 'from-a', title: 'A', at: new Date(Date.UTC(2026, 0, 2)) });
    await b.client.db.collection('todos').insertOne({ _id: 'from-b', title: 'B' });
    await c.client.db.collection('todos').insertOne({ _id: 'from-c', title: 'C' });
    for (const s of seen) await eventually(() => titles(s).join() === 'A,B,C', 'every tab sees A, B and C');
    // Dates cross as the SDK would revive them, in every tab.
    const inB = (await b.client.db.collection('todos').findOne({ _id: 'from-a' })).result as { at: unknown };
    expect(inB.at).toEqual(new Date(Date.UTC(2026, 0, 2)));
    await eventually(() => b.client.status().pendingWrites === 3, 'the followers mirror the status');

    // A command error comes back as the same error class and code.
    const duplicate = await rejectionOf(() => c.client.db.collection('todos').insertOne({ _id: 'from-a' }));
    expect(duplicate).toMatchObject({ name: 'DbError', code: 'DuplicateKey' });
    // Argument checks run in the calling tab, as the SDK's.
    expect(await rejectionOf(() => b.client.db.collection('todos').insertOne('nope'))).toMatchObject({ code: 'ValidationFailed' });

    await b.client.syncNow();
    await eventually(() => c.client.status().pendingWrites === 0 && c.client.status().lastSyncedAt !== null, 'the sync round shows in every tab');
    expect(await serverDocs(await anonymousSdk(emulator), 'todos')).toHaveLength(3);

    // A tab opened with other collections cannot share this client.
    expect(await rejectionOf(() => origin.open({ collections: { notes: {} } }))).toMatchObject({ code: 'STORAGE_IN_USE' });
    expect(origin.locks.waiting(LOCK)).toBe(2);

    for (const tab of [c, b, a]) await tab.client.close();
    expect(origin.locks.waiting(LOCK)).toBe(0);
    await eventually(() => origin.locks.held.size === 0, 'the lock is free once every tab closed');
  });

  it('closing the leader hands over to the next tab, which serves the watches again', async () => {
    const origin = fakeOrigin(emulator);
    const a = await origin.open();
    const b = await origin.open();
    const c = await origin.open();
    const seenC = watchAll(c);
    await a.client.db.collection('todos').insertOne({ _id: '1', title: 'one' });
    await eventually(() => titles(seenC).join() === 'one', 'C sees the first write');
    await a.client.close();
    await eventually(() => b.real() !== undefined, 'B opened the storage');
    await c.client.db.collection('todos').insertOne({ _id: '2', title: 'two' });
    await eventually(() => titles(seenC).join() === 'one,two', 'C sees its write through the new leader');
    expect(await rejectionOf(() => a.client.db.collection('todos').find({}))).toMatchObject({ code: 'CLOSED' });
    await c.client.close();
    await b.client.close();
  });

  // The leader crashes in the middle of a burst from a follower: some writes had committed but
  // their answers were lost, some never reached it. Each acknowledged write must be there once.
  for (const writer of ['next in line', 'last in line'] as const) {
    it(`a crash of the leader during a burst of 50 inserts and $incs from the tab ${writer}: every write lands exactly once`, async () => {
      const origin = fakeOrigin(emulator);
      const a = await origin.open();
      const b = await origin.open();
      const c = await origin.open();
      const [w, other] = writer === 'next in line' ? [b, c] : [c, b];
      const todos = w.client.db.collection('todos');
      await todos.insertOne({ _id: 'counter', n: 0 });
      const find = vi.spyOn(Receipts.prototype, 'find');
      const acknowledged: string[] = [];
      // After its twentieth answer the leader's answers are lost; it dies once it has committed
      // at least ten more writes, with the rest of the burst on its way or in its queue.
      const muted = a.muteAfter(20);
      const burst = Array.from({ length: 50 }, (_, i) =>
        Promise.all([todos.insertOne({ _id: `t${i}`, i }), todos.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })]).then(([, inc]) => {
          expect(inc).toMatchObject({ success: true, affectedDocs: 1 });
          acknowledged.push(`t${i}`);
        }),
      );
      await muted;
      const counter = () => a.real()!.db.collection('todos').findOne({ _id: 'counter' });
      // Reads answer from memory at once: let the leader's tab take its messages between two looks.
      for (let n = 0; n < 15; await new Promise((resolve) => setImmediate(resolve))) n = ((await counter()).result as { n: number }).n;
      await a.crash();
      expect(acknowledged.length).toBeLessThanOrEqual(10);
      // The lock goes to the next tab in line the moment the leader's tab does: no timer involved.
      expect(origin.locks.held.has(LOCK)).toBe(true);
      expect(origin.locks.waiting(LOCK)).toBe(1);
      await Promise.all(burst);
      expect(b.real()).toBeDefined();
      expect(acknowledged).toHaveLength(50);
      // Writes the old leader had committed without answering were answered from their receipts.
      const fromReceipts = find.mock.results.filter((r) => r.value !== undefined).length;
      find.mockRestore();
      expect(fromReceipts).toBeGreaterThan(0);

      const local = (await other.client.db.collection('todos').find({}, { sort: { _id: 1 } })).result as Array<{ _id: string; n?: number }>;
      expect(local.find((d) => d._id === 'counter')).toEqual({ _id: 'counter', n: 50 });
      expect(local).toHaveLength(51);
      await other.client.syncNow();
      const server = (await serverDocs(await anonymousSdk(emulator), 'todos')) as Array<{ _id: string; n?: number }>;
      expect(server.find((d) => d._id === 'counter')).toEqual({ _id: 'counter', n: 50 });
      expect(server).toHaveLength(51);
      await c.client.close();
      await b.client.close();
    });
  }

  it('a tab fails with STORAGE_IN_USE when the database is held by a client that does not share it, and leaves the line', async () => {
    const origin = fakeOrigin(emulator);
    let letGo = (): void => undefined;
    void origin.locks.locks.request(LOCK, {}, () => new Promise<void>((resolve) => (letGo = resolve)));
    const scheduler = manualScheduler();
    const opening = origin.open({ sync: { scheduler, pollIntervalMs: 0 } });
    const failed = rejectionOf(() => opening);
    await eventually(() => origin.locks.waiting(LOCK) === 1, 'the tab waits in line for the lock');
    await scheduler.advance(JOIN_TIMEOUT_MS - 1);
    expect(origin.locks.waiting(LOCK)).toBe(1);
    await scheduler.advance(1);
    expect(await failed).toMatchObject({ code: 'STORAGE_IN_USE' });
    expect(origin.locks.waiting(LOCK)).toBe(0);
    letGo();
    await eventually(() => origin.locks.held.size === 0, 'the holder let go');
    // Free again, the database opens for the next tab.
    const tab = await origin.open();
    expect(tab.real()).toBeDefined();
    await tab.client.close();
  });

  it('a follower that dies without closing its client has its watches dropped by the leader (its presence lock goes with it)', async () => {
    const origin = fakeOrigin(emulator);
    const a = await origin.open();
    const b = await origin.open();
    const seenB = watchAll(b);
    const snapshotsFromA = () => a.posted.filter((m) => (m as { t?: string }).t === 'snapshot').length;
    await a.client.db.collection('todos').insertOne({ _id: '1', title: 'one' });
    await eventually(() => titles(seenB).join() === 'one', 'B sees the write');
    const before = snapshotsFromA();
    await b.crash();
    await a.client.db.collection('todos').insertOne({ _id: '2', title: 'two' });
    await eventually(() => a.real()!.status().pendingWrites === 2, 'the write is in');
    expect(snapshotsFromA()).toBe(before);
    await a.client.close();
  });
});
