/**
 * The page `browser.bench.ts` loads in Chromium (bundled with esbuild when the benchmark runs).
 * `?mode=` says what it does; it leaves its answer in `window.benchResult`:
 * - `seed&n=N`: N todos written through mpsync into its IndexedDB cache, pushed to the emulator;
 * - `cache`: mpsync opens its cache and renders the list (as the demo does) — the subject;
 * - `sdk`: the official SDK fetches the same list online and the same code renders it — the baseline;
 * - `floor`: the least an open of the cache can cost: every record of the IndexedDB database read
 *   (one `getAll` per object store, in one transaction) plus one `JSON.parse` of the documents as one array;
 * - `&db=NAME` picks the IndexedDB database (default `mpsync-bench`), `&limit=L` renders only the first L todos.
 * - `query&runs=R`: one query R times through mpsync (local) and through the SDK (online), alternately.
 * Render times are `performance.now()` when the list is in the DOM: milliseconds since the page load began.
 */
import MPServerless from '@alicloud/mpserverless-sdk';
import { createSyncClient, fetchSdkAdapter, web, type SyncClient } from '../src/browser';
import { LIST_ORDER, renderTodos, type Todo } from '../src/demo/view';
import { alternate } from './harness';

interface Config {
  readonly endpoint: string;
  readonly spaceId: string;
  readonly clientSecret: string;
}

type Collection = Record<string, (...args: unknown[]) => Promise<{ result: unknown }>>;

/** The query of the query figure: a filter on two fields, newest first, one page of 20. */
export const BENCH_QUERY = { done: false, priority: { $gte: 20 } };
export const BENCH_QUERY_OPTIONS = { sort: { createdAt: -1 }, limit: 20 };

// When the bundle starts running: what came before is loading the page and its script.
const scriptStartMs = performance.now();
const params = new URLSearchParams(location.search);
const list = document.getElementById('list') as HTMLUListElement;
const databaseName = params.get('db') ?? 'mpsync-bench';
const limit = params.has('limit') ? Number(params.get('limit')) : undefined;

function sdk(config: Config): MPServerless {
  return new MPServerless(fetchSdkAdapter(window), { appId: 'mpsync-bench', ...config });
}

function openClient(config: Config): Promise<SyncClient> {
  return createSyncClient({ mpServerless: sdk(config), platform: web(window, { databaseName }), collections: { todos: {} } });
}

/** When the first snapshot came, and when its list was in the DOM. */
function firstRender(client: SyncClient): Promise<{ snapshotMs: number; renderedMs: number }> {
  return new Promise((resolve, reject) => {
    const sub = client.db
      .collection('todos')
      .watch({}, limit === undefined ? LIST_ORDER : { ...LIST_ORDER, limit })
      .subscribe({
        next: (snapshot) => {
          const snapshotMs = performance.now();
          renderTodos(list, snapshot.docs as unknown as Todo[], snapshot.pending, null);
          const renderedMs = performance.now();
          queueMicrotask(() => sub.unsubscribe());
          resolve({ snapshotMs, renderedMs });
        },
        error: reject,
      });
  });
}

/** Reads every record of every object store of an IndexedDB database in one transaction; returns how many. */
async function readEveryRecord(name: string): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
  });
  try {
    const stores = [...db.objectStoreNames];
    const tx = db.transaction(stores, 'readonly');
    const counts = await Promise.all(
      stores.map(
        (store) =>
          new Promise<number>((resolve, reject) => {
            const request = tx.objectStore(store).getAll();
            request.onsuccess = () => resolve((request.result as unknown[]).length);
            request.onerror = () => reject(request.error ?? new Error('getAll failed'));
          }),
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  } finally {
    db.close();
  }
}

async function run(): Promise<Record<string, number>> {
  const config = (await (await fetch('/config.json')).json()) as Config;
  const mode = params.get('mode');
  if (mode === 'seed') {
    const n = Number(params.get('n'));
    const client = await openClient(config);
    const todos = client.db.collection('todos') as unknown as Collection;
    const start = Date.UTC(2026, 0, 1);
    for (let i = 0; i < n; i += 500) {
      const batch = Array.from({ length: Math.min(500, n - i) }, (_, k) => {
        const j = i + k;
        return {
          title: `todo number ${j}`,
          done: j % 3 === 0,
          priority: (j * 7919) % 100,
          createdAt: new Date(start + j * 60_000),
          updatedAt: new Date(start + j * 60_000),
          updatedBy: 'bench',
        };
      });
      await todos.insertMany!(batch);
    }
    await client.waitForPendingWrites();
    const count = (await todos.count!({})).result as number;
    await client.close();
    return { count };
  }
  if (mode === 'cache') {
    const openStartMs = performance.now();
    const client = await openClient(config);
    const openedMs = performance.now();
    const { snapshotMs, renderedMs } = await firstRender(client);
    return { firstRenderMs: renderedMs, shown: list.children.length, scriptStartMs, openedMs, dataMs: snapshotMs, openMs: snapshotMs - openStartMs };
  }
  if (mode === 'floor') {
    const start = performance.now();
    const records = await readEveryRecord(databaseName);
    const readMs = performance.now() - start;
    // The same documents as one array, as the query answers them (read through a client, untimed).
    const client = await openClient(config);
    const { result } = await (client.db.collection('todos') as unknown as Collection).find!({});
    await client.close();
    const text = JSON.stringify(result);
    const parseStart = performance.now();
    const parsed = JSON.parse(text) as unknown[];
    const parseMs = performance.now() - parseStart;
    return { floorMs: readMs + parseMs, readMs, parseMs, records, docs: parsed.length };
  }
  if (mode === 'sdk') {
    const mp = sdk(config);
    await mp.init({ authType: 'anonymous' });
    const { result } = await (mp.db.collection('todos') as unknown as Collection).find!(
      { _deleted: { $ne: true } },
      { ...LIST_ORDER, limit: limit ?? 100_000 },
    );
    const fetchedMs = performance.now();
    renderTodos(list, result as Todo[], [], null);
    return { firstRenderMs: performance.now(), shown: list.children.length, scriptStartMs, dataMs: fetchedMs };
  }
  if (mode === 'query') {
    const runs = Number(params.get('runs'));
    const client = await openClient(config);
    const local = client.db.collection('todos') as unknown as Collection;
    const mp = sdk(config);
    await mp.init({ authType: 'anonymous' });
    const remote = mp.db.collection('todos') as unknown as Collection;
    const time = async (collection: Collection) => {
      const t = performance.now();
      const { result } = await collection.find!(BENCH_QUERY, BENCH_QUERY_OPTIONS);
      if ((result as unknown[]).length !== BENCH_QUERY_OPTIONS.limit) throw new Error('the query found too few todos');
      return performance.now() - t;
    };
    // Warm both paths, then alternate so a passing load spike lands on both sides.
    for (let i = 0; i < 5; i++) {
      await time(local);
      await time(remote);
    }
    const medians = await alternate(
      runs,
      () => time(local),
      () => time(remote),
    );
    await client.close();
    return { localMs: medians.subject, sdkMs: medians.baseline };
  }
  throw new Error(`unknown mode ${String(mode)}`);
}

(window as unknown as { benchResult: Promise<Record<string, number>> }).benchResult = run();
