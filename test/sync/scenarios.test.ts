import { describe, expect, it } from 'vitest';
import type { ConflictRule } from '../../src/client/options';
import { createEmulator } from '../../src/emulator';
import { manualClock } from '../helpers/clock';
import { anonymousSdk } from '../helpers/sdk';
import { localDocs, openDevice, PLACES, serverDocs, useEmulatorDevices } from '../helpers/sync';

describe.each(PLACES)('sync scenarios on %s storage', (_name, makePlace) => {
  const env = useEmulatorDevices(makePlace, 1);
  const device = env.device;

  it('offline insert → restart → online: on the server exactly once, even when the first answer is lost', async () => {
    const a = await device({ online: false, collections: { notes: {} } });
    await a.collection('notes').insertOne({ _id: 'n1', text: 'written offline' });
    await a.collection('notes').insertMany([
      { _id: 'n2', text: 'two' },
      { _id: 'n3', text: 'three' },
    ]);
    await a.restart();
    expect(a.client.status().pendingWrites).toBe(3);
    env.emulator.setFaults({ dropResponseRate: 1, seed: 1 });
    a.platform.setOnline(true);
    await expect(a.client.syncNow()).rejects.toMatchObject({ code: 'OFFLINE' });
    env.emulator.setFaults({});
    await a.client.syncNow();
    await a.client.waitForPendingWrites();
    expect(await serverDocs(env.admin, 'notes')).toEqual([
      { _id: 'n1', text: 'written offline' },
      { _id: 'n2', text: 'two' },
      { _id: 'n3', text: 'three' },
    ]);
    expect((await env.admin.db.collection('notes').count({})).result).toBe(3);
    expect(a.client.status()).toMatchObject({ pendingWrites: 0, lastError: null, authorized: true });
  });

  const RULES: Array<[string, ConflictRule, Record<string, unknown>]> = [
    ['rebase', 'rebase', { _id: 'd', title: 'B', n: 3, tags: ['a', 'b'] }],
    ['server-wins', 'server-wins', { _id: 'd', title: 'A', n: 1, tags: ['a'] }],
    ['client-wins', 'client-wins', { _id: 'd', title: 'B', n: 2, tags: ['b'] }],
    [
      'a function',
      (server, local) => ({ ...server, title: `${server?.title as string}+${local?.title as string}`, n: Number(server?.n) + Number(local?.n) }),
      { _id: 'd', title: 'A+B', n: 3, tags: ['a'] },
    ],
  ];
  it.each(RULES)('one document edited on two offline clients resolves by %s', async (label, rule, expected) => {
    const coll = `edit_${label.replace(/\W/g, '')}`;
    const collections = { [coll]: { conflict: rule } };
    await env.admin.db.collection(coll).insertOne({ _id: 'd', title: 't', n: 0, tags: [] });
    const a = await device({ collections });
    const b = await device({ collections });
    await a.client.syncNow();
    await b.client.syncNow();
    a.platform.setOnline(false);
    b.platform.setOnline(false);
    await a.collection(coll).updateOne({ _id: 'd' }, { $set: { title: 'A' }, $inc: { n: 1 }, $push: { tags: 'a' } });
    await b.collection(coll).updateOne({ _id: 'd' }, { $set: { title: 'B' }, $inc: { n: 2 }, $push: { tags: 'b' } });
    a.platform.setOnline(true);
    await a.client.syncNow();
    b.platform.setOnline(true);
    await b.client.syncNow();
    await b.client.waitForPendingWrites();
    await a.client.syncNow();
    expect(await serverDocs(env.admin, coll)).toEqual([expected]);
    expect(await localDocs(a, coll)).toEqual([expected]);
    expect(await localDocs(b, coll)).toEqual([expected]);
    expect(a.client.status().pendingWrites + b.client.status().pendingWrites).toBe(0);
  });

  it('$inc ×N on two offline clients adds 2N on the server under rebase', async () => {
    const N = 7;
    await env.admin.db.collection('counters').insertOne({ _id: 'c', n: 100 });
    const a = await device({ collections: { counters: {} } });
    const b = await device({ collections: { counters: {} } });
    await a.client.syncNow();
    await b.client.syncNow();
    a.platform.setOnline(false);
    b.platform.setOnline(false);
    for (let i = 0; i < N; i++) {
      await a.collection('counters').updateOne({ _id: 'c' }, { $inc: { n: 1 } });
      await b.collection('counters').updateOne({ _id: 'c' }, { $inc: { n: 1 } });
    }
    a.platform.setOnline(true);
    b.platform.setOnline(true);
    await Promise.all([a.client.syncNow(), b.client.syncNow()]);
    await Promise.all([a.client.waitForPendingWrites(), b.client.waitForPendingWrites()]);
    await Promise.all([a.client.syncNow(), b.client.syncNow()]);
    expect(await serverDocs(env.admin, 'counters')).toEqual([{ _id: 'c', n: 100 + 2 * N }]);
    expect(await localDocs(a, 'counters')).toEqual([{ _id: 'c', n: 100 + 2 * N }]);
    expect(await localDocs(b, 'counters')).toEqual([{ _id: 'c', n: 100 + 2 * N }]);
  });

  it.each([
    ['the deletion', true],
    ['the edit', false],
  ])('a delete on one client while the other edits: %s reaches the server first', async (_label, deleteFirst) => {
    const coll = deleteFirst ? 'del_first' : 'edit_first';
    await env.admin.db.collection(coll).insertOne({ _id: 'x', v: 1 });
    const a = await device({ collections: { [coll]: {} } });
    const b = await device({ collections: { [coll]: {} } });
    await a.client.syncNow();
    await b.client.syncNow();
    a.platform.setOnline(false);
    b.platform.setOnline(false);
    await a.collection(coll).deleteOne({ _id: 'x' });
    await b.collection(coll).updateOne({ _id: 'x' }, { $set: { v: 2 } });
    const [first, second] = deleteFirst ? [a, b] : [b, a];
    first.platform.setOnline(true);
    await first.client.syncNow();
    second.platform.setOnline(true);
    await second.client.syncNow();
    await first.client.syncNow();
    // Replayed on the server's state, the edit finds no document: the deletion stands everywhere.
    expect(await serverDocs(env.admin, coll)).toEqual([]);
    expect(await serverDocs(env.admin, coll, true)).toHaveLength(1);
    expect(await localDocs(a, coll)).toEqual([]);
    expect(await localDocs(b, coll)).toEqual([]);
  });
});

describe('server-side timing', () => {
  it('a write stamped early but committed after a faster one is still pulled (overlap window)', async () => {
    const clock = manualClock();
    const emulator = await createEmulator({ port: 0, now: clock });
    try {
      const writer = await anonymousSdk(emulator);
      const reader = await openDevice(emulator, PLACES[0]![1](), { collections: { feed: {} } });
      const hold = emulator.holdWrite({ collection: 'feed', command: 'updateOne' });
      const slow = writer.db.collection('feed').updateOne({ _id: 'slow' }, { $set: { _v: 's1', _vh: ['s1'] }, $currentDate: { _mt: true } }, { upsert: true });
      await hold.held;
      clock.advance(1_000);
      await writer.db.collection('feed').updateOne({ _id: 'fast' }, { $set: { _v: 'f1', _vh: ['f1'] }, $currentDate: { _mt: true } }, { upsert: true });
      await reader.client.syncNow();
      expect(await localDocs(reader, 'feed')).toEqual([{ _id: 'fast' }]);
      hold.release();
      await slow;
      await reader.client.syncNow();
      expect(await localDocs(reader, 'feed')).toEqual([{ _id: 'fast' }, { _id: 'slow' }]);
      await reader.client.close();
    } finally {
      await emulator.stop();
    }
  });

  it('a token that expires mid-sync is renewed by the SDK and the sync goes on', async () => {
    const clock = manualClock();
    const emulator = await createEmulator({ port: 0, now: clock, tokenTtlSeconds: 60 });
    try {
      const admin = await anonymousSdk(emulator);
      const a = await openDevice(emulator, PLACES[0]![1](), { collections: { todos: {} } });
      await a.collection('todos').insertOne({ _id: 1 });
      await a.client.syncNow();
      clock.advance(61_000);
      await a.collection('todos').insertOne({ _id: 2 });
      await admin.user.authorize({ authType: 'anonymous' });
      await admin.db.collection('todos').updateOne({ _id: 3 }, { $set: { _v: 'x', _vh: ['x'] }, $currentDate: { _mt: true } }, { upsert: true });
      await a.client.syncNow();
      await a.client.waitForPendingWrites();
      expect((await serverDocs(admin, 'todos')).length).toBe(3);
      expect(await localDocs(a, 'todos')).toEqual([{ _id: 1 }, { _id: 2 }, { _id: 3 }]);
      expect(a.client.status()).toMatchObject({ authorized: true, lastError: null });
      await a.client.close();
    } finally {
      await emulator.stop();
    }
  });
});
