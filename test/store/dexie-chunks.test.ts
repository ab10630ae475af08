import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/json';
import { dexieStorage } from '../../src/store/dexie-backend';
import { CHUNK_ROWS } from '../../src/store/dexie-chunks';

let databases = 0;
const newName = () => `mpsync-chunks-${++databases}`;

// The raw IndexedDB records of a database, read without the backend.
async function rawCount(databaseName: string, table: string): Promise<number> {
  const db = new Dexie(databaseName, { indexedDB, IDBKeyRange });
  await db.open();
  try {
    return db.tables.some((t) => t.name === table) ? await db.table(table).count() : -1;
  } finally {
    db.close();
  }
}

async function loadAll(databaseName: string, namespace: string): Promise<Map<string, JsonObject>> {
  const storage = dexieStorage({ indexedDB, IDBKeyRange, databaseName });
  try {
    return new Map((await storage.load(namespace)).map((record) => [record.key, record.value]));
  } finally {
    await storage.close();
  }
}

describe('dexieStorage chunked layout', () => {
  it('migrates a database of the per-record layout on open, keeping every record', async () => {
    const databaseName = newName();
    const old = new Dexie(databaseName, { indexedDB, IDBKeyRange });
    old.version(1).stores({ records: '[namespace+key]' });
    const rows = Array.from({ length: 1234 }, (_, i) => ({
      namespace: i % 2 === 0 ? 'a' : 'b',
      key: `k${i}`,
      json: JSON.stringify({ i, title: `标题 ${i}` }),
    }));
    await old.table('records').bulkPut(rows);
    old.close();

    const storage = dexieStorage({ indexedDB, IDBKeyRange, databaseName });
    expect((await storage.namespaces()).sort()).toEqual(['a', 'b']);
    const a = await storage.load('a');
    expect(a).toHaveLength(617);
    expect(new Map(a.map((record) => [record.key, record.value])).get('k10')).toEqual({ i: 10, title: '标题 10' });
    await storage.commit('a', { puts: [{ key: 'k0', value: { i: -1 } }], deletes: ['k2'] });
    await storage.close();

    expect(await rawCount(databaseName, 'records')).toBe(-1);
    // Each namespace in ceil(617 / CHUNK_ROWS) chunks, plus the one commit after the migration.
    expect(await rawCount(databaseName, 'chunks')).toBe(2 * Math.ceil(617 / CHUNK_ROWS) + 1);
    const reloaded = await loadAll(databaseName, 'a');
    expect(reloaded.size).toBe(616);
    expect(reloaded.get('k0')).toEqual({ i: -1 });
    expect(reloaded.has('k2')).toBe(false);
    expect((await loadAll(databaseName, 'b')).size).toBe(617);
  });

  it('rewrites a namespace of many small commits as a few chunks, keeping the last value of each key', async () => {
    const databaseName = newName();
    const storage = dexieStorage({ indexedDB, IDBKeyRange, databaseName });
    const model = new Map<string, JsonObject>();
    // 40 keys overwritten over 600 commits, with deletes: more commits than one rewrite allows.
    for (let i = 0; i < 600; i++) {
      const key = `k${(i * 7) % 40}`;
      const value = { i, text: 'x'.repeat(i % 50) };
      const deletes = i % 11 === 0 ? [`k${(i * 3 + 1) % 40}`].filter((d) => d !== key) : [];
      await storage.commit('docs', { puts: [{ key, value }], deletes });
      for (const d of deletes) model.delete(d);
      model.set(key, value);
    }
    await storage.close();
    const chunks = await rawCount(databaseName, 'chunks');
    // At most one rewrite's worth of commits is left unmerged.
    expect(chunks).toBeLessThanOrEqual(257);
    expect(chunks).toBeGreaterThan(0);
    expect(await loadAll(databaseName, 'docs')).toEqual(model);
  });

  it('appends small commits to a large namespace instead of rewriting it each time, also after a reopen', async () => {
    const databaseName = newName();
    let storage = dexieStorage({ indexedDB, IDBKeyRange, databaseName });
    const big = { text: 'z'.repeat(1000) };
    // 1.5 MB in one commit: past the bytes of a rewrite, so it is stored as full chunks.
    await storage.commit('big', { puts: Array.from({ length: 1500 }, (_, i) => ({ key: `b${i}`, value: big })), deletes: [] });
    for (let i = 0; i < 5; i++) await storage.commit('big', { puts: [{ key: `b${i}`, value: { i } }], deletes: [] });
    await storage.close();
    expect(await rawCount(databaseName, 'chunks')).toBe(1500 / CHUNK_ROWS + 5);
    storage = dexieStorage({ indexedDB, IDBKeyRange, databaseName });
    expect(await storage.load('big')).toHaveLength(1500);
    for (let i = 0; i < 5; i++) await storage.commit('big', { puts: [{ key: `c${i}`, value: { i } }], deletes: [] });
    await storage.close();
    expect(await rawCount(databaseName, 'chunks')).toBe(1500 / CHUNK_ROWS + 10);
    expect((await loadAll(databaseName, 'big')).get('b4')).toEqual({ i: 4 });
  });

  it('lists no namespace whose commits deleted every record', async () => {
    const storage = dexieStorage({ indexedDB, IDBKeyRange, databaseName: newName() });
    await storage.commit('gone', { puts: [{ key: 'a', value: { n: 1 } }], deletes: [] });
    await storage.commit('kept', { puts: [{ key: 'a', value: { n: 1 } }], deletes: [] });
    await storage.commit('gone', { puts: [], deletes: ['a'] });
    expect(await storage.namespaces()).toEqual(['kept']);
    await storage.close();
  });

  it('keeps the quota exact across appended commits and a rewrite', async () => {
    const databaseName = newName();
    const value = { text: 'y'.repeat(100) };
    // One record is its key's and its JSON's bytes: 'r0' + the value.
    const one = 2 + JSON.stringify(value).length;
    const storage = dexieStorage({ indexedDB, IDBKeyRange, databaseName, quotaBytes: 3 * one });
    // 300 overwrites of the same three keys: past a rewrite, the used size must not grow.
    for (let i = 0; i < 300; i++) await storage.commit('q', { puts: [{ key: `r${i % 3}`, value }], deletes: [] });
    await expect(storage.commit('q', { puts: [{ key: 'r3', value }], deletes: [] })).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    await storage.commit('q', { puts: [{ key: 'r3', value }], deletes: ['r0'] });
    await storage.close();
    expect([...(await loadAll(databaseName, 'q')).keys()].sort()).toEqual(['r1', 'r2', 'r3']);
  });
});
