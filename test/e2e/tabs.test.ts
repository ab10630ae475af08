/**
 * Many tabs, one device, in real Chromium: three pages of one origin open mpsync's web client on
 * one IndexedDB database; one holds it, the others go through it. The holder is closed in the
 * middle of a burst of writes from another tab.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk } from '../helpers/sdk';
import { serverDocs } from '../helpers/sync';
import { launchChromium } from './demo-harness';
import type { TabsPage } from './tabs-page';
import { bundleTabsPage, TABS_PAGE_HTML } from './tabs-page-bundle';

type Window = { tabsPage: Promise<TabsPage>; tabs: TabsPage };

describe('three tabs of one origin share one database in Chromium', () => {
  let browser: Browser;
  let emulator: Emulator;
  let server: Server;
  let origin: string;
  let config = '';
  beforeEach(async () => {
    emulator = await createEmulator({ port: 0 });
    config = JSON.stringify({ endpoint: emulator.endpoint, spaceId: emulator.spaceId, clientSecret: emulator.clientSecret });
  });
  afterEach(() => emulator.stop());
  beforeAll(async () => {
    const script = await bundleTabsPage();
    server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://tabs').pathname;
      const [type, body] =
        path === '/page.js' ? ['text/javascript', script] : path === '/config.json' ? ['application/json', config] : ['text/html', TABS_PAGE_HTML];
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const open = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(origin);
    await page.evaluate(async () => {
      await (window as unknown as Window).tabsPage;
    });
    expect(errors).toEqual([]);
    return page;
  };
  const shown = (page: Page) => page.evaluate(async () => (await (window as unknown as Window).tabsPage).shown);

  for (const end of ['closed', 'crashed'] as const) {
    it(`writes from every tab show live in every tab; the holder ${end} mid-burst hands over at once and every acknowledged write is on the server once`, async () => {
      const context = await browser.newContext();
      const [first, second, third] = [await open(context), await open(context), await open(context)];
      const pages = [first, second, third];

      for (const [i, page] of pages.entries()) {
        await page.evaluate(async (id) => {
          await (await (window as unknown as Window).tabsPage).client.db.collection('todos').insertOne({ _id: id });
        }, `from-${i}`);
      }
      await third.evaluate(async () => {
        await (await (window as unknown as Window).tabsPage).client.db.collection('todos').insertOne({ _id: 'counter', n: 0 });
      });
      for (const page of pages) {
        await page.waitForFunction(() => (window as unknown as Window).tabs.shown.join() === 'counter,from-0,from-1,from-2');
      }

      // The burst comes from the last tab in line; the holder goes after its tenth answer.
      await third.evaluate(async () => (await (window as unknown as Window).tabsPage).burst(50, 15));
      await third.waitForFunction(() => (window as unknown as Window).tabs.acknowledged.length >= 10);
      const closedAt = Date.now();
      if (end === 'closed') await first.close();
      else {
        // The renderer of the holder's page dies, as in a crash: no unload, no close of anything.
        const gone = new Promise((resolve) => first.once('crash', resolve));
        const cdp = await context.newCDPSession(first);
        void cdp.send('Page.crash').catch(() => undefined);
        await gone;
      }
      await third.waitForFunction(
        () => (window as unknown as Window).tabs.acknowledged.length + (window as unknown as Window).tabs.failures.length === 50,
        undefined,
        {
          timeout: 30_000,
        },
      );
      const { acknowledged, failures } = await third.evaluate(async () => {
        const page = await (window as unknown as Window).tabsPage;
        return { acknowledged: page.acknowledged, failures: page.failures };
      });
      expect(failures).toEqual([]);
      expect(new Set(acknowledged.map((a) => a.id)).size).toBe(50);
      // The next tab was granted the lock when the holder's went, opened the database and answered
      // the writes that waited: the burst never stood still for a second, before, across or after the close.
      expect(acknowledged.filter((a) => a.at < closedAt).length).toBeGreaterThanOrEqual(10);
      expect(acknowledged.filter((a) => a.at > closedAt).length).toBeGreaterThan(0);
      const stall = Math.max(...acknowledged.slice(1).map((a, i) => a.at - acknowledged[i]!.at));
      expect(stall).toBeLessThan(1000);

      // Every remaining tab shows every write; once pushed, the server holds each exactly once.
      const want = ['counter', 'from-0', 'from-1', 'from-2', ...acknowledged.map((a) => a.id)].sort();
      for (const page of [second, third]) {
        await page.waitForFunction((n) => (window as unknown as Window).tabs.shown.length === n, want.length);
        expect(await shown(page)).toEqual(want);
      }
      await second.evaluate(async () => {
        const { client } = await (window as unknown as Window).tabsPage;
        await client.syncNow();
        await client.waitForPendingWrites();
      });
      const docs = (await serverDocs(await anonymousSdk(emulator), 'todos')) as Array<{ _id: string; n?: number }>;
      expect(docs.map((d) => d._id).sort()).toEqual(want);
      expect(docs.find((d) => d._id === 'counter')).toEqual({ _id: 'counter', n: 50 });
      await context.close();
    }, 90_000);
  }
});
