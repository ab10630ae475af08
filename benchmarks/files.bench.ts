import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyncClient, nodeFileKeeper } from '../src/index';
import { createEmulator } from '../src/emulator';
import { memoryPlatform, memoryStorage, nodeSdkAdapter } from '../src/testing';
import { report } from './harness';

type FileService = { uploadFile(o: { filePath: string }): Promise<{ fileUrl: string; fileId: string }> };
type Sdk = { init(o: unknown): Promise<unknown>; file: FileService; db: { collection(n: string): object } };
const MPServerless = createRequire(import.meta.url)('@alicloud/mpserverless-sdk') as new (app: unknown, o: unknown) => Sdk;

const FILES = 20;
const SIZE = 1024 * 1024;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * 20 photos of 1 MB taken offline: after the network returns, the client uploads its queue (in
 * order, one at a time, each document patched with the real URL and pushed), beside the official
 * SDK uploading the same files online one by one. Both against one emulator over HTTP.
 */
export async function filesBench(): Promise<void> {
  const emulator = await createEmulator({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-files-bench-'));
  try {
    const paths = Array.from({ length: FILES }, (_, i) => {
      const path = join(dir, `photo-${i}.jpg`);
      writeFileSync(path, new Uint8Array(SIZE).fill(i));
      return path;
    });
    const sdkOptions = { appId: 'bench', spaceId: emulator.spaceId, clientSecret: emulator.clientSecret, endpoint: emulator.endpoint };

    const platform = memoryPlatform({ online: false, fileKeeper: nodeFileKeeper({ dir: join(dir, 'kept') }) });
    const client = await createSyncClient({
      mpServerless: new MPServerless(nodeSdkAdapter(), sdkOptions),
      platform,
      storage: memoryStorage(),
      collections: { reports: {} },
      sync: { pollIntervalMs: 0, sweepIntervalMs: 0 },
    });
    const reports = client.db.collection('reports');
    for (const [i, filePath] of paths.entries()) {
      const { fileUrl } = await client.file.uploadFile({ filePath });
      await reports.insertOne({ _id: `r${i}`, photo: fileUrl });
    }
    const steps: Record<'authorized' | 'uploaded', number> = { authorized: 0, uploaded: 0 };
    const start = performance.now();
    const subject = await timed(async () => {
      const done = new Promise<void>((resolve) => {
        const stop = client.onStatus((s) => {
          if (s.authorized && !steps.authorized) steps.authorized = performance.now() - start;
          if (s.pendingUploads > 0) return;
          steps.uploaded = performance.now() - start;
          stop();
          resolve();
        });
      });
      platform.setOnline(true);
      await done;
      await client.syncNow();
      await client.waitForPendingWrites();
    });
    await client.close();

    const sdk = new MPServerless(nodeSdkAdapter(), sdkOptions);
    const authorization = await timed(() => sdk.init({ authType: 'anonymous' }));
    const baseline = await timed(async () => {
      for (const filePath of paths) await sdk.file.uploadFile({ filePath });
    });
    // What an online app does with each photo: upload it, then write the document holding its URL.
    const withDocuments = await timed(async () => {
      for (const [i, filePath] of paths.entries()) {
        const { fileUrl } = await sdk.file.uploadFile({ filePath });
        await (sdk.db.collection('reports_online') as { insertOne(d: object): Promise<unknown> }).insertOne({ _id: `r${i}`, photo: fileUrl });
      }
    });
    const notes =
      `mpsync's time includes authorizing after the reconnect (${steps.authorized.toFixed(0)} ms in; the SDK's own authorization took ` +
      `${authorization.toFixed(0)} ms, not counted in its figures), the last upload done at ${steps.uploaded.toFixed(0)} ms, then the document pushes`;
    report({
      name: `files: ${FILES} uploads of 1 MB and their documents, queued offline, after the network returns`,
      unit: 'ms',
      higherIsBetter: false,
      subject: { label: 'mpsync: reconnect until every upload is done and every document carries its URL on the server', value: subject },
      baseline: { label: `official SDK online: each upload, then insertOne of its document`, value: withDocuments },
      notes,
    });
    report({
      name: `files: ${FILES} uploads of 1 MB queued offline, then the network returns`,
      unit: 'ms',
      higherIsBetter: false,
      subject: { label: 'mpsync: reconnect until every upload is done and every document carries its URL on the server', value: subject },
      baseline: { label: `official SDK: the same ${FILES} uploads online, one by one (no documents)`, value: baseline },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await emulator.stop();
  }
}
