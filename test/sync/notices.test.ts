import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Notice } from '../../src/model/notice';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk, rejectionOf, type Sdk } from '../helpers/sdk';
import { localDocs, openDevice, PLACES, serverDocs, type Device } from '../helpers/sync';

const MiB = 1024 * 1024;

describe.each(PLACES)('a write that does not end as written, on %s storage', (_name, makePlace) => {
  // A small request limit on this emulator: writes that pass the client's 4 MiB check locally are
  // refused by the server, the way a permission rule or a server-side limit refuses them.
  let strict: Emulator;
  let admin: Sdk;
  const devices: Device[] = [];
  let seeds = 0;
  const device = async (emulator: Emulator, options: Parameters<typeof openDevice>[2] = {}) => {
    const d = await openDevice(emulator, makePlace(), { seed: ++seeds * 100 + 7, ...options });
    devices.push(d);
    return d;
  };
  beforeAll(async () => {
    strict = await createEmulator({ port: 0, maxBodyBytes: 20_000 });
    admin = await anonymousSdk(strict);
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.client.close();
  });
  afterAll(() => strict.stop());

  it('is refused at write time when it cannot fit in a request, with the error the SDK gets online', async () => {
    const a = await device(strict, { online: false });
    const todos = a.collection('todos');
    await todos.insertOne({ _id: 'small', title: 'fits' });
    const huge = 'x'.repeat(4 * MiB);
    const offline = await rejectionOf(() => todos.insertOne({ _id: 'big', photo: huge }));
    expect(offline).toMatchObject({ code: 'RequestTooLarge' });
    expect(offline.message).toMatch(/more than the \d+ a request leaves for it/);
    const grown = await rejectionOf(() => todos.updateOne({ _id: 'small' }, { $set: { photo: huge } }));
    expect(grown.code).toBe('RequestTooLarge');
    // Quotes double on the wire: a document under 4 MiB as JSON is still too large to send.
    expect((await rejectionOf(() => todos.insertOne({ _id: 'quotes', q: '"'.repeat(2.5 * MiB) }))).code).toBe('RequestTooLarge');
    expect(await localDocs(a, 'todos')).toEqual([{ _id: 'small', title: 'fits' }]);
    expect(a.client.status().pendingWrites).toBe(1);
    // Online the SDK fails the same way (the default emulator takes 4 MiB bodies).
    const open = await createEmulator({ port: 0 });
    try {
      const online = await rejectionOf(async () => (await anonymousSdk(open)).db.collection('todos').insertOne({ _id: 'big', photo: huge }));
      expect(online.code).toBe('RequestTooLarge');
    } finally {
      await open.stop();
    }
  });

  it('refused by the server for good: rolled back, and a durable rejected notice keeps what was lost until dismissed', async () => {
    const a = await device(strict, { online: false });
    const heard: Notice[] = [];
    const stop = a.client.onNotice((notice) => heard.push(notice));
    const big = { _id: 'r1', title: 'too big for this server', pad: 'p'.repeat(30_000) };
    await a.collection('todos').insertOne(big);
    await a.collection('todos').insertOne({ _id: 'ok', title: 'fine' });
    a.platform.setOnline(true);
    await a.client.syncNow();
    await a.client.waitForPendingWrites();
    expect(await serverDocs(admin, 'todos')).toEqual([{ _id: 'ok', title: 'fine' }]);
    expect(await localDocs(a, 'todos')).toEqual([{ _id: 'ok', title: 'fine' }]);
    const [notice] = a.client.notices();
    expect(a.client.notices()).toHaveLength(1);
    expect(notice).toMatchObject({ kind: 'rejected', collection: 'todos', docId: 'r1', local: big, server: null, code: 'RequestTooLarge' });
    expect(notice!.message).toMatch(/refused the write to todos .*rolled back/);
    expect(heard).toEqual([notice]);
    // The round completed, so lastError is clear again: the notice is the trace that stays,
    // through later rounds and a restart.
    expect(a.client.status()).toMatchObject({ notices: 1, lastError: null });
    await a.client.syncNow();
    expect(a.client.status()).toMatchObject({ notices: 1, lastError: null });
    stop();
    await a.restart();
    expect(a.client.notices()).toEqual([notice]);
    expect(a.client.status().notices).toBe(1);
    await a.client.dismissNotices([notice!.id, 'no-such-id']);
    expect(a.client.notices()).toEqual([]);
    expect(a.client.status().notices).toBe(0);
    await a.restart();
    expect(a.client.notices()).toEqual([]);
    expect(heard).toHaveLength(1);
    await expect(a.client.dismissNotices('x' as unknown as string[])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('a refused update keeps the server state and records the local one', async () => {
    await admin.db.collection('notes').insertOne({ _id: 'n', text: 'server' });
    const a = await device(strict, { collections: { notes: {} } });
    await a.client.syncNow();
    a.platform.setOnline(false);
    await a.collection('notes').updateOne({ _id: 'n' }, { $set: { text: 'local', pad: 'q'.repeat(30_000) } });
    a.platform.setOnline(true);
    await a.client.syncNow();
    await a.client.waitForPendingWrites();
    expect(await localDocs(a, 'notes')).toEqual([{ _id: 'n', text: 'server' }]);
    expect(a.client.notices()).toEqual([
      expect.objectContaining({
        kind: 'rejected',
        docId: 'n',
        code: 'RequestTooLarge',
        server: { _id: 'n', text: 'server' },
        local: { _id: 'n', text: 'local', pad: 'q'.repeat(30_000) },
      }),
    ]);
  });
});
