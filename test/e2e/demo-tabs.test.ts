/**
 * The web demo's device is the browser profile: its tabs share one database, and nothing written
 * in a tab is lost when the tab closes — neither in the shared database nor in the per-tab
 * databases earlier versions of the demo left behind.
 */
import type { BrowserContext } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { anonymousSdk } from '../helpers/sdk';
import { DemoTab, useDemoSite } from './demo-harness';
import type { TabsPage } from './tabs-page';
import { bundleTabsPage, TABS_PAGE_HTML } from './tabs-page-bundle';

interface ServerTodo {
  _id: string;
  title: string;
}

describe('the web demo in Chromium: one device per browser profile', () => {
  const fixture = useDemoSite();
  const site = () => fixture.site();
  // One device: every page of a test opens in this context.
  let context: BrowserContext;
  beforeEach(async () => {
    context = await fixture.newContext();
  });

  const url = () => `${site().demo.url}/?poll=300`;
  const onServer = async (): Promise<string[]> => {
    const sdk = await anonymousSdk(site().emulator);
    return ((await sdk.db.collection('todos').find({ _deleted: { $ne: true } })).result as ServerTodo[]).map((t) => t.title).sort();
  };
  const databases = (tab: DemoTab) => tab.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').sort());

  it('tabs of one profile are one device; a write made offline in a tab that then closed reaches the server when a tab opens online', async () => {
    const first = await DemoTab.open(context, url());
    const second = await DemoTab.open(context, url());
    expect(second.device).toBe(first.device);
    await first.add('from the first tab');
    // Live in the other tab: it goes through the tab that holds the database.
    await second.item('from the first tab').waitFor();
    await second.waitForSynced(['from the first tab']);

    await second.setOnline(false);
    // The switch belongs to the device: the other tab follows it.
    await first.page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="status"]')?.dataset.online === 'false');
    await second.add('written offline');
    await first.item('written offline').waitFor();
    expect((await second.status()).pendingWrites).toBe(1);
    await second.page.close();
    await first.page.close();
    expect(await onServer()).toEqual(['from the first tab']);

    await context.setOffline(false);
    const third = await DemoTab.open(context, url());
    await third.setOnline(true);
    await third.waitForSynced(['from the first tab', 'written offline']);
    expect(await onServer()).toEqual(['from the first tab', 'written offline']);
    expect(await databases(third)).toEqual(['mpsync-demo']);
    expect([...first.errors, ...second.errors, ...third.errors]).toEqual([]);
  }, 90_000);

  it('a database an earlier demo left behind for a closed tab has its pending write pushed and is deleted', async () => {
    // An old-style per-tab database with a write that never reached the server.
    const script = await bundleTabsPage();
    await context.route(`${site().demo.url}/old-tab.html*`, (route) => route.fulfill({ contentType: 'text/html', body: TABS_PAGE_HTML }));
    await context.route(`${site().demo.url}/page.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: script }));
    const old = await context.newPage();
    await old.goto(`${site().demo.url}/old-tab.html?db=mpsync-demo-tab-old123`);
    await old.evaluate(async () => {
      await (window as unknown as { tabsPage: Promise<TabsPage> }).tabsPage;
    });
    await context.setOffline(true);
    await old.evaluate(async () => {
      const { client } = await (window as unknown as { tabsPage: Promise<TabsPage> }).tabsPage;
      await client.db.collection('todos').insertOne({ title: 'left in an old tab', done: false, createdAt: new Date(), updatedBy: 'tab-old123' });
    });
    expect(await old.evaluate(async () => (await (window as unknown as { tabsPage: Promise<TabsPage> }).tabsPage).client.status().pendingWrites)).toBe(1);
    await old.close();
    await context.setOffline(false);
    await context.unrouteAll();

    const tab = await DemoTab.open(context, url());
    await tab.waitForSynced(['left in an old tab']);
    expect(await onServer()).toEqual(['left in an old tab']);
    await expect.poll(() => databases(tab), { timeout: 20_000 }).toEqual(['mpsync-demo']);
    expect(tab.errors).toEqual([]);
  }, 90_000);
});
