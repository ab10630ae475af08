import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random';
import { LocalEngine } from '../../src/local/local-engine';
import { memoryStorage, type StorageBackend } from '../../src/store';

/** A memory storage that counts the commits that touch the cached documents. */
function countingStorage(): { storage: StorageBackend; docCommits: () => number } {
  const inner = memoryStorage();
  let commits = 0;
  const storage: StorageBackend = {
    kind: inner.kind,
    load: (namespace) => inner.load(namespace),
    commit: (namespace, batch) => {
      if (/docs/.test(namespace)) commits++;
      return inner.commit(namespace, batch);
    },
    drop: (namespace) => inner.drop(namespace),
    namespaces: () => inner.namespaces(),
    close: () => inner.close(),
  };
  return { storage, docCommits: () => commits };
}

describe('acknowledging many pushed documents', () => {
  it('clears each one up to its confirmed state, in one storage commit, and keeps later writes pending', async () => {
    const { storage, docCommits } = countingStorage();
    const engine = await LocalEngine.open({ backend: storage, partition: 'space/device', now: () => Date.UTC(2026, 0, 1), random: seededRandom(3) });
    for (let i = 0; i < 20; i++) await engine.execute('todos', 'insertOne', { doc: { _id: `d${i}`, n: 0 }, options: {} });
    // d0 gets a second write after the pushed state: it must stay pending.
    await engine.execute('todos', 'updateOne', { filter: { _id: 'd0' }, update: { $inc: { n: 1 } }, options: {} });
    expect(engine.pendingDocuments()).toBe(20);
    const acks = Array.from({ length: 20 }, (_, i) => ({ coll: 'todos', key: `"d${i}"`, v: engine.row('todos', `"d${i}"`)!.ops[0]!.vs[0]! }));
    // A confirmation of a document this engine does not hold changes nothing.
    acks.push({ coll: 'todos', key: '"missing"', v: 'x' });
    const before = docCommits();
    await engine.acknowledgeAll(acks);
    expect(docCommits() - before).toBe(1);
    expect(engine.pendingDocuments()).toBe(1);
    expect(engine.row('todos', '"d0"')!.ops).toHaveLength(1);
    expect(engine.row('todos', '"d0"')!.ops[0]!.kind).toBe('update');
    await engine.close();
  });

  it('takes two confirmations of one document in order, as one change', async () => {
    const { storage } = countingStorage();
    const engine = await LocalEngine.open({ backend: storage, partition: 'space/device', now: () => Date.UTC(2026, 0, 1), random: seededRandom(4) });
    await engine.execute('todos', 'insertOne', { doc: { _id: 'a', n: 0 }, options: {} });
    await engine.execute('todos', 'updateOne', { filter: { _id: 'a' }, update: { $inc: { n: 1 } }, options: {} });
    const [first, second] = engine.row('todos', '"a"')!.ops.map((op) => op.vs[0]!);
    await engine.acknowledgeAll([
      { coll: 'todos', key: '"a"', v: first! },
      { coll: 'todos', key: '"a"', v: second! },
    ]);
    expect(engine.isPending('todos', '"a"')).toBe(false);
    await engine.close();
  });
});
