import { describe, expect, it } from 'vitest';
import { LocalEngine } from '../../src/local/local-engine';
import { seededRandom } from '../../src/core/random';
import { memoryStorage } from '../../src/store';

describe('a closed local database', () => {
  it('never writes to storage again, so a client opened after it on the same storage keeps its data', async () => {
    const storage = memoryStorage();
    const open = (seed: number) =>
      LocalEngine.open({ backend: storage, partition: 'space/device', now: () => Date.UTC(2026, 0, 1), random: seededRandom(seed) });
    const first = await open(1);
    await first.execute('todos', 'insertOne', { doc: { _id: 'a', n: 1 }, options: {} });
    await first.close();

    const second = await open(2);
    await second.execute('todos', 'updateOne', { filter: { _id: 'a' }, update: { $inc: { n: 1 } }, options: {} });
    // A late acknowledgement or write reaching the first, closed database is refused.
    const firstRow = second.row('todos', '"a"');
    await expect(first.acknowledge('todos', '"a"', firstRow?.ops[0]?.vs[0] ?? '')).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(first.execute('todos', 'insertOne', { doc: { _id: 'b' }, options: {} })).rejects.toMatchObject({ code: 'CLOSED' });
    await second.close();

    const third = await open(3);
    expect((await third.execute('todos', 'find', { options: {} })).result).toEqual([{ _id: 'a', n: 2 }]);
    expect(third.pendingDocuments()).toBe(1);
    await third.close();
  });
});
