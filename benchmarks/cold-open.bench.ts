import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSyncClient, type SyncClient } from '../src/index';
import { fileStorage, memoryStorage, type StorageBackend } from '../src/store';
import { memoryPlatform } from '../src/testing';
import { median, report } from './harness';

type Collection = Record<string, (...a: unknown[]) => Promise<{ result: unknown }>>;

const LISTS = ['inbox', 'work', 'home', 'shop'];

/** `n` todo documents, the same shape as the client benchmark's. */
function makeTodos(n: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    _id: `t${String(i).padStart(6, '0')}`,
    listId: LISTS[i % LISTS.length],
    title: `todo number ${i}`,
    done: i % 3 === 0,
    priority: (i * 7919) % 100,
    createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    tags: i % 5 === 0 ? ['a', 'b'] : ['c'],
  }));
}

// The first screen: one list, open todos, newest first, 20 of them.
const QUERY = { listId: 'work', done: false };
const OPTIONS = { sort: { createdAt: -1 }, limit: 20 };

async function openClient(storage: StorageBackend): Promise<{ client: SyncClient; todos: Collection }> {
  const mpServerless = { options: { spaceId: 'bench' }, db: { collection: () => ({}) } };
  const client = await createSyncClient({ mpServerless, platform: memoryPlatform({ online: false }), storage, collections: { todos: {} } });
  return { client, todos: client.db.collection('todos') as unknown as Collection };
}

/** A full collection of the heap, so `heapUsed` counts what is reachable. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** Every stored record's value as one JSON array: the text the floor parses once. */
async function storedArray(backend: StorageBackend): Promise<string> {
  const values: unknown[] = [];
  for (const namespace of await backend.namespaces()) for (const record of await backend.load(namespace)) values.push(record.value);
  return JSON.stringify(values);
}

/** Reads every byte of a folder's files, as the floor of a file-backed open must. */
function readFolder(dir: string): number {
  let bytes = 0;
  for (const name of readdirSync(dir)) if (!name.startsWith('.')) bytes += readFileSync(join(dir, name)).length;
  return bytes;
}

/**
 * Cold open of a cached partition until the first query answers, beside the floor the issue sets:
 * reading every stored byte plus one `JSON.parse` of the stored documents as a single array. Also
 * the heap the open cache keeps beside its JSON bytes, and the first write after the open.
 */
export async function coldOpenBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-open-bench-'));
  try {
    for (const n of [10_000, 100_000]) {
      const docs = makeTodos(n);
      const memoryPlace = memoryStorage();
      const places: Array<[string, () => StorageBackend, () => number]> = [
        ['memory', () => memoryPlace, () => 0],
        ['file', () => fileStorage({ dir: join(dir, `open-${n}`) }), () => readFolder(join(dir, `open-${n}`))],
      ];
      for (const [name, open, readBytes] of places) {
        const filled = await openClient(open());
        for (let i = 0; i < docs.length; i += 1000) await filled.todos.insertMany!(docs.slice(i, i + 1000));
        await filled.client.close();
        const probe = open();
        const text = await storedArray(probe);
        await probe.close();
        const opens: number[] = [];
        const floors: number[] = [];
        const writes: number[] = [];
        // Alternating the floor and the open, as `alternate` does; one warm-up round of each first.
        for (let round = 0; round <= (n > 10_000 ? 3 : 7); round++) {
          let started = performance.now();
          readBytes();
          JSON.parse(text);
          const floor = performance.now() - started;
          started = performance.now();
          const { client, todos } = await openClient(open());
          await todos.find!(QUERY, OPTIONS);
          const opened = performance.now() - started;
          started = performance.now();
          await todos.updateOne!({ _id: 't000001' }, { $set: { title: `renamed ${round}` } });
          const wrote = performance.now() - started;
          await client.close();
          if (round === 0) continue;
          floors.push(floor);
          opens.push(opened);
          writes.push(wrote);
        }
        report({
          name: `cold open: a ${n}-document cache on the ${name} backend until the first query answers`,
          unit: 'ms',
          higherIsBetter: false,
          subject: { label: 'createSyncClient + first find (limit 20)', value: median(opens) },
          baseline: { label: 'floor: read stored bytes + 1 JSON.parse', value: median(floors) },
          goal: 'within 2x of the floor (ratio >= 0.5)',
          notes: `stored JSON ${(text.length / 1e6).toFixed(1)} MB; the first write after the open took ${median(writes).toFixed(1)} ms (median)`,
        });
        if (n === 10_000) await reportHeap(name, open, text.length);
        if (name === 'file') rmSync(join(dir, `open-${n}`), { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The heap one open client keeps: heapUsed with the cache open (after its first query, and again
// after its first write, which makes RxDB build its indexes) minus heapUsed before it opened.
async function reportHeap(name: string, open: () => StorageBackend, jsonBytes: number): Promise<void> {
  const opened: number[] = [];
  const written: number[] = [];
  for (let i = 0; i < 3; i++) {
    const sample = await heapOfOneOpen(open, i);
    opened.push(sample.opened);
    written.push(sample.written);
  }
  const mb = (bytes: number): string => (bytes / 1e6).toFixed(1).padStart(10);
  process.stdout.write(
    `cold open: heap kept by an open 10000-document cache on the ${name} backend\n` +
      `  heapUsed after open + first query       ${mb(median(opened))} MB\n` +
      `  heapUsed after the first write          ${mb(median(written))} MB\n` +
      `  JSON bytes of the stored records        ${mb(jsonBytes)} MB\n` +
      `  ratio heap / JSON bytes: ${(median(opened) / jsonBytes).toFixed(2)}x after open, ${(median(written) / jsonBytes).toFixed(2)}x after the first write   goal: <= 3x\n\n`,
  );
}

// A function of its own: a client held by a local of a running async function stays reachable, so
// each sample's client must be out of every live frame before the next sample measures "before".
async function heapOfOneOpen(open: () => StorageBackend, round: number): Promise<{ opened: number; written: number }> {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const { client, todos } = await openClient(open());
  await todos.find!(QUERY, OPTIONS);
  collectGarbage();
  const opened = process.memoryUsage().heapUsed - before;
  await todos.updateOne!({ _id: 't000002' }, { $set: { title: `renamed ${round}` } });
  collectGarbage();
  const written = process.memoryUsage().heapUsed - before;
  await client.close();
  return { opened, written };
}
