import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, nodeFileKeeper, type SyncClient } from '../../src/index';
import { createEmulator, type Emulator } from '../../src/emulator';
import { seededRandom } from '../../src/core/random';
import { fileStorage, memoryStorage } from '../../src/store';
import { manualScheduler, memoryPlatform, nodeSdkAdapter } from '../../src/testing';
import { isPendingRef, type UploadAnswer } from '../../src/client/uploads/pending-ref';
import { newSdk, rejectionOf } from '../helpers/sdk';
import { download, emulatorFiles, MPServerless, statusUntil, uploadsSettled } from './upload-helpers';

const WRITER = fileURLToPath(new URL('../fixtures/upload-writer.ts', import.meta.url));

describe('offline uploads on Node (official SDK, emulator over HTTP, data folder)', () => {
  let emulator: Emulator;
  let dir: string;
  const clients: SyncClient[] = [];
  const photo = (name: string, size: number, fill: number) => {
    const path = join(dir, name);
    writeFileSync(path, new Uint8Array(size).fill(fill));
    return path;
  };
  const open = async (options: {
    storage?: ReturnType<typeof memoryStorage>;
    filesDir?: string;
    online?: boolean;
    seed: number;
    sdk?: unknown;
    realTime?: boolean;
  }) => {
    const platform = memoryPlatform({
      online: options.online ?? true,
      ...(options.filesDir ? { fileKeeper: nodeFileKeeper({ dir: options.filesDir }) } : {}),
    });
    const client = await createSyncClient({
      mpServerless: (options.sdk ?? newSdk(emulator)) as never,
      platform,
      storage: options.storage ?? memoryStorage(),
      collections: { reports: {} },
      // Real time only where a retry must happen by itself, with a back-off of a few ms.
      sync: options.realTime ? { pollIntervalMs: 0, backoff: { initialMs: 2, maxMs: 10 } } : { scheduler: manualScheduler(), pollIntervalMs: 0 },
      random: seededRandom(options.seed),
    });
    clients.push(client);
    return { client, platform };
  };

  // The SDK whose first upload POST reaches the emulator, which stores it and then drops the connection.
  const sdkDroppingFirstUploadAnswer = () => {
    let dropped = 0;
    const adapter = nodeSdkAdapter();
    const realUpload = adapter.uploadFile.bind(adapter);
    adapter.uploadFile = (o) => {
      if (dropped > 0) return realUpload(o);
      dropped++;
      emulator.setFaults({ dropResponseRate: 1 });
      realUpload({ ...o, complete: (result) => (emulator.setFaults({}), o.complete(result)) });
    };
    const sdk = new MPServerless(adapter, {
      appId: 'mpsync-test-app',
      spaceId: emulator.spaceId,
      clientSecret: emulator.clientSecret,
      endpoint: emulator.endpoint,
    });
    return { sdk, dropped: () => dropped };
  };
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'mpsync-upload-'));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offline upload → kill → restart → online: exactly one file, and another device pulls the real URL', async () => {
    const data = join(dir, 'kill-data');
    const files = join(dir, 'kill-files');
    const source = photo('inspection.jpg', 30_000, 7);
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, data, files, emulator.endpoint, emulator.spaceId, emulator.clientSecret, source], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ready = await new Promise<{ answer: Record<string, string>; status: Record<string, unknown> }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('ready '));
        if (line) resolve(JSON.parse(line.slice(6)) as never);
      });
      child.once('exit', (code) => reject(new Error(`the writer exited with ${code} before it was ready`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isPendingRef(ready.answer.fileId) && isPendingRef(ready.answer.fileUrl) && isPendingRef(ready.answer.filePath)).toBe(true);
    expect(ready.status).toMatchObject({ pendingUploads: 1, pendingUploadBytes: 30_000, pendingWrites: 1 });
    expect(readdirSync(files)).toHaveLength(1);
    expect(await emulatorFiles(emulator)).toEqual([]);

    // The app starts again, online now.
    const storage = fileStorage({ dir: data });
    const { client } = await open({ storage: storage, filesDir: files, seed: 11 });
    await uploadsSettled(client);
    const listed = await emulatorFiles(emulator);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.Size).toBe(30_000);
    const [mine] = (await client.db.collection('reports').find({})).result as Array<{ photo: string; attachments: Array<{ file: Record<string, string> }> }>;
    expect(mine!.photo).toMatch(/^https:\/\/.*\/__cdn\//);
    expect(mine!.attachments[0]!.file).toEqual({ fileId: listed[0]!.Id, fileUrl: mine!.photo, filePath: expect.stringMatching(/mpsync-uploads\//) });
    expect(await download(mine!.photo)).toEqual(new Uint8Array(30_000).fill(7));
    // The kept copy is gone once the documents were patched.
    expect(readdirSync(files)).toEqual([]);
    expect(client.status()).toMatchObject({ pendingUploads: 0, pendingUploadBytes: 0, pendingWrites: 0 });

    // Another device only ever sees the real URL.
    const { client: other } = await open({ seed: 12 });
    await other.syncNow();
    expect((await other.db.collection('reports').find({})).result).toEqual([mine]);
    const server = newSdk(emulator) as { init: (o: object) => Promise<void> } & {
      db: { collection: (n: string) => { find: (q: object) => Promise<{ result: unknown[] }> } };
    };
    await server.init({ authType: 'anonymous' });
    expect(JSON.stringify((await server.db.collection('reports').find({})).result)).not.toContain('mpsync-pending');
  });

  it('a lost answer (the upload applied, its reply dropped by the emulator) still gives exactly one file', async () => {
    const files = join(dir, 'lost-files');
    const source = photo('receipt.png', 4_000, 3);
    const { sdk, dropped } = sdkDroppingFirstUploadAnswer();
    const before = (await emulatorFiles(emulator)).length;
    const { client, platform } = await open({ filesDir: files, online: false, seed: 21, sdk, realTime: true });
    const answer = await client.file.uploadFile({ filePath: source });
    await client.db.collection('reports').insertOne({ _id: 'lost', receipt: answer.fileId });
    platform.setOnline(true);
    await uploadsSettled(client);
    expect(dropped()).toBe(1);
    const listed = await emulatorFiles(emulator);
    expect(listed).toHaveLength(before + 1);
    const doc = (await client.db.collection('reports').findOne({ _id: 'lost' })).result as { receipt: string };
    expect(listed.map((f) => f.Id)).toContain(doc.receipt);
    expect(await download(listed.find((f) => f.Id === doc.receipt)!.Url)).toEqual(new Uint8Array(4_000).fill(3));
  });

  it("refuses a file over the keeper's limits with QUOTA_EXCEEDED and keeps nothing", async () => {
    const files = join(dir, 'quota-files');
    const platform = memoryPlatform({ online: false, fileKeeper: nodeFileKeeper({ dir: files, limits: { maxFileBytes: 5_000, maxTotalBytes: 8_000 } }) });
    const client = await createSyncClient({
      mpServerless: newSdk(emulator) as never,
      platform,
      storage: memoryStorage(),
      collections: { reports: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
    });
    clients.push(client);
    const big = await rejectionOf(() => client.file.uploadFile({ filePath: photo('big.jpg', 6_000, 1) }));
    expect(big).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(big.message).toMatch(/at most 5000 bytes/);
    await client.file.uploadFile({ filePath: photo('first.jpg', 4_000, 1) });
    const total = await rejectionOf(() => client.file.uploadFile({ filePath: photo('second.jpg', 4_500, 1) }));
    expect(total).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(total.message).toMatch(/at most 8000 bytes of saved files/);
    expect(client.status()).toMatchObject({ pendingUploads: 1, pendingUploadBytes: 4_000 });
    expect(readdirSync(files)).toHaveLength(1);
    expect((await rejectionOf(() => client.file.uploadFile({ filePath: photo('notes.exe', 10, 1) }))).code).toBe('INVALID_ARGUMENT');
    expect((await rejectionOf(() => client.file.uploadFile({ filePath: join(dir, 'missing.png') }))).code).toBe('INVALID_ARGUMENT');
  });

  it('never pushes a pending reference, keeps the order, and deleteFile of a pending reference cancels it', async () => {
    const files = join(dir, 'order-files');
    const written: string[] = [];
    const sdk = newSdk(emulator) as {
      db: { collection: (n: string) => Record<string, (...a: unknown[]) => unknown> };
      file: { uploadFile: (o: { filePath: string }) => Promise<unknown> };
    };
    // Records every database call and every upload the client makes through the SDK.
    const collection = sdk.db.collection.bind(sdk.db);
    sdk.db.collection = (name) => {
      const real = collection(name);
      return new Proxy(real, {
        get: (t, p) => (typeof t[p as string] === 'function' ? (...a: unknown[]) => (written.push(JSON.stringify(a)), t[p as string]!(...a)) : t[p as string]),
      });
    };
    const uploaded: string[] = [];
    const upload = sdk.file.uploadFile.bind(sdk.file);
    sdk.file.uploadFile = (o) => (uploaded.push(String((o as { cloudPath?: unknown }).cloudPath)), upload(o));
    const { client, platform } = await open({ filesDir: files, online: false, seed: 31, sdk });
    const reports = client.db.collection('reports');
    const answers: UploadAnswer[] = [];
    for (const [i, name] of ['a.jpg', 'b.jpg', 'c.jpg'].entries()) {
      const answer = await client.file.uploadFile({ filePath: photo(name, 1_000 + i, i + 1) });
      answers.push(answer);
      await reports.insertOne({ _id: `o${i}`, photo: answer.fileUrl, nested: { list: [answer.fileId] } });
    }
    expect(client.status()).toMatchObject({ pendingUploads: 3, pendingUploadBytes: 3_003 });
    expect(await client.file.deleteFile(answers[1]!.fileId)).toEqual({ success: true });
    expect((await reports.findOne({ _id: 'o1' })).result).toEqual({ _id: 'o1', photo: null, nested: { list: [null] } });
    expect(client.status()).toMatchObject({ pendingUploads: 2, pendingUploadBytes: 2_002 });
    expect((await rejectionOf(() => client.file.deleteFile(answers[1]!.fileId))).code).toBe('INVALID_ARGUMENT');
    platform.setOnline(true);
    await uploadsSettled(client);
    expect(written.length).toBeGreaterThan(0);
    expect(written.join('\n')).not.toContain('mpsync-pending');
    // One upload per accepted file that was not cancelled, in the order they were accepted.
    const idOf = (ref: string) => ref.replace(/^mpsync-pending:/, '');
    expect(uploaded).toEqual([`mpsync-uploads/${idOf(answers[0]!.fileId)}.jpg`, `mpsync-uploads/${idOf(answers[2]!.fileId)}.jpg`]);
    const docs = (await reports.find({ _id: { $in: ['o0', 'o1', 'o2'] } }, { sort: { _id: 1 } })).result as Array<{
      photo: string | null;
      nested: { list: Array<string | null> };
    }>;
    expect(docs[0]!.photo).toMatch(/^https:/);
    expect(docs[2]!.photo).toMatch(/^https:/);
    expect(docs[1]!.photo).toBeNull();
    const info = await (sdk as unknown as { file: { info: (ids: string[]) => Promise<Array<{ fileId: string; size: number }>> } }).file.info([
      docs[0]!.nested.list[0]!,
      docs[2]!.nested.list[0]!,
    ]);
    expect(info.map((f) => f.size)).toEqual([1_000, 1_002]);
    expect(readdirSync(files)).toEqual([]);
  });

  it('a refused upload ends for good: a durable upload-failed notice, and the fields become null', async () => {
    const small = await createEmulator({ port: 0, maxFileBytes: 1_000 });
    try {
      const files = join(dir, 'refused-files');
      const storage = memoryStorage();
      const first = await open({ storage, filesDir: files, online: false, seed: 41, sdk: newSdk(small) });
      const answer = await first.client.file.uploadFile({ filePath: photo('huge.png', 2_000, 9) });
      await first.client.db.collection('reports').insertOne({ _id: 'f1', doc: answer.fileUrl });
      first.platform.setOnline(true);
      await uploadsSettled(first.client);
      const [notice] = first.client.notices();
      expect(first.client.notices()).toHaveLength(1);
      expect(notice).toMatchObject({ kind: 'upload-failed', collection: 'reports', docId: 'f1', fileId: answer.fileId, code: 'InvalidParameter' });
      expect(notice!.message).toMatch(/failed for good/);
      expect((await first.client.db.collection('reports').findOne({ _id: 'f1' })).result).toEqual({ _id: 'f1', doc: null });
      expect(first.client.status()).toMatchObject({ pendingUploads: 0, notices: 1 });
      expect(readdirSync(files)).toEqual([]);
      // The notice is kept across a restart, like a rejected write's.
      await first.client.close();
      clients.splice(clients.indexOf(first.client), 1);
      const second = await open({ storage, filesDir: files, seed: 42, sdk: newSdk(small) });
      expect(second.client.notices()).toEqual([notice]);
    } finally {
      for (const c of clients.splice(0)) await c.close();
      await small.stop();
    }
  });

  it("online with nothing queued, uploadFile is the SDK's own call", async () => {
    const { client } = await open({ filesDir: join(dir, 'direct-files'), seed: 51 });
    await statusUntil(client, (s) => s.authorized);
    const answer = await client.file.uploadFile({ filePath: photo('direct.gif', 700, 5) });
    expect(answer.fileUrl).toMatch(/^https:/);
    expect(client.status().pendingUploads).toBe(0);
    expect(await download(answer.fileUrl)).toEqual(new Uint8Array(700).fill(5));
    expect(typeof (client.file as { info?: unknown }).info).toBe('function');
  });

  it('offline, syncNow still settles with OFFLINE while an upload and the document naming it wait', async () => {
    const { client } = await open({ filesDir: join(dir, 'offline-files'), online: false, seed: 61 });
    const answer = await client.file.uploadFile({ filePath: photo('offline.jpg', 1_500, 4) });
    await client.db.collection('reports').insertOne({ _id: 's1', photo: answer.fileUrl });
    expect((await rejectionOf(() => client.syncNow())).code).toBe('OFFLINE');
    expect(client.status()).toMatchObject({ pendingUploads: 1, pendingUploadBytes: 1_500, pendingWrites: 1 });
  });

  it('a kept file that is gone ends its upload for good with a STORAGE_FAILED notice; the next upload goes on', async () => {
    const files = join(dir, 'gone-files');
    const { client, platform } = await open({ filesDir: files, online: false, seed: 71 });
    const lost = await client.file.uploadFile({ filePath: photo('gone.jpg', 900, 1) });
    const kept = await client.file.uploadFile({ filePath: photo('kept.jpg', 800, 2) });
    await client.db.collection('reports').insertOne({ _id: 'g1', photos: [lost.fileUrl, kept.fileUrl] });
    // Something outside the app removed the first kept file.
    const [first] = readdirSync(files)
      .sort((a, b) => statSync(join(files, a)).size - statSync(join(files, b)).size)
      .reverse();
    rmSync(join(files, first!));
    platform.setOnline(true);
    await uploadsSettled(client);
    expect(client.notices()).toEqual([
      expect.objectContaining({ kind: 'upload-failed', code: 'STORAGE_FAILED', collection: 'reports', docId: 'g1', fileId: lost.fileId }),
    ]);
    const doc = (await client.db.collection('reports').findOne({ _id: 'g1' })).result as { photos: Array<string | null> };
    expect(doc.photos[0]).toBeNull();
    expect(doc.photos[1]).toMatch(/^https:/);
    expect(await download(doc.photos[1]!)).toEqual(new Uint8Array(800).fill(2));
  });

  it('deleteFile while the upload is under way: the stored file is deleted once it answers, the field becomes null', async () => {
    const adapter = nodeSdkAdapter();
    const realUpload = adapter.uploadFile.bind(adapter);
    let started!: () => void;
    const uploading = new Promise<void>((resolve) => (started = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    adapter.uploadFile = (o) => {
      started();
      void released.then(() => realUpload(o));
    };
    const sdk = new MPServerless(adapter, {
      appId: 'mpsync-test-app',
      spaceId: emulator.spaceId,
      clientSecret: emulator.clientSecret,
      endpoint: emulator.endpoint,
    });
    const { client, platform } = await open({ filesDir: join(dir, 'cancel-files'), online: false, seed: 81, sdk });
    const answer = await client.file.uploadFile({ filePath: photo('cancelled.jpg', 1_200, 6) });
    await client.db.collection('reports').insertOne({ _id: 'c1', photo: answer.fileUrl });
    const before = (await emulatorFiles(emulator)).length;
    platform.setOnline(true);
    await uploading;
    expect(await client.file.deleteFile(answer.fileUrl)).toEqual({ success: true });
    release();
    await uploadsSettled(client);
    expect((await client.db.collection('reports').findOne({ _id: 'c1' })).result).toEqual({ _id: 'c1', photo: null });
    expect(await emulatorFiles(emulator)).toHaveLength(before);
    expect(client.notices()).toEqual([]);
  });

  it('online, an upload whose answer is lost is queued and retried to the same place: one file', async () => {
    const { sdk, dropped } = sdkDroppingFirstUploadAnswer();
    const { client } = await open({ filesDir: join(dir, 'direct-lost-files'), seed: 91, sdk, realTime: true });
    await statusUntil(client, (s) => s.authorized);
    const before = (await emulatorFiles(emulator)).length;
    const answer = await client.file.uploadFile({ filePath: photo('flaky.png', 2_000, 8) });
    expect(answer.fileId).toMatch(/^mpsync-pending:/);
    await client.db.collection('reports').insertOne({ _id: 'flaky', clip: answer.fileUrl });
    await uploadsSettled(client);
    expect(dropped()).toBe(1);
    const listed = await emulatorFiles(emulator);
    expect(listed).toHaveLength(before + 1);
    const doc = (await client.db.collection('reports').findOne({ _id: 'flaky' })).result as { clip: string };
    expect(await download(doc.clip)).toEqual(new Uint8Array(2_000).fill(8));
  });
});
