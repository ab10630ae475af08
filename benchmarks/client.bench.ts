import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { find as mingoFind } from 'mingo';
import { createSyncClient, type SyncClient } from '../src/index';
import { createEmulator } from '../src/emulator';
import { fileStorage, memoryStorage, type StorageBackend } from '../src/store';
import { memoryPlatform, nodeSdkAdapter } from '../src/testing';
import { alternate, report, timeMs } from './harness';

type Collection = Record<string, (...a: unknown[]) => Promise<{ result: unknown }>>;
type Sdk = { init(o: unknown): Promise<unknown>; db: { collection(n: string): Collection } };
const MPServerless = createRequire(import.meta.url)('@alicloud/mpserverless-sdk') as new (app: unknown, o: unknown) => Sdk;

const N = 10_000;
const LISTS = ['inbox', 'work', 'home', 'shop'];

function makeDocs(): Array<Record<string, unknown>> {
  return Array.from({ length: N }, (_, i) => ({
    _id: `t${String(i).padStart(5, '0')}`,
    listId: LISTS[i % LISTS.length],
    title: `todo number ${i}`,
    done: i % 3 === 0,
    priority: (i * 7919) % 100,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    tags: i % 5 === 0 ? ['a', 'b'] : ['c'],
  }));
}

// The query every figure uses: filter on two fields, sort, first page of 20.
const QUERY = { listId: 'work', done: false, priority: { $gte: 20 } };
const OPTIONS = { sort: { createdAt: -1 }, limit: 20 };

async function openClient(storage: StorageBackend): Promise<{ client: SyncClient; todos: Collection }> {
  const mpServerless = { options: { spaceId: 'bench' }, db: { collection: () => ({}) } };
  const client = await createSyncClient({ mpServerless, platform: memoryPlatform({ online: false }), storage, collections: { todos: {} } });
  return { client, todos: client.db.collection('todos') as unknown as Collection };
}

async function fill(todos: Collection, docs: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < docs.length; i += 1000) await todos.insertMany!(docs.slice(i, i + 1000));
}

/** Local reads and local writes, each beside its floor measured in the same run. */
export async function clientBench(): Promise<void> {
  const docs = makeDocs();
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-bench-'));
  try {
    // 1. Local find over 10,000 cached documents, beside raw mingo over a plain array.
    const memory = memoryStorage();
    const { client, todos } = await openClient(memory);
    await fill(todos, docs);
    const plain = docs.map((d) => ({ ...d }));
    const reads = await alternate(
      5,
      () => timeMs(20, 5, () => todos.find!(QUERY, OPTIONS)),
      () => timeMs(20, 5, () => mingoFind(plain, QUERY).sort(OPTIONS.sort).limit(OPTIONS.limit).all()),
    );
    report({
      name: `client: local find (filter + sort + limit 20) over ${N} cached documents`,
      unit: 'ms',
      higherIsBetter: false,
      subject: { label: 'mpsync client.db find (offline)', value: reads.subject },
      baseline: { label: 'raw mingo over a plain array', value: reads.baseline },
      goal: 'within 2x of raw mingo (ratio >= 0.5)',
    });

    // 2. The same find online through the official SDK against the emulator on loopback.
    const emulator = await createEmulator({ port: 0 });
    const sdk = new MPServerless(nodeSdkAdapter(), {
      appId: 'bench',
      spaceId: emulator.spaceId,
      clientSecret: emulator.clientSecret,
      endpoint: emulator.endpoint,
    });
    await sdk.init({ authType: 'anonymous' });
    const remote = sdk.db.collection('todos');
    await fill(remote, docs);
    const online = await alternate(
      5,
      () => timeMs(20, 5, () => todos.find!(QUERY, OPTIONS)),
      () => timeMs(20, 5, () => remote.find!(QUERY, OPTIONS)),
    );
    report({
      name: `client: the same find offline vs online (official SDK -> emulator on loopback, ${N} documents)`,
      unit: 'ms',
      higherIsBetter: false,
      subject: { label: 'mpsync client.db find (local)', value: online.subject },
      baseline: { label: 'official SDK find over HTTP', value: online.baseline },
      goal: 'local beats online by >= 10x',
      notes: "loopback has no network latency; the local find walks the cache's index on the sort order and stops at the 20th match",
    });
    // The same with a mobile round trip: 50 ms added to every request (the emulator's fault injection).
    emulator.setFaults({ latencyMs: 50 });
    const mobile = await alternate(
      3,
      () => timeMs(5, 1, () => todos.find!(QUERY, OPTIONS)),
      () => timeMs(5, 1, () => remote.find!(QUERY, OPTIONS)),
    );
    report({
      name: `client: the same find offline vs online with 50 ms of latency per request (${N} documents)`,
      unit: 'ms',
      higherIsBetter: false,
      subject: { label: 'mpsync client.db find (local)', value: mobile.subject },
      baseline: { label: 'official SDK find over HTTP + 50 ms', value: mobile.baseline },
      goal: 'local beats online by >= 10x',
    });
    emulator.setFaults({});
    await emulator.stop();
    await client.close();

    // 3. Local insertOne on the file backend, beside one raw commit of the same backend.
    const fileDir = join(dir, 'insert');
    const onFile = await openClient(fileStorage({ dir: fileDir }));
    const raw = fileStorage({ dir: join(dir, 'raw') });
    let i = 0;
    let j = 0;
    const inserts = await alternate(
      5,
      () => timeMs(50, 5, () => onFile.todos.insertOne!({ title: `new ${i++}`, done: false, priority: i % 100 })),
      () => timeMs(50, 5, () => raw.commit('raw', { puts: [{ key: `k${j++}`, value: { title: `new ${j}`, done: false, priority: j % 100 } }], deletes: [] })),
    );
    report({
      name: 'client: local insertOne on the file backend (durable before it resolves)',
      unit: 'ms',
      higherIsBetter: false,
      subject: { label: 'mpsync client.db insertOne', value: inserts.subject },
      baseline: { label: 'one fileStorage commit (append + fdatasync)', value: inserts.baseline },
      notes: 'the floor is the durable commit itself; the rest is evaluation, RxDB bookkeeping and the change feed',
    });
    await onFile.client.close();
    await raw.close();

    // Cold opens are measured in cold-open.bench.ts, beside the floor of reading and parsing the stored bytes.
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
