import { describe, expect, it } from 'vitest';
import { MpsyncError } from '../../src/core/errors';
import type { JsonObject } from '../../src/core/json';
import type { CommitBatch } from '../../src/store/backend';
import { kvStorage } from '../../src/store/kv/kv-backend';
import { legacyKvStorage } from '../../src/store/kv/legacy-kv-backend';
import { kvEntryBytes, literalBytes, splitByBytes } from '../../src/store/kv/kv-port';
import { memoryKv, type MemoryKv } from '../helpers/memory-kv';
import { codeOf, records } from './fixtures';

const MB = 1024 * 1024;

const entries = (port: MemoryKv, prefix = 'mpsync:') => port.keys().filter((key) => key.startsWith(prefix));

describe('kv backend', () => {
  it('splits a record over several entries, each within maxValueBytes as kvEntryBytes counts it', async () => {
    const port = memoryKv({ maxValueBytes: 256, quotaBytes: MB });
    const big: JsonObject = { cjk: '长'.repeat(500), quotes: '"\\'.repeat(400), emoji: '😀'.repeat(300), control: '\u0001\n'.repeat(50) };
    const backend = kvStorage(port, { maxValueBytes: 256, quotaBytes: MB });
    await backend.commit('docs', {
      puts: [
        { key: 'big', value: big },
        { key: 'small', value: { n: 1 } },
      ],
      deletes: [],
    });
    expect(entries(port).length).toBeGreaterThan(20);
    for (const key of port.keys()) expect(kvEntryBytes(key, port.get(key) as string)).toBeLessThanOrEqual(256);
    expect(await records(kvStorage(port, { maxValueBytes: 256, quotaBytes: MB }))).toEqual([
      ['big', big],
      ['small', { n: 1 }],
    ]);
  });

  it('never cuts a surrogate pair, and measures like JSON.stringify', () => {
    const text = 'a"😀\u0000é中\\';
    expect(literalBytes(text)).toBe(new TextEncoder().encode(JSON.stringify(text)).length);
    const pieces = splitByBytes('😀'.repeat(10), 7);
    expect(pieces.join('')).toBe('😀'.repeat(10));
    for (const piece of pieces) expect(piece).toMatch(/^(?:😀)+$/u);
  });

  it('costs at most 13 bytes per record beyond its own key and JSON; superseded versions stay within what compaction allows', async () => {
    const port = memoryKv({ maxValueBytes: 200 * 1024, quotaBytes: 10 * MB });
    const backend = kvStorage(port, { maxValueBytes: 200 * 1024, quotaBytes: 10 * MB });
    const batch: CommitBatch = { puts: Array.from({ length: 1000 }, (_, i) => ({ key: `todos|${i}`, value: { _id: i, title: `item ${i}` } })), deletes: [] };
    await backend.commit('db/docs/0', batch);
    let own = 0;
    for (const { key, value } of batch.puts) own += kvEntryBytes(key, JSON.stringify(value));
    const used = () => entries(port).reduce((sum, key) => sum + kvEntryBytes(key, port.get(key) as string), 0);
    const head = kvEntryBytes('mpsync:head', port.get('mpsync:head') as string);
    expect(head).toBeLessThan(80);
    expect((used() - own) / 1000).toBeLessThanOrEqual(13);
    // Rewrites append; compaction starts once superseded bytes outweigh both the live ones and 4 segments.
    for (let round = 0; round < 30; round++)
      await backend.commit('db/docs/0', { puts: batch.puts.slice((round % 10) * 100, (round % 10) * 100 + 100), deletes: [] });
    expect(used()).toBeLessThanOrEqual(2 * own + 4 * 64 * 1024 + 13 * 1000);
  });

  it('recovers from a crash during recovery, at every step of both', async () => {
    const options = { maxValueBytes: 256, quotaBytes: MB };
    const first: CommitBatch = { puts: ['a', 'b', 'c'].map((key) => ({ key, value: { key, v: 1 } })), deletes: [] };
    const last: CommitBatch = {
      puts: [
        { key: 'a', value: { v: 2 } },
        { key: 'd', value: { long: 'x'.repeat(600) } },
      ],
      deletes: ['b'],
    };
    const before = [
      ['a', { key: 'a', v: 1 }],
      ['b', { key: 'b', v: 1 }],
      ['c', { key: 'c', v: 1 }],
    ];
    const after = [
      ['a', { v: 2 }],
      ['c', { key: 'c', v: 1 }],
      ['d', { long: 'x'.repeat(600) }],
    ];
    const crashTwice = async (commitStep: number, recoveryStep: number) => {
      const port = memoryKv(options);
      await kvStorage(port, options).commit('docs', first);
      port.injectFault({ at: commitStep, crash: true });
      await codeOf(kvStorage(port, options).commit('docs', last));
      const commitCrashed = port.faulted;
      port.heal();
      port.injectFault({ at: recoveryStep, crash: true });
      await codeOf(kvStorage(port, options).load('docs'));
      const recoveryCrashed = port.faulted;
      port.heal();
      expect([before, after], `commit step ${commitStep}, recovery step ${recoveryStep}`).toContainEqual(await records(kvStorage(port, options)));
      return { commitCrashed, recoveryCrashed };
    };
    let runs = 0;
    for (let commitStep = 1, done = false; !done; commitStep++) {
      for (let recoveryStep = 1; ; recoveryStep++, runs++) {
        const { commitCrashed, recoveryCrashed } = await crashTwice(commitStep, recoveryStep);
        done = !commitCrashed;
        if (!recoveryCrashed) break;
      }
    }
    expect(runs).toBeGreaterThan(10);
  });

  it('rejects a commit over its quota before writing anything', async () => {
    const port = memoryKv({ maxValueBytes: 1024, quotaBytes: MB });
    const backend = kvStorage(port, { maxValueBytes: 1024, quotaBytes: 4000 });
    await backend.commit('docs', { puts: [{ key: 'a', value: { pad: 'x'.repeat(1000) } }], deletes: [] });
    const writes = port.writes;
    // 1 KB of new data fits the 4 KB quota only without its journal (the new version beside the old).
    expect(
      await codeOf(
        backend.commit('docs', {
          puts: [
            { key: 'a', value: { pad: 'y'.repeat(1000) } },
            { key: 'b', value: { pad: 'z'.repeat(1900) } },
          ],
          deletes: [],
        }),
      ),
    ).toBe('QUOTA_EXCEEDED');
    expect(port.writes).toBe(writes);
  });

  it("rolls back when the store fills up mid-commit because the app's own keys took the room", async () => {
    const port = memoryKv({ maxValueBytes: 1024, quotaBytes: 16 * 1024 });
    const backend = kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB });
    const first: CommitBatch = { puts: Array.from({ length: 5 }, (_, i) => ({ key: `k${i}`, value: { i, pad: 'a'.repeat(500) } })), deletes: [] };
    await backend.commit('docs', first);
    const before = await records(backend);
    const appKeys = ['app:1', 'app:2', 'app:3', 'app:4'];
    for (const key of appKeys) port.set(key, 'c'.repeat(1000));
    const big: CommitBatch = { puts: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: { i, pad: 'b'.repeat(500) } })), deletes: [] };
    expect(await codeOf(backend.commit('docs', big))).toBe('QUOTA_EXCEEDED');
    expect(await records(backend)).toEqual(before);
    expect(await records(kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB }))).toEqual(before);
    for (const key of appKeys) port.remove(key);
    await backend.commit('docs', { puts: big.puts.slice(0, 12), deletes: [] });
    expect(await records(kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB }))).toHaveLength(12);
  });

  it('keeps two prefixes on one port apart', async () => {
    const port = memoryKv({ maxValueBytes: 1024, quotaBytes: MB });
    const a = kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB, prefix: 'a:' });
    const b = kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB, prefix: 'b:' });
    await a.commit('docs', { puts: [{ key: 'x', value: { from: 'a' } }], deletes: [] });
    await b.commit('docs', { puts: [{ key: 'x', value: { from: 'b' } }], deletes: [] });
    await a.drop('docs');
    expect(await kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB, prefix: 'b:' }).namespaces()).toEqual(['docs']);
    expect(await records(kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB, prefix: 'a:' }))).toEqual([]);
    // Only the head of 'a:' is left: the namespace is gone from it, and its entries with it.
    expect(port.keys().filter((key) => !key.startsWith('b:'))).toEqual(['a:head']);
  });

  it('refuses a head entry it cannot read, without touching anything', async () => {
    const port = memoryKv({ maxValueBytes: 1024, quotaBytes: MB });
    port.set('mpsync:head', '{"v":99}');
    port.set('mpsync:1:a~1', '{}');
    const backend = kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB });
    expect(await codeOf(backend.load('docs'))).toBe('STORAGE_CORRUPT');
    expect(await codeOf(backend.commit('docs', { puts: [{ key: 'a', value: {} }], deletes: [] }))).toBe('STORAGE_CORRUPT');
    expect(port.keys().sort()).toEqual(['mpsync:1:a~1', 'mpsync:head']);
  });

  it('rebuilds a missing head from the segments, which name their namespace and commit: nothing is lost', async () => {
    const options = { maxValueBytes: 1024, quotaBytes: MB, pageBytes: 300 };
    const port = memoryKv(options);
    const backend = kvStorage(port, options);
    const docs = Array.from({ length: 40 }, (_, i) => ({ key: `d${i}`, value: { unsynced: true, i } }));
    await backend.commit('docs', { puts: docs, deletes: [] });
    await backend.commit('docs', { puts: [{ key: 'd1', value: { changed: true } }], deletes: ['d2'] });
    await backend.commit('meta', { puts: [{ key: 'm', value: { cursor: 7 } }], deletes: [] });
    port.remove('mpsync:head');
    const reopened = kvStorage(port, options);
    const expected = docs.filter(({ key }) => key !== 'd2').map(({ key, value }): [string, unknown] => [key, key === 'd1' ? { changed: true } : value]);
    expect(await records(reopened)).toEqual(expected.sort(([a], [b]) => a.localeCompare(b)));
    expect(await records(reopened, 'meta')).toEqual([['m', { cursor: 7 }]]);
    expect(port.get('mpsync:head')).toBeDefined();
  });

  it('never removes entries of the first layout when the head is missing: the open fails with STORAGE_CORRUPT and keeps them', async () => {
    const port = memoryKv({ maxValueBytes: 1024, quotaBytes: MB });
    await legacyKvStorage(port, { maxValueBytes: 1024, quotaBytes: MB }).commit('docs', { puts: [{ key: 'a', value: { unsynced: true } }], deletes: [] });
    const before = new Map(port.keys().map((key) => [key, port.get(key)]));
    port.remove('mpsync:head');
    const backend = kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB });
    expect(await codeOf(backend.load('docs'))).toBe('STORAGE_CORRUPT');
    expect(await codeOf(backend.commit('docs', { puts: [{ key: 'b', value: {} }], deletes: [] }))).toBe('STORAGE_CORRUPT');
    before.delete('mpsync:head');
    expect(new Map(port.keys().map((key) => [key, port.get(key)]))).toEqual(before);
  });

  it('checks its options', () => {
    const port = memoryKv({ maxValueBytes: 1024, quotaBytes: MB });
    expect(() => kvStorage(port, { maxValueBytes: 100, quotaBytes: MB })).toThrow(MpsyncError);
    expect(() => kvStorage(port, { maxValueBytes: 1024, quotaBytes: 0 })).toThrow(MpsyncError);
    expect(() => kvStorage(port, { maxValueBytes: 1024, quotaBytes: MB, prefix: '' })).toThrow(MpsyncError);
  });

  it('stores a key and record longer than one entry over several', async () => {
    const port = memoryKv({ maxValueBytes: 512, quotaBytes: MB });
    const backend = kvStorage(port, { maxValueBytes: 512, quotaBytes: MB });
    const value = { a: 'x'.repeat(600) };
    await backend.commit('docs', { puts: [{ key: 'k'.repeat(500), value }], deletes: [] });
    expect(entries(port).length).toBeGreaterThan(3);
    for (const key of port.keys()) expect(kvEntryBytes(key, port.get(key) as string)).toBeLessThanOrEqual(512);
    expect(await records(kvStorage(port, { maxValueBytes: 512, quotaBytes: MB }))).toEqual([['k'.repeat(500), value]]);
  });
});
