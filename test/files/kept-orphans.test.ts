import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, nodeFileKeeper, type SyncClient } from '../../src/index';
import { createEmulator, type Emulator } from '../../src/emulator';
import { seededRandom } from '../../src/core/random';
import { fileStorage, memoryStorage } from '../../src/store';
import { manualScheduler, memoryPlatform } from '../../src/testing';
import type { FileKeeper, KeeperLimits } from '../../src/model/file-keeper';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { webFileKeeper } from '../../src/platform/web-file-keeper';
import { dexieBlobStore } from '../../src/store/dexie-blobs';
import { sweepKeptFiles } from '../../src/client/uploads/sweep-kept';
import { UploadQueue } from '../../src/client/uploads/upload-queue';
import { newSdk, rejectionOf } from '../helpers/sdk';

describe('kept files left behind by a kill are swept when the uploader opens', () => {
  let emulator: Emulator;
  let dir: string;
  const clients: SyncClient[] = [];
  let counter = 0;
  const photo = (size: number, fill: number) => {
    const path = join(dir, `photo-${++counter}.jpg`);
    writeFileSync(path, new Uint8Array(size).fill(fill));
    return path;
  };
  const open = async (data: string, keeper: FileKeeper, seed: number) => {
    const client = await createSyncClient({
      mpServerless: newSdk(emulator) as never,
      platform: memoryPlatform({ online: false, fileKeeper: keeper }),
      storage: fileStorage({ dir: data }),
      collections: { reports: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
      random: seededRandom(seed),
    });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'mpsync-orphans-'));
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a kill right after the file was kept (no record yet): reopening removes the copy and frees the quota; queued files stay', async () => {
    const data = join(dir, 'kill-data');
    const files = join(dir, 'kill-files');
    const limits: KeeperLimits = { maxTotalBytes: 10_000 };
    const keeper = () => nodeFileKeeper({ dir: files, limits });

    const first = await open(data, keeper(), 1);
    const queued = await first.file.uploadFile({ filePath: photo(4_000, 1) });
    await first.db.collection('reports').insertOne({ _id: 'r1', photo: queued.fileUrl });
    // The next upload is killed between keeping the file and storing its record: the app never
    // got an answer, and the copy is named by nothing.
    const orphan = await keeper().save(photo(5_000, 2));
    await first.close();
    expect(readdirSync(files).sort()).toHaveLength(2);
    // While the orphan takes its 5,000 bytes, the next file does not fit.
    expect(await rejectionOf(() => keeper().save(photo(3_000, 3)))).toMatchObject({ code: 'QUOTA_EXCEEDED' });

    const second = await open(data, keeper(), 2);
    expect(await keeper().list()).toEqual([expect.objectContaining({ size: 4_000 })]);
    expect(readdirSync(files).map((name) => join(files, name))).not.toContain(orphan.keptPath);
    expect(await keeper().bytesUsed()).toBe(4_000);
    expect(second.status()).toMatchObject({ pendingUploads: 1, pendingUploadBytes: 4_000 });
    // The quota is free again: the same file is accepted now.
    const next = await second.file.uploadFile({ filePath: photo(3_000, 3) });
    expect(next.fileId).toMatch(/^mpsync-pending:/);
    expect(second.status()).toMatchObject({ pendingUploads: 2, pendingUploadBytes: 7_000 });
    expect(await keeper().bytesUsed()).toBe(7_000);
  });

  it("keeps the files every partition's queue names, and removes only the others", async () => {
    const storage = memoryStorage();
    const keeper = nodeFileKeeper({ dir: join(dir, 'partitions-files') });
    const alice = await UploadQueue.open(storage, 'user:alice');
    const bob = await UploadQueue.open(storage, 'user:bob');
    const a = await keeper.save(photo(100, 4));
    const b = await keeper.save(photo(200, 5));
    const lost = await keeper.save(photo(300, 6));
    await alice.put({ id: 'a'.repeat(24), key: alice.nextKey('a'.repeat(24)), keptPath: a.keptPath, size: a.size, options: { cloudPath: 'a.jpg' } });
    await bob.put({ id: 'b'.repeat(24), key: bob.nextKey('b'.repeat(24)), keptPath: b.keptPath, size: b.size, options: { cloudPath: 'b.jpg' } });

    expect(await sweepKeptFiles(storage, keeper)).toEqual([lost.keptPath]);
    expect((await keeper.list())?.map((f) => f.keptPath).sort()).toEqual([a.keptPath, b.keptPath].sort());
    // A second sweep finds nothing more to remove.
    expect(await sweepKeptFiles(storage, keeper)).toEqual([]);
  });

  it('a user switch while a file is being kept waits for its record: the next session sweeps nothing', async () => {
    const storage = memoryStorage();
    const real = nodeFileKeeper({ dir: join(dir, 'switch-files') });
    let release: () => void = () => undefined;
    let reached: () => void = () => undefined;
    const saving = new Promise<void>((resolve) => (reached = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The first save is held after its copy is made, before the uploader can store its record.
    let holding = false;
    let sweptWhileHeld = false;
    const keeper: FileKeeper = {
      ...real,
      save: async (filePath) => {
        const kept = await real.save(filePath);
        if (!holding && !sweptWhileHeld) {
          holding = true;
          reached();
          await gate;
          holding = false;
        }
        return kept;
      },
      list: () => {
        // The next session's sweep: it must not run while a file is kept but not yet named.
        if (holding) {
          sweptWhileHeld = true;
          release();
        }
        return real.list();
      },
    };
    const platform = memoryPlatform({ online: true, fileKeeper: keeper });
    const client = await createSyncClient({
      mpServerless: newSdk(emulator, { authCode: 'switching-user' }) as never,
      platform,
      storage,
      collections: { reports: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
      random: seededRandom(5),
    });
    clients.push(client);
    await client.signIn({ authProvider: 'alipay_openapi' });
    platform.setOnline(false);
    const upload = client.file.uploadFile({ filePath: photo(600, 7) });
    await saving;
    const signOut = client.signOut();
    // Let the switch run as far as it can while the save is held; a switch that does not wait for
    // the save sweeps (and so releases it) within these turns (a few hundred on an idle machine).
    for (let turn = 0; turn < 5000 && holding; turn++) await new Promise((resolve) => setImmediate(resolve));
    release();
    const answer = await upload;
    await signOut;
    expect(sweptWhileHeld).toBe(false);
    expect(answer.fileId).toMatch(/^mpsync-pending:/);
    expect(await real.list()).toEqual([expect.objectContaining({ size: 600 })]);
    // The signed-in user's queue names the file, so no sweep removes it.
    expect(await sweepKeptFiles(storage, real)).toEqual([]);
  });

  it('listing an IndexedDB keeper that never kept a file does not create its database', async () => {
    const databaseName = 'orphans-never-used-files';
    const keeper = webFileKeeper({ blobs: dexieBlobStore({ indexedDB, IDBKeyRange, databaseName }), fetch: (url) => fetch(url) });
    expect(await sweepKeptFiles(memoryStorage(), keeper)).toEqual([]);
    expect(await keeper.list()).toEqual([]);
    expect((await indexedDB.databases()).map((info) => info.name)).not.toContain(databaseName);
  });

  it('sweeps nothing with a keeper that cannot tell its own files apart', async () => {
    const removed: string[] = [];
    const keeper: FileKeeper = {
      limits: {},
      save: () => Promise.reject(new Error('not used')),
      uploadPath: (keptPath) => Promise.resolve(keptPath),
      remove: (keptPath) => {
        removed.push(keptPath);
        return Promise.resolve();
      },
      bytesUsed: () => Promise.resolve(0),
      list: () => Promise.resolve(undefined),
    };
    expect(await sweepKeptFiles(memoryStorage(), keeper)).toEqual([]);
    expect(removed).toEqual([]);
  });
});
