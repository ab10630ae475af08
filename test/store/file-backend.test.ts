import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileStorage } from '../../src/store/file-backend';
import { codeOf, records } from './fixtures';
import { fsFaults } from './fs-faults';

vi.mock('node:fs/promises', async (importOriginal) => (await import('./fs-faults')).wrapFs(await importOriginal()));

describe('file backend', () => {
  let dir: string;
  const log = (name = 'docs') => join(dir, `ns-${name}.log`);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mpsync-file-'));
  });
  afterEach(async () => {
    fsFaults.disarm();
    await rm(dir, { recursive: true, force: true });
  });

  it('cuts a torn append at every byte offset: the state before it until the whole line is there', async () => {
    let backend = fileStorage({ dir });
    await backend.commit('docs', {
      puts: [
        { key: 'a', value: { n: 1 } },
        { key: 'b', value: { n: 2 } },
      ],
      deletes: [],
    });
    await backend.commit('docs', { puts: [{ key: 'c', value: { n: 3 } }], deletes: ['a'] });
    const before = await records(backend);
    const base = (await readFile(log())).length;
    await backend.commit('docs', {
      puts: [
        { key: 'x', value: { text: '断开的行 😀', q: '"' } },
        { key: 'y:z', value: {} },
      ],
      deletes: ['b'],
    });
    const after = await records(backend);
    await backend.close();
    const full = await readFile(log());
    expect(full.length - base).toBeGreaterThan(50);
    for (let cut = base; cut <= full.length; cut++) {
      await writeFile(log(), full.subarray(0, cut));
      backend = fileStorage({ dir });
      const whole = cut === full.length;
      expect(await records(backend), `cut at ${cut}`).toEqual(whole ? after : before);
      // The torn tail is gone from the file, so the next append starts on a clean line.
      expect((await stat(log())).size).toBe(whole ? full.length : base);
      await backend.commit('docs', { puts: [{ key: 'later', value: { cut } }], deletes: [] });
      await backend.close();
      backend = fileStorage({ dir });
      expect(await records(backend)).toEqual([...(whole ? after : before), ['later', { cut }]].sort(([a], [b]) => (a < b ? -1 : 1)));
      await backend.close();
    }
  });

  it('refuses a log damaged before its last line instead of dropping acknowledged commits', async () => {
    const backend = fileStorage({ dir });
    for (const n of [1, 2, 3]) await backend.commit('docs', { puts: [{ key: `k${n}`, value: { n } }], deletes: [] });
    await backend.close();
    const lines = (await readFile(log(), 'utf8')).split('\n');
    lines[1] = lines[1]?.replace('{', '#') ?? '';
    await writeFile(log(), lines.join('\n'));
    expect(await codeOf(fileStorage({ dir }).load('docs'))).toBe('STORAGE_CORRUPT');
  });

  it('refuses a damaged last line that ends with its newline (not a torn append) and leaves the file as it was', async () => {
    const backend = fileStorage({ dir });
    for (const n of [1, 2]) await backend.commit('docs', { puts: [{ key: `k${n}`, value: { n } }], deletes: [] });
    await backend.close();
    const damaged = (await readFile(log(), 'utf8')).replace(/\{"p":\[\["k2"[^\n]*\n$/, '{"p":[["k2",{"n":2}],#\n');
    await writeFile(log(), damaged);
    const reopened = fileStorage({ dir });
    const error = await reopened.load('docs').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'STORAGE_CORRUPT', message: expect.stringMatching(/ns-docs\.log is damaged at byte \d+/) });
    await reopened.close();
    expect(await readFile(log(), 'utf8')).toBe(damaged);
  });

  it('refuses a log that was deleted or emptied while the manifest says it held data', async () => {
    let backend = fileStorage({ dir });
    await backend.commit('docs', { puts: [{ key: 'a', value: { n: 1 } }], deletes: [] });
    await backend.commit('meta', { puts: [{ key: 'm', value: {} }], deletes: [] });
    await backend.close();
    await writeFile(log(), '');
    backend = fileStorage({ dir });
    expect(await backend.load('meta').catch((e: unknown) => e)).toMatchObject({ code: 'STORAGE_CORRUPT', message: expect.stringContaining('is empty') });
    await backend.close();
    await rm(log());
    backend = fileStorage({ dir });
    expect(await backend.load('meta').catch((e: unknown) => e)).toMatchObject({ code: 'STORAGE_CORRUPT', message: expect.stringContaining('is missing') });
    await backend.close();
    // A namespace dropped on purpose, and one emptied by deletes and compaction, are not damage.
    await writeFile(log(), '{"p":[["a",{"n":1}]],"d":[]}\n');
    backend = fileStorage({ dir, compactionMinBytes: 0 });
    await backend.drop('meta');
    for (let i = 0; i < 5; i++) await backend.commit('docs', { puts: [{ key: 'a', value: { i } }], deletes: [] });
    await backend.commit('docs', { puts: [], deletes: ['a'] });
    await backend.close();
    backend = fileStorage({ dir });
    expect(await backend.namespaces()).toEqual([]);
    expect(await records(backend)).toEqual([]);
    await backend.close();
  });

  it('removes a temporary file left by a crashed compaction and leaves files that are not its own', async () => {
    const backend = fileStorage({ dir });
    await backend.commit('docs', { puts: [{ key: 'a', value: { n: 1 } }], deletes: [] });
    await backend.close();
    await writeFile(join(dir, 'ns-docs.log.tmp'), '{"p":[["a",{"n":"half-written');
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await writeFile(join(dir, 'ns-UPPER.log'), 'not an mpsync name');
    const reopened = fileStorage({ dir });
    expect(await records(reopened)).toEqual([['a', { n: 1 }]]);
    expect(await reopened.namespaces()).toEqual(['docs']);
    expect((await readdir(dir)).sort()).toEqual(['.mpsync.lock', 'manifest.json', 'notes.txt', 'ns-UPPER.log', 'ns-docs.log']);
    await reopened.close();
  });

  it('compacts a log that outgrew its data, and survives a crash at every step of compaction', async () => {
    // Grown by a backend that never compacts; the next backend's first commit then compacts.
    const grow = async () => {
      const backend = fileStorage({ dir, compactionMinBytes: Infinity });
      for (let round = 0; round < 40; round++) await backend.commit('docs', { puts: [{ key: 'a', value: { round, pad: 'p'.repeat(100) } }], deletes: [] });
      await backend.close();
      return fileStorage({ dir, compactionMinBytes: 4000 });
    };
    const last = { puts: [{ key: 'b', value: { n: 2 } }], deletes: [] };
    // Without faults: the last commit compacts the log down to its two records.
    const plain = await grow();
    const grown = (await stat(log())).size;
    await plain.commit('docs', last);
    const expected = await records(plain);
    await plain.close();
    expect(grown).toBeGreaterThan(4000);
    expect((await stat(log())).size).toBeLessThan(300);
    // Starting over: the log and the manifest that lists it (a log gone alone is damage).
    const reset = () => Promise.all([rm(log()), rm(join(dir, 'manifest.json'), { force: true })]);
    await reset();

    let steps = 0;
    for (let step = 1; ; step++) {
      const backend = await grow();
      const before = await records(backend);
      fsFaults.arm(step, { crash: true, full: false });
      await codeOf(backend.commit('docs', last));
      const fired = fsFaults.disarm();
      await backend.close();
      const reopened = fileStorage({ dir });
      const found = await records(reopened);
      expect([before, expected], `step ${step}`).toContainEqual(found);
      expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      await reopened.close();
      await reset();
      if (!fired) break;
      steps = step;
    }
    // append, fdatasync, then compaction: rm, open, write, fdatasync, rename, open folder, sync folder.
    expect(steps).toBeGreaterThanOrEqual(9);
  });

  it('reads the values of every load after the first back from the log, never sharing them', async () => {
    await fileStorage({ dir }).close();
    const seed = fileStorage({ dir });
    await seed.commit('docs', { puts: [{ key: 'a', value: { n: 1 } }], deletes: [] });
    await seed.close();
    // compactionMinBytes 0: each commit below also compacts, from the texts the log holds.
    const backend = fileStorage({ dir, compactionMinBytes: 0 });
    // A commit before the first load: the load hands out the replayed values updated by it.
    await backend.commit('docs', { puts: [{ key: 'b', value: { n: 2 } }], deletes: ['a'] });
    const first = await backend.load('docs');
    expect(first.map((r) => [r.key, r.value])).toEqual([['b', { n: 2 }]]);
    (first[0]!.value as { n: number }).n = 99;
    await backend.commit('docs', { puts: [{ key: 'c', value: { n: 3 } }], deletes: [] });
    await backend.commit('docs', { puts: [{ key: 'c', value: { n: 4 } }], deletes: [] });
    expect(await records(backend)).toEqual([
      ['b', { n: 2 }],
      ['c', { n: 4 }],
    ]);
    expect(await records(backend)).toEqual([
      ['b', { n: 2 }],
      ['c', { n: 4 }],
    ]);
    // A log cut under the open backend is reported, not read as a shorter state.
    const text = await readFile(log(), 'utf8');
    await writeFile(log(), text.slice(0, text.length - 5));
    expect(await codeOf(backend.load('docs'))).toBe('STORAGE_CORRUPT');
    await backend.close();
  });

  it('rejects a namespace that cannot be a file name, and keeps names apart on case-insensitive disks', async () => {
    const backend = fileStorage({ dir });
    expect(await codeOf(backend.commit('x'.repeat(300), { puts: [{ key: 'a', value: {} }], deletes: [] }))).toBe('INVALID_ARGUMENT');
    expect(await codeOf(backend.commit('bad\ud800', { puts: [{ key: 'a', value: {} }], deletes: [] }))).toBe('INVALID_ARGUMENT');
    await backend.commit('Todos', { puts: [{ key: 'a', value: { upper: true } }], deletes: [] });
    await backend.commit('todos', { puts: [{ key: 'a', value: { upper: false } }], deletes: [] });
    const names = await readdir(dir);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    await backend.close();
  });

  it('hands the values parsed at open to the first load only, and never a value a later commit replaced', async () => {
    let backend = fileStorage({ dir });
    await backend.commit('docs', { puts: [1, 2, 3, 4].map((n) => ({ key: `k${n}`, value: { n, tags: ['t'] } })), deletes: [] });
    await backend.commit('docs', { puts: [{ key: 'k2', value: { n: 20 } }], deletes: ['k4'] });
    await backend.close();
    backend = fileStorage({ dir });
    // Replayed now; then a commit replaces one parsed value and deletes another before the first load.
    expect(await backend.namespaces()).toEqual(['docs']);
    await backend.commit('docs', { puts: [{ key: 'k1', value: { n: 10 } }], deletes: ['k3'] });
    const first = await backend.load('docs');
    expect(Object.fromEntries(first.map((r) => [r.key, r.value]))).toEqual({ k1: { n: 10 }, k2: { n: 20 } });
    // A caller that changes what it loaded changes nothing stored, for the next load or the next open.
    for (const record of first) record.value['n'] = -1;
    const second = await backend.load('docs');
    expect(Object.fromEntries(second.map((r) => [r.key, r.value]))).toEqual({ k1: { n: 10 }, k2: { n: 20 } });
    await backend.close();
    backend = fileStorage({ dir });
    const reopened = await backend.load('docs');
    expect(Object.fromEntries(reopened.map((r) => [r.key, r.value]))).toEqual({ k1: { n: 10 }, k2: { n: 20 } });
    // A value parsed at open and taken by the first load is not shared with the second.
    reopened[0]!.value['n'] = -2;
    expect((await backend.load('docs')).map((r) => r.value['n']).sort()).toEqual([10, 20]);
    await backend.close();
  });
});
