/**
 * Offline uploads in real Chromium: a `File` picked while offline is kept in IndexedDB, the page is
 * closed without closing the client (the app killed), a new page on the same origin comes online,
 * and the file lands on the emulator exactly once, its real URL in the document on the server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk } from '../helpers/sdk';
import { download, emulatorFiles } from '../files/upload-helpers';
import { launchChromium } from './demo-harness';

const HTML = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>upload</title></head>
<body><script type="module" src="/page.js"></script></body></html>`;

type UploadApp = {
  open(config: object): Promise<void>;
  accept(size: number): Promise<{ answer: { fileUrl: string }; status: { pendingUploads: number; pendingUploadBytes: number } }>;
  status(): { pendingUploads: number };
  settle(): Promise<{ status: { pendingUploads: number; pendingWrites: number }; doc: { photo: string; photoId: string } }>;
};

describe('offline uploads in Chromium (IndexedDB, the official SDK over fetch)', () => {
  let emulator: Emulator;
  let server: Server;
  let origin: string;
  let browser: Browser;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    const bundled = await build({
      entryPoints: [new URL('./upload-page.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      target: 'es2020',
      write: false,
      logLevel: 'warning',
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    const script = bundled.outputFiles[0]?.text ?? '';
    server = createServer((req, res) => {
      const js = new URL(req.url ?? '/', 'http://page').pathname === '/page.js';
      res.writeHead(200, { 'content-type': `${js ? 'text/javascript' : 'text/html'}; charset=utf-8`, 'cache-control': 'no-cache' });
      res.end(js ? script : HTML);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    await emulator.stop();
  });

  // The page loads online, then the network goes (a page cached offline would do the same).
  const openApp = async (page: Page) => {
    await page.context().setOffline(false);
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => 'uploadApp' in window);
    await page.context().setOffline(true);
    const config = { endpoint: emulator.endpoint, spaceId: emulator.spaceId, clientSecret: emulator.clientSecret };
    await page.evaluate((c) => (window as unknown as { uploadApp: UploadApp }).uploadApp.open(c), config);
  };

  it('offline upload → page killed → reopened → online: exactly one file, the real URL on the server', async () => {
    const context = await browser.newContext();
    try {
      const first = await context.newPage();
      await openApp(first);
      const accepted = await first.evaluate(() => (window as unknown as { uploadApp: UploadApp }).uploadApp.accept(40_000));
      expect(accepted.answer.fileUrl).toMatch(/^mpsync-pending:/);
      expect(accepted.status).toMatchObject({ pendingUploads: 1, pendingUploadBytes: 40_000 });
      // Killed: the page goes away without closing the client.
      await first.close();

      const second = await context.newPage();
      await openApp(second);
      expect(await second.evaluate(() => (window as unknown as { uploadApp: UploadApp }).uploadApp.status())).toMatchObject({ pendingUploads: 1 });
      const filesBefore = (await emulatorFiles(emulator)).length;
      await context.setOffline(false);
      const settled = await second.evaluate(() => (window as unknown as { uploadApp: UploadApp }).uploadApp.settle());
      expect(settled.status).toMatchObject({ pendingUploads: 0, pendingWrites: 0 });
      expect(settled.doc.photo).toMatch(/^https:\/\/.*\/__cdn\//);

      const listed = await emulatorFiles(emulator);
      expect(listed).toHaveLength(filesBefore + 1);
      expect(listed.map((f) => f.Id)).toContain(settled.doc.photoId);
      const sdk = await anonymousSdk(emulator);
      const onServer = ((await sdk.db.collection('reports').find({ _id: 'w1' })) as { result: Array<{ photo: string }> }).result;
      expect(onServer).toEqual([expect.objectContaining({ photo: settled.doc.photo })]);
      expect(await download(settled.doc.photo)).toEqual(new Uint8Array(40_000).fill(9));
    } finally {
      await context.close();
    }
  });
});
