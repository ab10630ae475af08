import { describe, expect, it } from 'vitest';
import type { ConflictRule } from '../../src/client/options';
import type { Notice } from '../../src/model/notice';
import { localDocs, PLACES, serverDocs, useEmulatorDevices, type Device } from '../helpers/sync';

type Change = 'edit' | 'delete';

describe.each(PLACES)('conflict notices on %s storage', (_name, makePlace) => {
  const env = useEmulatorDevices(makePlace, 3);
  const device = env.device;
  let colls = 0;

  const apply = async (d: Device, coll: string, change: Change, title: string) => {
    if (change === 'delete') await d.collection(coll).deleteOne({ _id: 'd' });
    else await d.collection(coll).updateOne({ _id: 'd' }, { $set: { title } });
  };

  /**
   * Two devices hold `{ _id: 'd', title: 't', n: 0 }`; both go offline and change it; `first`'s
   * change reaches the server first, then `second`'s meets it. Returns both devices, the notices
   * each heard, and the collection.
   */
  const race = async (rule: ConflictRule, first: Change, second: Change) => {
    const coll = `c${++colls}`;
    const collections = { [coll]: { conflict: rule } };
    await env.admin.db.collection(coll).insertOne({ _id: 'd', title: 't', n: 0 });
    const a = await device({ collections });
    const b = await device({ collections });
    const heard: Notice[][] = [[], []];
    a.client.onNotice((n) => heard[0]!.push(n));
    b.client.onNotice((n) => heard[1]!.push(n));
    await a.client.syncNow();
    await b.client.syncNow();
    a.platform.setOnline(false);
    b.platform.setOnline(false);
    await apply(a, coll, first, 'from A');
    await apply(b, coll, second, 'from B');
    a.platform.setOnline(true);
    await a.client.syncNow();
    b.platform.setOnline(true);
    await b.client.syncNow();
    await b.client.waitForPendingWrites();
    await a.client.syncNow();
    await b.client.syncNow();
    return { a, b, coll, heard };
  };

  it('rebase: edits of different fields are merged, and the second writer is told what stands', async () => {
    const coll = `c${++colls}`;
    await env.admin.db.collection(coll).insertOne({ _id: 'd', title: 't', n: 0 });
    const a = await device({ collections: { [coll]: {} } });
    const b = await device({ collections: { [coll]: {} } });
    await a.client.syncNow();
    await b.client.syncNow();
    a.platform.setOnline(false);
    b.platform.setOnline(false);
    await a.collection(coll).updateOne({ _id: 'd' }, { $set: { title: 'from A' } });
    await b.collection(coll).updateOne({ _id: 'd' }, { $inc: { n: 5 } });
    a.platform.setOnline(true);
    await a.client.syncNow();
    b.platform.setOnline(true);
    await b.client.syncNow();
    await b.client.waitForPendingWrites();
    const merged = { _id: 'd', title: 'from A', n: 5 };
    expect(await serverDocs(env.admin, coll)).toEqual([merged]);
    expect(a.client.notices()).toEqual([]);
    expect(b.client.notices()).toEqual([
      expect.objectContaining({
        kind: 'conflict',
        collection: coll,
        docId: 'd',
        rule: 'rebase',
        local: { _id: 'd', title: 't', n: 5 },
        server: { _id: 'd', title: 'from A', n: 0 },
        result: merged,
      }),
    ]);
    expect(b.client.notices()[0]!.message).toBe(`your edit to ${coll} "d" was merged with a change made on another device (conflict rule rebase)`);
    expect(b.client.status().notices).toBe(1);
  });

  it('rebase: the same field written on both sides ends with the second write, as written: no notice', async () => {
    const { a, b, coll, heard } = await race('rebase', 'edit', 'edit');
    expect(await serverDocs(env.admin, coll)).toEqual([{ _id: 'd', title: 'from B', n: 0 }]);
    expect(heard).toEqual([[], []]);
    expect(a.client.notices()).toEqual([]);
    expect(b.client.notices()).toEqual([]);
  });

  it('rebase: an edit that meets a deletion is dropped, and the editor is told', async () => {
    const { a, b, coll, heard } = await race('rebase', 'delete', 'edit');
    expect(await serverDocs(env.admin, coll)).toEqual([]);
    expect(await localDocs(b, coll)).toEqual([]);
    expect(a.client.notices()).toEqual([]);
    const [notice] = b.client.notices();
    expect(b.client.notices()).toHaveLength(1);
    expect(notice).toMatchObject({ kind: 'conflict', docId: 'd', rule: 'rebase', local: { _id: 'd', title: 'from B', n: 0 }, server: null, result: null });
    expect(notice!.message).toBe(`your edit to ${coll} "d" was dropped: it was deleted on another device (conflict rule rebase)`);
    // Heard once, when it was stored, although later rounds ran.
    expect(heard[1]).toEqual([notice]);
  });

  it('rebase: a deletion that meets an edit deletes, as written: no notice', async () => {
    const { a, b, coll } = await race('rebase', 'edit', 'delete');
    expect(await serverDocs(env.admin, coll)).toEqual([]);
    expect(await localDocs(a, coll)).toEqual([]);
    expect(a.client.notices()).toEqual([]);
    expect(b.client.notices()).toEqual([]);
  });

  it('server-wins: an edit is replaced by the server version', async () => {
    const { b, coll } = await race('server-wins', 'edit', 'edit');
    const server = { _id: 'd', title: 'from A', n: 0 };
    expect(await localDocs(b, coll)).toEqual([server]);
    expect(b.client.notices()).toEqual([
      expect.objectContaining({ kind: 'conflict', rule: 'server-wins', local: { _id: 'd', title: 'from B', n: 0 }, server, result: server }),
    ]);
    expect(b.client.notices()[0]!.message).toMatch(/^your edit to c\d+ "d" was replaced: it was changed on another device/);
  });

  it('server-wins: an edit that meets a deletion is dropped', async () => {
    const { b, coll } = await race('server-wins', 'delete', 'edit');
    expect(await localDocs(b, coll)).toEqual([]);
    expect(b.client.notices()).toEqual([
      expect.objectContaining({ rule: 'server-wins', local: { _id: 'd', title: 'from B', n: 0 }, server: null, result: null }),
    ]);
    expect(b.client.notices()[0]!.message).toMatch(/was dropped: it was deleted on another device/);
  });

  it('server-wins: a deletion that meets an edit is undone', async () => {
    const { b, coll } = await race('server-wins', 'edit', 'delete');
    const server = { _id: 'd', title: 'from A', n: 0 };
    expect(await serverDocs(env.admin, coll)).toEqual([server]);
    expect(await localDocs(b, coll)).toEqual([server]);
    expect(b.client.notices()).toEqual([expect.objectContaining({ rule: 'server-wins', local: null, server, result: server })]);
    expect(b.client.notices()[0]!.message).toMatch(/^your deletion of c\d+ "d" was undone/);
  });

  it.each([
    ['edit', 'edit'],
    ['delete', 'edit'],
    ['edit', 'delete'],
  ] as const)('client-wins: %s then %s keeps the second write as written: no notice', async (first, second) => {
    const { a, b, coll } = await race('client-wins', first, second);
    const expected = second === 'delete' ? [] : [{ _id: 'd', title: 'from B', n: 0 }];
    expect(await serverDocs(env.admin, coll)).toEqual(expected);
    expect(await localDocs(a, coll)).toEqual(expected);
    expect(a.client.notices()).toEqual([]);
    expect(b.client.notices()).toEqual([]);
  });

  it('a function rule: a changed result is a notice with rule "function"; returning the local document is none', async () => {
    const joined = await race((server, local) => ({ ...server, title: `${server?.title as string}+${local?.title as string}` }), 'edit', 'edit');
    expect(joined.b.client.notices()).toEqual([
      expect.objectContaining({ rule: 'function', local: { _id: 'd', title: 'from B', n: 0 }, result: { _id: 'd', title: 'from A+from B', n: 0 } }),
    ]);
    const kept = await race((_server, local) => local, 'edit', 'edit');
    expect(kept.b.client.notices()).toEqual([]);
    expect(await serverDocs(env.admin, kept.coll)).toEqual([{ _id: 'd', title: 'from B', n: 0 }]);
  });

  it('a retried write whose first answer was lost is no conflict', async () => {
    const coll = `c${++colls}`;
    await env.admin.db.collection(coll).insertOne({ _id: 'd', title: 't', n: 0 });
    const a = await device({ collections: { [coll]: { conflict: 'server-wins' } } });
    await a.client.syncNow();
    a.platform.setOnline(false);
    await a.collection(coll).updateOne({ _id: 'd' }, { $set: { title: 'landed' } });
    env.emulator.setFaults({ dropResponseRate: 1, seed: 1 });
    a.platform.setOnline(true);
    await expect(a.client.syncNow()).rejects.toMatchObject({ code: 'OFFLINE' });
    env.emulator.setFaults({});
    await a.client.syncNow();
    await a.client.waitForPendingWrites();
    expect(await serverDocs(env.admin, coll)).toEqual([{ _id: 'd', title: 'landed', n: 0 }]);
    expect(a.client.notices()).toEqual([]);
  });

  it('a conflict notice is durable: still there after a restart, heard once, gone when dismissed', async () => {
    const { b, heard } = await race('rebase', 'delete', 'edit');
    const [notice] = b.client.notices();
    expect(notice).toMatchObject({ kind: 'conflict', rule: 'rebase' });
    await b.restart();
    expect(b.client.notices()).toEqual([notice]);
    expect(b.client.status().notices).toBe(1);
    await b.client.syncNow();
    expect(b.client.notices()).toEqual([notice]);
    expect(heard[1]).toEqual([notice]);
    await b.client.dismissNotices([notice!.id]);
    await b.restart();
    expect(b.client.notices()).toEqual([]);
  });
});
