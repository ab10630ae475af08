import { createSyncClient } from '../src/index';
import { manualScheduler, memoryPlatform, memoryStorage } from '../src/testing';
import { alternate, report } from './harness';

type Local = Record<string, (...a: unknown[]) => Promise<{ result: unknown }>> & {
  watch(q?: unknown, o?: unknown): { subscribe(fn: (s: unknown) => void): { unsubscribe(): void } };
};

const N = 10_000;
const WATCHES = 50;
const WRITES = 40;

// Lets the microtasks and the one macrotask a batch of snapshots needs run to the end.
async function drain(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Time from a local write to every live query being up to date, beside re-running every query. */
export async function liveBench(): Promise<void> {
  const mpServerless = { options: { spaceId: 'bench' }, db: { collection: () => ({}) } };
  const client = await createSyncClient({
    mpServerless,
    platform: memoryPlatform({ online: false }),
    storage: memoryStorage(),
    collections: { todos: {} },
    sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
  });
  const todos = client.db.collection('todos') as unknown as Local;
  const lists = Array.from({ length: WATCHES }, (_, i) => `list${i}`);
  const docs = Array.from({ length: N }, (_, i) => ({ _id: `t${i}`, listId: lists[i % WATCHES], done: i % 3 === 0, n: i, title: `todo ${i}` }));
  for (let i = 0; i < N; i += 1000) await todos.insertMany!(docs.slice(i, i + 1000));
  // One page per list, as 50 open pages (or 50 components) would hold.
  const queries = lists.map(
    (listId) =>
      [
        { listId, done: false },
        { sort: { n: -1 }, limit: 20 },
      ] as const,
  );
  let snapshots = 0;
  const subs = queries.map(([f, o]) => todos.watch(f, o).subscribe(() => snapshots++));
  await drain();
  let w = 0;
  const result = await alternate(
    5,
    async () => {
      const t = performance.now();
      for (let i = 0; i < WRITES; i++) {
        await todos.updateOne!({ _id: `t${(w++ * 7919) % N}` }, { $inc: { n: N } });
        await drain();
      }
      return (performance.now() - t) / WRITES;
    },
    async () => {
      const t = performance.now();
      for (let i = 0; i < WRITES; i++) {
        await todos.updateOne!({ _id: `t${(w++ * 7919) % N}` }, { $inc: { n: N } });
        for (const [f, o] of queries) await todos.find!(f, o);
      }
      return (performance.now() - t) / WRITES;
    },
  );
  for (const sub of subs) sub.unsubscribe();
  await client.close();
  report({
    name: `live: a local write until ${WATCHES} live queries over ${N} documents are up to date`,
    unit: 'ms per write',
    higherIsBetter: false,
    subject: { label: 'mpsync watch (only affected queries re-run)', value: result.subject },
    baseline: { label: `the write, then all ${WATCHES} queries re-run`, value: result.baseline },
    notes: `${snapshots} snapshots delivered in all`,
  });
}
