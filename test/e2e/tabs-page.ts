/**
 * The page `tabs.test.ts` opens in several tabs of one origin (bundled with esbuild when the test
 * runs): one mpsync client on the web entry, `web()` on the page's own window, one database
 * (`?db=NAME`, default `mpsync-tabs`). It
 * leaves what a test needs on `window.tabsPage` (a promise) and, once ready, `window.tabs`.
 */
import MPServerless from '@alicloud/mpserverless-sdk';
import { createSyncClient, fetchSdkAdapter, web, type SyncClient } from '../../src/browser';

/** What the page offers the test (`window.tabsPage`). */
export interface TabsPage {
  readonly client: SyncClient;
  /** The `_id`s of the newest snapshot of a watch of every todo, sorted. */
  shown: string[];
  /** The `_id`s of the burst's writes whose insert and `$inc` were both acknowledged, in order, with when. */
  readonly acknowledged: Array<{ id: string; at: number }>;
  /** Failed writes of the burst. */
  readonly failures: string[];
  /** Starts `n` pairs of `insertOne` + `updateOne $inc`, one pair every `everyMs`, not waiting for answers. */
  burst(n: number, everyMs: number): void;
}

interface Config {
  readonly endpoint: string;
  readonly spaceId: string;
  readonly clientSecret: string;
}

async function start(): Promise<TabsPage> {
  const config = (await (await fetch('/config.json')).json()) as Config;
  const client = await createSyncClient({
    mpServerless: new MPServerless(fetchSdkAdapter(window), { appId: 'mpsync-tabs', ...config }),
    platform: web(window, { databaseName: new URLSearchParams(location.search).get('db') ?? 'mpsync-tabs' }),
    collections: { todos: {} },
    sync: { pollIntervalMs: 300 },
  });
  const todos = client.db.collection('todos');
  const page: TabsPage = {
    client,
    shown: [],
    acknowledged: [],
    failures: [],
    burst(n, everyMs) {
      let i = 0;
      const next = (): void => {
        const id = `burst-${String(i).padStart(2, '0')}`;
        Promise.all([todos.insertOne({ _id: id }), todos.updateOne({ _id: 'counter' }, { $inc: { n: 1 } })]).then(
          () => page.acknowledged.push({ id, at: Date.now() }),
          (error: unknown) => page.failures.push(`${id}: ${String(error)}`),
        );
        if (++i < n) setTimeout(next, everyMs);
      };
      next();
    },
  };
  todos.watch({}, { sort: { _id: 1 } }).subscribe((snap) => {
    page.shown = snap.docs.map((d) => d._id as string);
  });
  return page;
}

const w = window as unknown as { tabsPage: Promise<TabsPage>; tabs?: TabsPage };
// The promise for `evaluate`, the page itself once ready for `waitForFunction` (which cannot wait on a promise).
w.tabsPage = start().then((page) => (w.tabs = page));
