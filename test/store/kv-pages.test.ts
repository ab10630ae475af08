import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/json';
import type { CommitBatch } from '../../src/store/backend';
import { kvStorage, type KvStorageOptions } from '../../src/store/kv/kv-backend';
import { chooseCompaction } from '../../src/store/kv/kv-compaction';
import { parseVersion } from '../../src/store/kv/kv-layout';
import type { KvPort } from '../../src/store/kv/kv-port';
import { legacyKvStorage } from '../../src/store/kv/legacy-kv-backend';
import { memoryKv, type MemoryKv } from '../helpers/memory-kv';
import { codeOf, snapshot } from './fixtures';

const MB = 1024 * 1024;
const ALIPAY: KvStorageOptions = { maxValueBytes: 180 * 1024, quotaBytes: 8 * MB };

/** A port that counts its synchronous calls, as a mini-program runtime would make them. */
function counted(port: KvPort): KvPort & { calls: number } {
  const counter = {
    calls: 0,
    get: (key: string) => (counter.calls++, port.get(key)),
    set: (key: string, value: string) => (counter.calls++, port.set(key, value)),
    remove: (key: string) => (counter.calls++, port.remove(key)),
    keys: () => (counter.calls++, port.keys()),
  };
  return counter;
}

/** `count` records of about `bytes` bytes in all, in one namespace. */
function batchOf(count: number, bytes: number): CommitBatch {
  const pad = 'x'.repeat(Math.max(0, Math.floor(bytes / count) - 40));
  return { puts: Array.from({ length: count }, (_, i) => ({ key: `todos|${i}`, value: { _id: `${i}`, title: `todo ${i}`, pad } })), deletes: [] };
}

async function fill(port: KvPort, batch: CommitBatch, options = ALIPAY): Promise<void> {
  const backend = kvStorage(port, options);
  // As the app writes them: in commits of 100.
  for (let i = 0; i < batch.puts.length; i += 100) await backend.commit('db/docs', { puts: batch.puts.slice(i, i + 100), deletes: [] });
  await backend.commit('db/meta', { puts: [{ key: 'checkpoint', value: { at: 1 } }], deletes: [] });
  await backend.close();
}

describe('kv pages: opening costs few synchronous calls', () => {
  it('opening and loading a store costs the same calls for 500 or 5,000 records of the same total size, and few', async () => {
    const cost = async (count: number) => {
      const port = counted(memoryKv({ ...ALIPAY, quotaBytes: 10 * MB }));
      await fill(port, batchOf(count, 2 * MB));
      port.calls = 0;
      const backend = kvStorage(port, ALIPAY);
      let loaded = 0;
      for (const namespace of await backend.namespaces()) loaded += (await backend.load(namespace)).length;
      expect(loaded).toBe(count + 1);
      return port.calls;
    };
    const few = await cost(500);
    const many = await cost(5000);
    // 2 MB in 64 KB pages, each between half and all full (they split by hash): 32 to 64 reads,
    // plus a head, a directory and the key list; one entry per record would take over 500 and 5,000.
    expect(few).toBeLessThan(80);
    expect(many).toBeLessThan(80);
    // 5,000 records carry more JSON around the same padding, hence a few more pages, not 10 times the calls.
    expect(many).toBeLessThan(few * 1.5);
  });

  it('the first commit after the start-up load reads nothing: sizes come from the directory', async () => {
    const port = counted(memoryKv({ ...ALIPAY, quotaBytes: 10 * MB }));
    await fill(port, batchOf(3000, 2 * MB));
    const backend = kvStorage(port, ALIPAY);
    // As the client starts: every namespace is loaded once.
    for (const namespace of await backend.namespaces()) await backend.load(namespace);
    port.calls = 0;
    await backend.commit('db/docs', { puts: [{ key: 'todos|7', value: { _id: '7', done: true } }], deletes: [] });
    // Write the new segment, the directory and the head; remove the old directory.
    expect(port.calls).toBeLessThanOrEqual(4);
  });
});

describe('kv pages: a store of the first layout (one entry per record)', () => {
  const options = { maxValueBytes: 1024, quotaBytes: MB };

  // A store as an earlier mpsync left it: overwrites, deletes, chunked records, two namespaces.
  async function legacyStore(port: MemoryKv): Promise<void> {
    const legacy = legacyKvStorage(port, options);
    await legacy.commit('docs', { puts: Array.from({ length: 30 }, (_, i) => ({ key: `d${i}`, value: { i, unsynced: i % 3 === 0 } })), deletes: [] });
    await legacy.commit('docs', { puts: [{ key: 'd1', value: { big: 'y'.repeat(3000) } }], deletes: ['d2', 'd3'] });
    await legacy.commit('meta', { puts: [{ key: 'm', value: { cursor: 'c' } }], deletes: [] });
  }
  const model = async (port: MemoryKv) => snapshot(legacyKvStorage(port, options));

  it('is migrated on open: every record kept, the old entries removed', async () => {
    const port = memoryKv({ ...options, quotaBytes: 10 * MB });
    await legacyStore(port);
    const expected = await model(port);
    const backend = kvStorage(port, options);
    expect(await snapshot(backend)).toEqual(expected);
    expect(port.keys().filter((key) => parseVersion('mpsync:', key) !== undefined)).toEqual([]);
    expect(JSON.parse(port.get('mpsync:head') as string)).toMatchObject({ v: 2 });
    await backend.commit('docs', { puts: [{ key: 'new', value: { n: 1 } }], deletes: ['d0'] });
    const after = await snapshot(kvStorage(port, options));
    expect(after.find(([ns]) => ns === 'docs')?.[1].map(([key]) => key)).toContain('new');
    expect(after.find(([ns]) => ns === 'docs')?.[1].map(([key]) => key)).not.toContain('d0');
  });

  it('a crash at any step of the migration loses nothing: the next open finds the old store or the new one', async () => {
    let step = 1;
    for (;;) {
      const port = memoryKv({ ...options, quotaBytes: 10 * MB });
      await legacyStore(port);
      const expected = await model(port);
      port.injectFault({ at: step, crash: true });
      await codeOf(kvStorage(port, options).namespaces());
      const fired = port.faulted;
      port.heal();
      expect(await snapshot(kvStorage(port, options)), `crash at write ${step}`).toEqual(expected);
      if (!fired) break;
      step++;
    }
    expect(step).toBeGreaterThan(5);
  });

  it('without room for both copies it keeps working in the first layout, and migrates once there is room', async () => {
    const port = memoryKv({ ...options, quotaBytes: 10 * MB });
    await legacyStore(port);
    const expected = await model(port);
    // The app's own data leaves less room than a second copy needs.
    const own = port.usedBytes;
    const tight = memoryKv({ ...options, quotaBytes: own + 2000 });
    for (const key of port.keys()) tight.set(key, port.get(key) as string);
    const backend = kvStorage(tight, options);
    expect(await snapshot(backend)).toEqual(expected);
    expect(JSON.parse(tight.get('mpsync:head') as string)).toMatchObject({ v: 1 });
    await backend.commit('docs', { puts: [{ key: 'later', value: { n: 1 } }], deletes: [] });
    await backend.close();
    const roomy = memoryKv({ ...options, quotaBytes: 10 * MB });
    for (const key of tight.keys()) roomy.set(key, tight.get(key) as string);
    const migrated = kvStorage(roomy, options);
    const docs = (await snapshot(migrated)).find(([ns]) => ns === 'docs')?.[1] ?? [];
    expect(docs.map(([key]) => key)).toContain('later');
    expect(JSON.parse(roomy.get('mpsync:head') as string)).toMatchObject({ v: 2 });
  });
});

describe('kv pages: the log and its compaction', () => {
  it('keeps every record over many small commits, overwrites and deletes, in a bounded number of segments', async () => {
    const options = { maxValueBytes: 4096, quotaBytes: 4 * MB, pageBytes: 1024 };
    const port = memoryKv(options);
    const backend = kvStorage(port, options);
    const model = new Map<string, JsonObject>();
    for (let round = 0; round < 20; round++) {
      const puts = Array.from({ length: 25 }, (_, i) => ({ key: `k${(round * 17 + i * 7) % 300}`, value: { round, i } }));
      const deletes = round % 4 === 3 ? [`k${round}`, `k${round + 100}`].filter((key) => !puts.some((p) => p.key === key)) : [];
      await backend.commit('docs', { puts, deletes });
      for (const { key, value } of puts) model.set(key, value);
      for (const key of deletes) model.delete(key);
    }
    const segments = port.keys().filter((key) => key.startsWith('mpsync:#'));
    // 300 small records in 1 KB segments: compaction keeps about their live size, plus fewer than 8 small ones.
    expect(segments.length).toBeGreaterThan(5);
    expect(segments.length).toBeLessThan(40);
    for (const key of segments) expect((port.get(key) as string).length).toBeLessThanOrEqual(4096);
    const loaded = new Map((await kvStorage(port, options).load('docs')).map(({ key, value }) => [key, value]));
    expect(loaded).toEqual(model);
  });
});

describe('kv pages: a crash during a commit that compacts', () => {
  it('leaves the state before or after the commit, at every step', async () => {
    const options = { maxValueBytes: 2048, quotaBytes: MB, pageBytes: 1024 };
    const commits: CommitBatch[] = Array.from({ length: 8 }, (_, i) => ({
      puts: [
        { key: `k${i}`, value: { i } },
        { key: 'shared', value: { i } },
      ],
      deletes: i > 2 ? [`k${i - 3}`] : [],
    }));
    const modelAfter = async (count: number) => {
      const port = memoryKv(options);
      const backend = kvStorage(port, options);
      for (const batch of commits.slice(0, count)) await backend.commit('docs', batch);
      return snapshot(backend);
    };
    const before = await modelAfter(7);
    const after = await modelAfter(8);
    let step = 1;
    for (;;) {
      const port = memoryKv(options);
      const backend = kvStorage(port, options);
      for (const batch of commits.slice(0, 7)) await backend.commit('docs', batch);
      port.injectFault({ at: step, crash: true });
      const outcome = await codeOf(backend.commit('docs', commits[7] as CommitBatch));
      const fired = port.faulted;
      port.heal();
      const found = await snapshot(kvStorage(port, options));
      expect([before, after], `crash at write ${step}`).toContainEqual(found);
      if (outcome === 'resolved') expect(found, `crash at write ${step}`).toEqual(after);
      if (!fired) break;
      step++;
    }
    // The eighth small segment starts a compaction: more writes than a plain commit's three.
    expect(step).toBeGreaterThan(4);
  });
});

describe('kv pages: which segments a compaction folds', () => {
  const KB = 1024;
  const seg = (id: number, bytes: number, live: number) => ({ id, parts: 1, bytes, live });

  it('the small ones once there are eight; the mostly superseded ones once superseded bytes outweigh live ones and four segments; else none', () => {
    const full = Array.from({ length: 4 }, (_, i) => seg(i + 1, 64 * KB, 64 * KB));
    const small = (n: number) => Array.from({ length: n }, (_, i) => seg(100 + i, KB, KB));
    expect(chooseCompaction({ count: 1, segments: [...full, ...small(7)] }, 64 * KB)).toEqual([]);
    expect(chooseCompaction({ count: 1, segments: [...full, ...small(8)] }, 64 * KB).map((s) => s.id)).toEqual(small(8).map((s) => s.id));
    const stale = Array.from({ length: 10 }, (_, i) => seg(200 + i, 64 * KB, i === 3 ? 0 : 8 * KB));
    expect(chooseCompaction({ count: 1, segments: [...full, ...stale] }, 64 * KB)[0]?.id).toBe(203);
    expect(chooseCompaction({ count: 1, segments: [...full, ...stale.slice(0, 2)] }, 64 * KB)).toEqual([]);
  });
});
