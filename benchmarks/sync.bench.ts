import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createSyncClient, type SyncClient } from '../src/index';
import { DEFAULT_CLIENT_SECRET, DEFAULT_SPACE_ID } from '../src/emulator';
import { memoryPlatform, memoryStorage, nodeSdkAdapter } from '../src/testing';
import { startServer } from './emulator.bench';
import { alternate, report } from './harness';

type Collection = Record<string, (...a: unknown[]) => Promise<{ result: unknown }>>;
type Sdk = { init(o: unknown): Promise<unknown>; db: { collection(n: string): Collection } };
const MPServerless = createRequire(import.meta.url)('@alicloud/mpserverless-sdk') as new (app: unknown, o: unknown) => Sdk;

/**
 * An emulator in its own process, as the real service runs on another machine: the client's work
 * (the SDK, mpsync) and the server's do not take turns on one JavaScript thread, so requests in
 * flight overlap with the server's work as they do over a real network.
 */
interface Server {
  readonly endpoint: string;
  readonly spaceId: string;
  readonly clientSecret: string;
  readonly child: ChildProcess;
}

async function startEmulator(latencyMs?: number): Promise<Server> {
  const { endpoint, child } = await startServer(latencyMs === undefined ? ['emulator'] : ['emulator', String(latencyMs)]);
  return { endpoint, child, spaceId: DEFAULT_SPACE_ID, clientSecret: DEFAULT_CLIENT_SECRET };
}

/** An SDK whose requests are counted (authorization included). */
function countingSdk(emulator: Server): { sdk: Sdk; requests: () => number } {
  const adapter = nodeSdkAdapter();
  let count = 0;
  const app = {
    ...adapter,
    request: (o: Parameters<typeof adapter.request>[0]) => {
      count++;
      adapter.request(o);
    },
  };
  const sdk = new MPServerless(app, { appId: 'bench', spaceId: emulator.spaceId, clientSecret: emulator.clientSecret, endpoint: emulator.endpoint });
  return { sdk, requests: () => count };
}

async function onlineSdk(emulator: Server) {
  const counted = countingSdk(emulator);
  await counted.sdk.init({ authType: 'anonymous' });
  return counted;
}

async function offlineClient(
  emulator: Server,
  collection: string,
): Promise<{ client: SyncClient; local: Collection; platform: ReturnType<typeof memoryPlatform>; requests: () => number }> {
  const platform = memoryPlatform({ online: false });
  const counted = countingSdk(emulator);
  const client = await createSyncClient({
    mpServerless: counted.sdk,
    platform,
    storage: memoryStorage(),
    collections: { [collection]: {} },
    sync: { pollIntervalMs: 0, sweepIntervalMs: 0 },
  });
  return { client, local: client.db.collection(collection) as unknown as Collection, platform, requests: counted.requests };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

type WriteKind = 'insert' | 'update';

/**
 * A client holding `n` offline writes of `kind` to `coll`. For updates, the documents are seeded on
 * the server first (in `coll`, pulled by the client, and in `baseColl` for the SDK to update).
 */
async function clientWithOfflineWrites(emulator: Server, kind: WriteKind, n: number, coll: string, baseColl: string) {
  if (kind === 'update') {
    const admin = await onlineSdk(emulator);
    const seed = Array.from({ length: n }, (_, i) => ({ _id: `d${i}`, n: 0, _v: `s${i}`, _vh: [`s${i}`] }));
    for (let i = 0; i < n; i += 500) {
      await admin.sdk.db.collection(coll).insertMany!(seed.slice(i, i + 500));
      await admin.sdk.db.collection(baseColl).insertMany!(seed.slice(i, i + 500));
    }
    await admin.sdk.db.collection(coll).updateMany!({}, { $currentDate: { _mt: true } });
  }
  const opened = await offlineClient(emulator, coll);
  if (kind === 'update') {
    opened.platform.setOnline(true);
    await opened.client.syncNow();
    opened.platform.setOnline(false);
  }
  for (let i = 0; i < n; i++) {
    if (kind === 'insert') await opened.local.insertOne!({ _id: `d${i}`, title: `todo ${i}` });
    else await opened.local.updateOne!({ _id: `d${i}` }, { $inc: { n: 1 } });
  }
  return opened;
}

/** The same `n` writes through the official SDK, online, one by one. */
async function directWrites(sdk: Sdk, kind: WriteKind, n: number, baseColl: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    if (kind === 'insert') await sdk.db.collection(baseColl).insertOne!({ _id: `d${i}`, title: `todo ${i}` });
    else await sdk.db.collection(baseColl).updateOne!({ _id: `d${i}` }, { $inc: { n: 1 } });
  }
}

async function pushBench(emulator: Server, kind: WriteKind, n: number): Promise<void> {
  const baseColl = `push_${kind}_sdk`;
  const { client, platform, requests } = await clientWithOfflineWrites(emulator, kind, n, `push_${kind}`, baseColl);
  const before = requests();
  platform.setOnline(true);
  const subject = await timed(async () => {
    await client.syncNow();
    await client.waitForPendingWrites();
  });
  const sent = requests() - before;
  await client.close();
  const direct = await onlineSdk(emulator);
  const directBefore = direct.requests();
  const baseline = await timed(() => directWrites(direct.sdk, kind, n, baseColl));
  const directSent = direct.requests() - directBefore;
  report({
    name: `sync: push of ${n} pending ${kind}s (written offline, then one sync)`,
    unit: 'ms',
    higherIsBetter: false,
    subject: { label: 'mpsync: reconnect, syncNow, waitForPendingWrites', value: subject },
    baseline: { label: `official SDK: the same ${n} ${kind}s online, one by one`, value: baseline },
    ...(kind === 'update' ? { goal: '≥ 2x at ≤ 1.05 requests per update' } : {}),
    notes: `requests per synced write: mpsync ${(sent / n).toFixed(3)} (${sent} requests incl. the round's pull), SDK ${(directSent / n).toFixed(3)}`,
  });
}

const PULL_ROUNDS = 3;

async function pullBench(emulator: Server, n: number): Promise<void> {
  const admin = await onlineSdk(emulator);
  const docs = Array.from({ length: n }, (_, i) => ({
    _id: `p${String(i).padStart(6, '0')}`,
    title: `todo ${i}`,
    done: i % 2 === 0,
    _v: `s${i}`,
    _vh: [`s${i}`],
  }));
  for (let i = 0; i < n; i += 1000) await admin.sdk.db.collection('pulled').insertMany!(docs.slice(i, i + 1000));
  await admin.sdk.db.collection('pulled').updateMany!({}, { $currentDate: { _mt: true } });
  let sent = 0;
  const direct = await onlineSdk(emulator);
  // Alternated, medians of 3: a one-off pull of 10k documents is at the mercy of a busy machine.
  const { subject, baseline } = await alternate(
    PULL_ROUNDS,
    async () => {
      // A new client on empty storage each time: every round is an initial pull.
      const { client, platform, requests } = await offlineClient(emulator, 'pulled');
      platform.setOnline(true);
      const before = requests();
      const ms = await timed(() => client.syncNow());
      sent = requests() - before;
      await client.close();
      return ms;
    },
    () =>
      timed(async () => {
        for (let skip = 0; skip < n; skip += 200) await direct.sdk.db.collection('pulled').find!({}, { sort: { _id: 1 }, skip, limit: 200 });
      }),
  );
  report({
    name: `sync: initial pull of ${n} documents into an empty cache`,
    unit: 'ms',
    higherIsBetter: false,
    subject: { label: `mpsync: syncNow until caught up (stored), median of ${PULL_ROUNDS}`, value: subject },
    baseline: { label: `official SDK: find in pages of 200, median of ${PULL_ROUNDS}`, value: baseline },
    goal: '≥ 0.8x',
    notes: `mpsync sent ${sent} requests (pages by (_mt,_id) cursor)`,
  });
}

async function reconnectBench(emulator: Server, kind: WriteKind, n: number): Promise<void> {
  const baseColl = `reconnect_${kind}_sdk`;
  const { client, platform, requests } = await clientWithOfflineWrites(emulator, kind, n, `reconnect_${kind}`, baseColl);
  const direct = await onlineSdk(emulator);
  platform.setOnline(true);
  const before = requests();
  const subject = await timed(async () => {
    await client.syncNow();
    await client.waitForPendingWrites();
  });
  const sent = requests() - before;
  await client.close();
  const baseline = await timed(() => directWrites(direct.sdk, kind, n, baseColl));
  report({
    name: `sync: time to converge after reconnect, ${n} offline ${kind}s, 50 ms emulator latency`,
    unit: 'ms',
    higherIsBetter: false,
    subject: { label: 'mpsync: reconnect until every write is confirmed', value: subject },
    baseline: { label: `official SDK: ${n} ${kind}s online, one by one`, value: baseline },
    ...(kind === 'update' ? { goal: '≥ 4x' } : {}),
    notes: `mpsync sent ${sent} requests for ${n} writes${kind === 'update' ? ' (one compare-and-set per document, several in flight)' : ' (batched inserts)'}`,
  });
}

/**
 * Replication throughput, each beside the official SDK doing the same work directly in the same run,
 * against an emulator in its own process.
 */
export async function syncBench(): Promise<void> {
  const emulator = await startEmulator();
  try {
    await pushBench(emulator, 'insert', 1000);
    await pushBench(emulator, 'update', 1000);
    await pullBench(emulator, 10_000);
  } finally {
    emulator.child.kill();
  }
  // 50 ms on every answer: a mobile network's round trip.
  const slow = await startEmulator(50);
  try {
    await reconnectBench(slow, 'insert', 100);
    await reconnectBench(slow, 'update', 100);
  } finally {
    slow.child.kill();
  }
}
