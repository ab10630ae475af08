import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient, nodeFileKeeper, type SyncClient } from '../../src/index';
import { createEmulator, type Emulator } from '../../src/emulator';
import { seededRandom } from '../../src/core/random';
import { fileStorage, memoryStorage } from '../../src/store';
import { manualScheduler, memoryPlatform, nodeSdkAdapter } from '../../src/testing';
import { isPendingRef } from '../../src/client/uploads/pending-ref';
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
  const open = async (options: { storage?: ReturnType<typeof memoryStorage>; filesDir?: string; online?: boolean; seed: number; sdk?: unknown }) => {
    const platform = memoryPlatform({
      online: options.online ?? true,
      ...(options.filesDir ? { fileKeeper: nodeFileKeeper({ dir: options.filesDir }) } : {}),
    });
    const client = await createSyncClient({
      mpServerless: (options.sdk ?? newSdk(emulator)) as never,
      platform,
      storage: options.storage ?? memoryStorage(),
      collections: { reports: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
      random: seededRandom(options.seed),
    });
    clients.push(client);
    return { client, platform };
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
    const { client } = await open({ storage: storage as never, filesDir: files, seed: 11 });
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
    const server = (await (newSdk(emulator) as { init: (o: object) => Promise<void> } & { db: { collection: (n: string) => { find: (q: object) => Promise<{ result: unknown[] }> } } }));
    await server.init({ authType: 'anonymous' });
    expect(JSON.stringify((await server.db.collection('reports').find({})).result)).not.toContain('mpsync-pending');
  });
});
