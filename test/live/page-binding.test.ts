import { describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/index';
import { seededRandom } from '../../src/core/random';
import { bindStatus, bindWatch } from '../../src/live/page-binding';
import { manualScheduler, memoryPlatform, memoryStorage } from '../../src/testing';

/** A mini-program page stand-in: setData records, onUnload as the framework calls it. */
function page() {
  const data: Array<Record<string, unknown>> = [];
  let unloaded = 0;
  const p = {
    data,
    setData: (d: Record<string, unknown>) => data.push(JSON.parse(JSON.stringify(d))),
    onUnload: () => {
      unloaded++;
    },
    get unloaded() {
      return unloaded;
    },
  };
  return p;
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('page helpers', () => {
  it('bind a watch and the status to setData until the page unloads', async () => {
    const platform = memoryPlatform({ online: false });
    const mpServerless = { options: { spaceId: 'page-test' }, db: { collection: () => ({}) } };
    const client = await createSyncClient({
      mpServerless,
      platform,
      storage: memoryStorage(),
      collections: { todos: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
      random: seededRandom(5),
    });
    const todos = client.db.collection('todos');
    const p = page();
    bindWatch(p, 'todos', todos.watch({}, { sort: { _id: 1 } }));
    bindStatus(p, 'sync', client);
    await settle();
    await todos.insertOne({ _id: 'a', title: 'milk' });
    await settle();
    const todosData = p.data.filter((d) => 'todos' in d).map((d) => d.todos);
    expect(todosData).toEqual([
      { docs: [], fromCache: true, hasPendingWrites: false, pending: [] },
      { docs: [{ _id: 'a', title: 'milk' }], fromCache: true, hasPendingWrites: true, pending: [true] },
    ]);
    const lastSync = p.data.filter((d) => 'sync' in d).pop()?.sync as Record<string, unknown>;
    expect(lastSync).toMatchObject({ online: false, pendingWrites: 1 });

    p.onUnload();
    expect(p.unloaded).toBe(1);
    const count = p.data.length;
    await todos.insertOne({ _id: 'b' });
    await settle();
    expect(p.data.length).toBe(count);
    await client.close();
  });
});
