import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { createSyncClient } from '../../src/index';
import { dexieStorage } from '../../src/store/dexie-backend';
import { memoryPlatform } from '../../src/testing';
import { newSdk } from '../helpers/sdk';
import { codeOf } from './fixtures';
import { fakeLocks } from '../helpers/web-locks';

// Web Locks as the browser grants them (test/helpers/web-locks.ts).
const lockManager = fakeLocks;

const put = (key: string) => ({ puts: [{ key, value: { key } }], deletes: [] });

describe('dexieStorage with Web Locks: one storage per database', () => {
  it('refuses a second storage on the same database with STORAGE_IN_USE until the first is closed', async () => {
    const { locks, held } = lockManager();
    const databaseName = `lock-test-${Math.random()}`;
    const first = dexieStorage({ indexedDB, IDBKeyRange, databaseName, locks, lockWaitMs: 0 });
    await first.commit('docs', put('a'));
    expect(held).toEqual(new Set([`mpsync:indexeddb:${databaseName}`]));

    const second = dexieStorage({ indexedDB, IDBKeyRange, databaseName, locks, lockWaitMs: 0 });
    const refused = await second.load('docs').catch((error: unknown) => error);
    expect(refused).toMatchObject({ name: 'MpsyncError', code: 'STORAGE_IN_USE', message: expect.stringContaining(databaseName) });
    expect(await codeOf(second.commit('docs', put('b')))).toBe('STORAGE_IN_USE');

    // Another database name is another lock.
    const other = dexieStorage({ indexedDB, IDBKeyRange, databaseName: `${databaseName}-other`, locks, lockWaitMs: 0 });
    expect(await other.load('docs')).toEqual([]);
    await other.close();

    await first.close();
    expect(held.size).toBe(0);
    expect(await second.load('docs')).toEqual([{ key: 'a', value: { key: 'a' } }]);
    // The same storage reopens after its own close(): it asks for the lock again.
    await second.close();
    await first.commit('docs', put('c'));
    expect((await first.load('docs')).map((r) => r.key).sort()).toEqual(['a', 'c']);
    await first.close();
  });

  it('waits up to lockWaitMs for a lock that is released meanwhile (a page being reloaded), then fails', async () => {
    const { locks } = lockManager();
    const databaseName = `lock-wait-${Math.random()}`;
    const first = dexieStorage({ indexedDB, IDBKeyRange, databaseName, locks });
    await first.commit('docs', put('a'));
    const second = dexieStorage({ indexedDB, IDBKeyRange, databaseName, locks, lockWaitMs: 60_000 });
    const loaded = second.load('docs');
    await first.close();
    expect(await loaded).toEqual([{ key: 'a', value: { key: 'a' } }]);

    const third = dexieStorage({ indexedDB, IDBKeyRange, databaseName, locks, lockWaitMs: 1 });
    expect(await codeOf(third.load('docs'))).toBe('STORAGE_IN_USE');
    await second.close();
    expect(await third.load('docs')).toHaveLength(1);
    await third.close();
  });

  it('without locks there is no check (fake-indexeddb in Node, browsers without Web Locks)', async () => {
    const databaseName = `no-lock-${Math.random()}`;
    const a = dexieStorage({ indexedDB, IDBKeyRange, databaseName });
    const b = dexieStorage({ indexedDB, IDBKeyRange, databaseName });
    await a.commit('docs', put('a'));
    expect(await b.load('docs')).toHaveLength(1);
    await a.close();
    await b.close();
  });

  it('a client lets go of its storage at close(), and when it fails to open', async () => {
    const { locks, held } = lockManager();
    const databaseName = `lock-client-${Math.random()}`;
    // Offline, so no request is made: the address is never dialled.
    const open = (lockWaitMs: number) =>
      createSyncClient({
        mpServerless: newSdk({ endpoint: 'http://127.0.0.1:9', spaceId: 'lock-space', clientSecret: 'secret' }),
        platform: memoryPlatform({ online: false }),
        storage: dexieStorage({ indexedDB, IDBKeyRange, databaseName, locks, lockWaitMs }),
        collections: { todos: {} },
      });
    const first = await open(0);
    await first.db.collection('todos').insertOne({ _id: 'a', title: 'milk' });
    expect(await codeOf(open(0))).toBe('STORAGE_IN_USE');
    expect(held.size).toBe(1);

    await first.close();
    expect(held.size).toBe(0);
    const second = await open(0);
    expect((await second.db.collection('todos').find({})).result).toEqual([{ _id: 'a', title: 'milk' }]);
    expect(second.status().pendingWrites).toBe(1);
    await second.close();
    expect(held.size).toBe(0);
  });
});
