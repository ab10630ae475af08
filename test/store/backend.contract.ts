import { expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/json';
import type { CommitBatch, StorageBackend } from '../../src/store/backend';
import type { FaultOptions } from './faults';
import { applyBatch, BIG_VALUE, codeOf, emptyModel, MEDIUM_VALUE, NAMESPACES, put, snapshot, TRICKY_KEYS, TRICKY_VALUE, type Model } from './fixtures';

/** Makes storage operations of a place fail (see `faultPlan`); absent for the memory backend. */
export interface FaultInjector {
  /** The `step`-th storage operation from now fails (1 = the next one). */
  arm(step: number, options: FaultOptions): void;
  /** Disarms; returns whether the fault fired. */
  disarm(): boolean;
}

/** Where a backend keeps its data: a folder, a database name, a key-value store. */
export interface Place {
  /** A new backend object over this place, as a restarted app creates. */
  open(): StorageBackend;
  readonly faults?: FaultInjector;
  /** Closes every backend opened here, checks what the harness checks, and removes the place. */
  dispose(): Promise<void>;
}

export interface BackendHarness {
  readonly name: string;
  /** Whether its places have `faults`. The memory backend has none: it cannot fail part-way. */
  readonly injectsFaults: boolean;
  place(options?: { quotaBytes?: number }): Promise<Place>;
}

/** Acknowledged commits before the one that fails: several namespaces, overwrites (log garbage), a delete. */
async function setup(backend: StorageBackend, model: Model): Promise<void> {
  const batches: [string, CommitBatch][] = [
    ['docs', { puts: [0, 1, 2, 3, 4, 5].map((i) => put(`k${i}`, { i, text: `first ${i}` })), deletes: [] }],
    ['meta', { puts: [put('m', { checkpoint: 1 })], deletes: [] }],
    ...[1, 2, 3].map((round): [string, CommitBatch] => ['docs', { puts: [0, 1, 2, 3, 4, 5].map((i) => put(`k${i}`, { i, round })), deletes: [] }]),
    ['docs', { puts: [put('big', BIG_VALUE)], deletes: ['k5'] }],
  ];
  for (const [namespace, batch] of batches) {
    await backend.commit(namespace, batch);
    applyBatch(model, namespace, batch);
  }
}

/**
 * The commit that fails part-way: an overwrite, a new record, a new record larger than a kv entry,
 * and deletes, one of the largest record (so the file log is then over twice its data and compacts).
 */
const FINAL: CommitBatch = { puts: [put('k0', { i: 0, last: true }), put('k6', { i: 6 }), put('medium', MEDIUM_VALUE)], deletes: ['k1', 'big'] };

type Final = { name: string; run: (b: StorageBackend) => Promise<void>; apply: (m: Model) => void };
const FINALS: Final[] = [
  { name: 'a multi-record commit', run: (b) => b.commit('docs', FINAL), apply: (m) => applyBatch(m, 'docs', FINAL) },
  {
    name: 'a drop',
    run: (b) => b.drop('docs'),
    apply: (m) =>
      m.splice(
        m.findIndex(([n]) => n === 'docs'),
        1,
      ),
  },
];

/** The suite every backend passes; one `it` per property of the `StorageBackend` contract. */
export function backendContract(harness: BackendHarness): void {
  const withPlace = async (fn: (place: Place) => Promise<void>, options?: { quotaBytes?: number }) => {
    const place = await harness.place(options);
    try {
      await fn(place);
    } finally {
      await place.dispose();
    }
  };

  it('starts empty', () =>
    withPlace(async (place) => {
      const backend = place.open();
      expect(await backend.load('docs')).toEqual([]);
      expect(await backend.namespaces()).toEqual([]);
    }));

  it('reopens with exactly what was written: puts, overwrites, deletes, namespaces, drop, unusual keys and values', () =>
    withPlace(async (place) => {
      let backend = place.open();
      const model = emptyModel();
      const commit = async (namespace: string, batch: CommitBatch) => {
        await backend.commit(namespace, batch);
        applyBatch(model, namespace, batch);
      };
      for (const [n, namespace] of NAMESPACES.entries()) {
        await commit(namespace, { puts: TRICKY_KEYS.map((key, i) => put(key, { ...TRICKY_VALUE, i, n })), deletes: [] });
      }
      await commit(NAMESPACES[0] as string, { puts: [put('a/b', { overwritten: true }), put('big', BIG_VALUE)], deletes: ['c:d', 'not there'] });
      await commit(NAMESPACES[1] as string, { puts: [], deletes: TRICKY_KEYS });
      await backend.drop(NAMESPACES[2] as string);
      model.splice(
        model.findIndex(([n]) => n === NAMESPACES[2]),
        1,
      );
      await backend.drop('never used');
      await commit('empty', { puts: [], deletes: [] });
      expect(await snapshot(backend)).toEqual(model);
      backend = await reopen(place, backend);
      expect(await snapshot(backend)).toEqual(model);
      await commit(NAMESPACES[2] as string, { puts: [put('again', { back: 1 })], deletes: [] });
      backend = await reopen(place, backend);
      expect(await snapshot(backend)).toEqual(model);
    }));

  it('never shares values: changing an object after commit or after load changes nothing stored', () =>
    withPlace(async (place) => {
      let backend = place.open();
      const value: JsonObject = { list: [1, { deep: 'a' }], name: 'x' };
      const pending = backend.commit('docs', { puts: [put('a', value)], deletes: [] });
      (value['list'] as JsonObject[]).push({ added: 'during' });
      value['name'] = 'changed during commit';
      await pending;
      value['name'] = 'changed after commit';
      const [loaded] = await backend.load('docs');
      (loaded?.value['list'] as JsonObject[]).length = 0;
      const expected = [{ key: 'a', value: { list: [1, { deep: 'a' }], name: 'x' } }];
      expect(await backend.load('docs')).toEqual(expected);
      backend = await reopen(place, backend);
      expect(await backend.load('docs')).toEqual(expected);
    }));

  it('applies overlapping calls in call order', () =>
    withPlace(async (place) => {
      let backend = place.open();
      const model = emptyModel();
      const calls: Promise<unknown>[] = [];
      const commit = (namespace: string, batch: CommitBatch) => {
        calls.push(backend.commit(namespace, batch));
        applyBatch(model, namespace, batch);
      };
      for (let i = 0; i < 30; i++) {
        commit('docs', { puts: [put('last', { i }), put(`k${i}`, { i })], deletes: i > 0 ? [`k${i - 1}`] : [] });
        if (i % 10 === 3) commit('other', { puts: [put('x', { i })], deletes: [] });
        if (i % 10 === 6) {
          calls.push(backend.drop('other'));
          model.splice(
            model.findIndex(([n]) => n === 'other'),
            1,
          );
        }
      }
      const seen = snapshot(backend);
      await Promise.all(calls);
      expect(await seen).toEqual(model);
      backend = await reopen(place, backend);
      expect(await snapshot(backend)).toEqual(model);
    }));

  it('rejects an invalid batch whole, before writing any of it', () =>
    withPlace(async (place) => {
      let backend = place.open();
      const model = emptyModel();
      await setup(backend, model);
      const circular: JsonObject = { a: 1 };
      circular['self'] = circular;
      const bad: CommitBatch[] = [
        { puts: [put('k0', { ok: 1 }), put('k9', circular)], deletes: [] },
        { puts: [put('k0', { ok: 1 }), put('k1', { big: 10n } as unknown as JsonObject)], deletes: [] },
        { puts: [put('k0', { ok: 1 })], deletes: ['k3', 'k0'] },
        { puts: [put('k0', { ok: 1 }), put('k1', [1, 2] as unknown as JsonObject)], deletes: [] },
      ];
      for (const batch of bad) expect(await codeOf(backend.commit('docs', batch))).toBe('INVALID_ARGUMENT');
      expect(await snapshot(backend)).toEqual(model);
      backend = await reopen(place, backend);
      expect(await snapshot(backend)).toEqual(model);
    }));

  it('rejects a commit over the quota with QUOTA_EXCEEDED and keeps everything stored', () =>
    withPlace(
      async (place) => {
        let backend = place.open();
        const model = emptyModel();
        const filler = 'x'.repeat(150);
        const small: CommitBatch = { puts: Array.from({ length: 10 }, (_, i) => put(`s${i}`, { i, filler })), deletes: [] };
        await backend.commit('docs', small);
        applyBatch(model, 'docs', small);
        // About 4.6 KB: it would fit the 5.5 KB quota alone, so only counting what is stored rejects it.
        const big: CommitBatch = { puts: Array.from({ length: 5 }, (_, i) => put(`b${i}`, { i, filler: filler.repeat(6) })), deletes: ['s0'] };
        expect(await codeOf(backend.commit('docs', big))).toBe('QUOTA_EXCEEDED');
        expect(await codeOf(backend.commit('other', big))).toBe('QUOTA_EXCEEDED');
        expect(await snapshot(backend)).toEqual(model);
        // Right after a reopen, before any load: the size of what is stored must be known anyway.
        backend = await reopen(place, backend);
        expect(await codeOf(backend.commit('docs', big))).toBe('QUOTA_EXCEEDED');
        expect(await snapshot(backend)).toEqual(model);
        // Shrinking always passes, and what then fits is accepted.
        const shrink: CommitBatch = { puts: [put('s1', { tiny: true })], deletes: ['s2', 's3', 's4'] };
        await backend.commit('docs', shrink);
        applyBatch(model, 'docs', shrink);
        const fits: CommitBatch = { puts: [put('s2', { i: 2, filler })], deletes: [] };
        await backend.commit('docs', fits);
        applyBatch(model, 'docs', fits);
        backend = await reopen(place, backend);
        expect(await snapshot(backend)).toEqual(model);
      },
      { quotaBytes: 5500 },
    ));

  it('keeps its data over close(), and the same object can be used again', () =>
    withPlace(async (place) => {
      const backend = place.open();
      await backend.commit('docs', { puts: [put('a', { n: 1 })], deletes: [] });
      await backend.close();
      expect(await backend.load('docs')).toEqual([{ key: 'a', value: { n: 1 } }]);
      await backend.commit('docs', { puts: [put('b', { n: 2 })], deletes: ['a'] });
      await backend.close();
      expect(await snapshot(place.open())).toEqual([['docs', [['b', { n: 2 }]]]]);
    }));

  it('round-trips 1,500 records and their overwrites', () =>
    withPlace(async (place) => {
      let backend = place.open();
      const model = emptyModel();
      const all: CommitBatch = { puts: Array.from({ length: 1500 }, (_, i) => put(`doc|${i}`, { _id: i, title: `标题 ${i}`, tags: ['a', 'b'] })), deletes: [] };
      await backend.commit('docs', all);
      applyBatch(model, 'docs', all);
      for (let round = 0; round < 3; round++) {
        const batch: CommitBatch = { puts: Array.from({ length: 100 }, (_, i) => put(`doc|${i * 7 + round}`, { round })), deletes: [`doc|${1000 + round}`] };
        await backend.commit('docs', batch);
        applyBatch(model, 'docs', batch);
      }
      backend = await reopen(place, backend);
      expect(await snapshot(backend)).toEqual(model);
    }));

  for (const final of FINALS) {
    it.runIf(harness.injectsFaults)(`survives a failure at every step of ${final.name}: before or after, never between`, async () => {
      const modes: FaultOptions[] = [
        { crash: false, full: false },
        { crash: false, full: true },
        { crash: true, full: false },
      ];
      for (const mode of modes) {
        let step = 1;
        while (await failAt(harness, final, step, mode)) step++;
        // Every backend with fault hooks touches storage at least once per commit.
        expect(step).toBeGreaterThan(1);
      }
    });
  }
}

/** One run: fault at `step`, then check the outcome; returns whether the fault fired (so a later step exists). */
async function failAt(harness: BackendHarness, final: Final, step: number, mode: FaultOptions): Promise<boolean> {
  expect(step).toBeLessThan(500);
  const place = await harness.place();
  try {
    const faults = place.faults as FaultInjector;
    let backend = place.open();
    const before = emptyModel();
    await setup(backend, before);
    const after = structuredClone(before);
    final.apply(after);
    faults.arm(step, mode);
    const outcome = await codeOf(final.run(backend));
    const fired = faults.disarm();
    const label = `step ${step}, ${JSON.stringify(mode)}: ${outcome}`;
    if (!fired) {
      expect(outcome, label).toBe('resolved');
      return false;
    }
    let expected: Model;
    if (mode.crash) {
      // The process died: no call on this object counts, only what a restart finds.
      backend = place.open();
      const found = await snapshot(backend);
      expected = outcome === 'resolved' || JSON.stringify(found) === JSON.stringify(after) ? after : before;
      expect(found, label).toEqual(expected);
    } else {
      expected = outcome === 'resolved' ? after : before;
      if (outcome !== 'resolved') expect(outcome, label).toBe(mode.full ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED');
      expect(await snapshot(backend), label).toEqual(expected);
      backend = await reopen(place, backend);
      expect(await snapshot(backend), label).toEqual(expected);
    }
    // Whatever the failure left behind must not disturb later commits.
    const next: CommitBatch = { puts: [put('k3', { later: true }), put('k7', { i: 7 })], deletes: ['k4'] };
    await backend.commit('docs', next);
    applyBatch(expected, 'docs', next);
    backend = await reopen(place, backend);
    expect(await snapshot(backend), label).toEqual(expected);
    return true;
  } finally {
    place.faults?.disarm();
    await place.dispose();
  }
}

/** Closes `backend` and opens a new one over the same place, as an app restart does. */
async function reopen(place: Place, backend: StorageBackend): Promise<StorageBackend> {
  await backend.close();
  return place.open();
}
