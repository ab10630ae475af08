import type { StorageBackend } from '../src/store/backend';
import { kvStorage } from '../src/store/kv/kv-backend';
import type { KvPort } from '../src/store/kv/kv-port';
import { legacyKvStorage } from '../src/store/kv/legacy-kv-backend';
import { memoryKv } from '../test/helpers/memory-kv';
import { alternate, report } from './harness';

/**
 * What a synchronous storage call costs the app's only thread, as a model: a fixed price per call
 * (crossing into the runtime and back) and a price per byte moved. The figures are assumptions,
 * not device measurements; the ratio between the two layouts holds for any positive prices.
 */
const MICROS_PER_CALL = 100;
const MICROS_PER_KB = 20;

const DOCS = 5000;
const DOC_BYTES = 1200;
const OPTIONS = { maxValueBytes: 180 * 1024, quotaBytes: 9 * 1024 * 1024 };

/** A port that charges every synchronous call and every byte read or written. */
function chargedPort(port: KvPort) {
  const bill = { calls: 0, bytes: 0 };
  const charged: KvPort = {
    get(key) {
      bill.calls++;
      const value = port.get(key);
      bill.bytes += key.length + (value?.length ?? 0);
      return value;
    },
    set(key, value) {
      bill.calls++;
      bill.bytes += key.length + value.length;
      port.set(key, value);
    },
    remove(key) {
      bill.calls++;
      port.remove(key);
    },
    keys() {
      bill.calls++;
      const keys = port.keys();
      for (const key of keys) bill.bytes += key.length;
      return keys;
    },
  };
  return { port: charged, bill, micros: () => bill.calls * MICROS_PER_CALL + (bill.bytes / 1024) * MICROS_PER_KB };
}

// A full store as an app fills it: DOCS documents written 100 at a time, plus replication state;
// returns the store and what filling it cost.
async function fill(open: (port: KvPort) => StorageBackend): Promise<{ port: KvPort; modelMs: number; calls: number; bytes: number }> {
  const port = memoryKv({ maxValueBytes: OPTIONS.maxValueBytes, quotaBytes: 10 * 1024 * 1024 });
  const charged = chargedPort(port);
  const backend = open(charged.port);
  const pad = 'x'.repeat(DOC_BYTES - 80);
  for (let i = 0; i < DOCS; i += 100) {
    const puts = Array.from({ length: 100 }, (_, j) => ({ key: `todos|${i + j}`, value: { _id: `${i + j}`, title: `todo ${i + j}`, done: false, pad } }));
    await backend.commit('db/docs', { puts, deletes: [] });
  }
  await backend.commit('db/meta', { puts: [{ key: 'checkpoint', value: { at: DOCS } }], deletes: [] });
  await backend.close();
  return { port, modelMs: charged.micros() / 1000, ...charged.bill };
}

// Start-up as the client does it: open, load every namespace, then the first write.
async function startUp(port: KvPort, open: (port: KvPort) => StorageBackend) {
  const charged = chargedPort(port);
  const t = performance.now();
  const backend = open(charged.port);
  for (const namespace of await backend.namespaces()) await backend.load(namespace);
  await backend.commit('db/docs', { puts: [{ key: 'todos|7', value: { _id: '7', title: 'changed', done: true } }], deletes: [] });
  const wallMs = performance.now() - t;
  await backend.close();
  return { ...charged.bill, modelMs: charged.micros() / 1000, wallMs };
}

/** Start-up on a full mini-program store: the paged layout beside one entry per record. */
export async function kvOpenBench(): Promise<void> {
  const pages = (port: KvPort) => kvStorage(port, OPTIONS);
  const perRecord = (port: KvPort) => legacyKvStorage(port, OPTIONS);
  const pagedFill = await fill(pages);
  const legacyFill = await fill(perRecord);
  const pagedStore = pagedFill.port;
  const legacyStore = legacyFill.port;
  let paged = await startUp(pagedStore, pages);
  let legacy = await startUp(legacyStore, perRecord);
  const wall = await alternate(
    5,
    async () => (paged = await startUp(pagedStore, pages)).wallMs,
    async () => (legacy = await startUp(legacyStore, perRecord)).wallMs,
  );
  report({
    name: `kv start-up: open, load and first write on a store of ${DOCS} documents (${((DOCS * DOC_BYTES) / 1024 / 1024).toFixed(1)} MB), synchronous storage charged ${MICROS_PER_CALL} µs per call and ${MICROS_PER_KB} µs per KB`,
    unit: 'ms (model)',
    higherIsBetter: false,
    subject: { label: 'segments of 64 KB and a directory', value: paged.modelMs },
    baseline: { label: 'one entry per record (first layout)', value: legacy.modelMs },
    goal: 'calls at start-up independent of the number of documents',
    notes: `calls: ${paged.calls} vs ${legacy.calls}; KB moved: ${(paged.bytes / 1024).toFixed(0)} vs ${(legacy.bytes / 1024).toFixed(0)}; wall time in Node over memory: ${wall.subject.toFixed(1)} ms vs ${wall.baseline.toFixed(1)} ms`,
  });
  report({
    name: `kv writes: filling that store in commits of 100 documents, same charges`,
    unit: 'ms (model)',
    higherIsBetter: false,
    subject: { label: 'segments of 64 KB and a directory', value: pagedFill.modelMs },
    baseline: { label: 'one entry per record (first layout)', value: legacyFill.modelMs },
    goal: 'no more bytes written than the first layout, within a small factor',
    notes: `calls: ${pagedFill.calls} vs ${legacyFill.calls}; KB moved: ${(pagedFill.bytes / 1024).toFixed(0)} vs ${(legacyFill.bytes / 1024).toFixed(0)}`,
  });
}
