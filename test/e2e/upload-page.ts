/**
 * The page `upload.test.ts` loads in Chromium (bundled with esbuild when the test runs): an app on
 * the web entry with the official SDK, on real IndexedDB. `window.uploadApp` is what the test calls.
 */
import MPServerless from '@alicloud/mpserverless-sdk';
import { createSyncClient, fetchSdkAdapter, web, type SyncClient } from '../../src/browser';

interface Config {
  readonly endpoint: string;
  readonly spaceId: string;
  readonly clientSecret: string;
}

let client: SyncClient | undefined;
let adapter: ReturnType<typeof fetchSdkAdapter> | undefined;

const opened = (): SyncClient => {
  if (!client) throw new Error('open() first');
  return client;
};

const uploadApp = {
  async open(config: Config): Promise<void> {
    adapter = fetchSdkAdapter(window);
    const mpServerless = new MPServerless(adapter, { appId: 'mpsync-upload-test', ...config });
    client = await createSyncClient({ mpServerless, platform: web(window, { databaseName: 'upload-test' }), collections: { reports: {} } });
  },
  /** A photo the user picked (a `File`), uploaded offline and stored in a document. */
  async accept(size: number): Promise<unknown> {
    const file = new File([new Uint8Array(size).fill(9)], 'site.png', { type: 'image/png' });
    const answer = await opened().file.uploadFile({ filePath: adapter!.filePathFor(file, 'site.png') });
    await opened().db.collection('reports').insertOne({ _id: 'w1', title: 'cracked wall', photo: answer.fileUrl, photoId: answer.fileId });
    return { answer, status: opened().status() };
  },
  status: (): unknown => opened().status(),
  /** Waits until every upload is done and every write confirmed. */
  async settle(): Promise<unknown> {
    const c = opened();
    await new Promise<void>((resolve) => {
      const check = () => {
        if (c.status().pendingUploads !== 0) return;
        stop();
        resolve();
      };
      const stop = c.onStatus(check);
      check();
    });
    await c.syncNow();
    await c.waitForPendingWrites();
    return { status: c.status(), doc: (await c.db.collection('reports').findOne({ _id: 'w1' })).result };
  },
};

(window as unknown as { uploadApp: typeof uploadApp }).uploadApp = uploadApp;
