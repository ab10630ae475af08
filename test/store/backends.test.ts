import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBKeyRange, IDBObjectStore, indexedDB } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { MpsyncError } from '../../src/core/errors';
import { LOCK_FILE } from '../../src/node/folder-lock';
import type { StorageBackend } from '../../src/store/backend';
import { dexieStorage, fileStorage, kvStorage, memoryStorage } from '../../src/store';
import { memoryKv } from '../helpers/memory-kv';
import { kvEntryBytes } from '../../src/store/kv/kv-port';
import { backendContract, type BackendHarness, type Place } from './backend.contract';
import { faultPlan } from './faults';
import { fsFaults } from './fs-faults';

vi.mock('node:fs/promises', async (importOriginal) => (await import('./fs-faults')).wrapFs(await importOriginal()));

/** Tracks the backends a place opened, so `dispose` can close them all. */
function opener(make: () => StorageBackend) {
  const opened: StorageBackend[] = [];
  return {
    open: () => {
      const backend = make();
      opened.push(backend);
      return backend;
    },
    closeAll: async () => {
      for (const backend of opened) await backend.close().catch(() => undefined);
    },
  };
}

const memory: BackendHarness = {
  name: 'memory',
  injectsFaults: false,
  place(options = {}) {
    // The memory backend is its own place: a restart is a new client on the same object.
    const storage = memoryStorage(options);
    return Promise.resolve({ open: () => storage, dispose: () => storage.close() });
  },
};

const file: BackendHarness = {
  name: 'file',
  injectsFaults: true,
  async place(options = {}) {
    const dir = await mkdtemp(join(tmpdir(), 'mpsync-store-'));
    // compactionMinBytes 0: compaction runs whenever a log is over twice its data, so the
    // crash runs also go through it.
    // A new backend over a place whose earlier backend was never closed stands for a restart after
    // a crash: the dead process's lock is stale. Here that process is this one, so its lock file is
    // removed (the lock itself is tested with real processes in file-lock.test.ts).
    const backends = opener(() => {
      rmSync(join(dir, LOCK_FILE), { force: true });
      return fileStorage({ dir, compactionMinBytes: 0, ...options });
    });
    return {
      open: backends.open,
      faults: fsFaults,
      async dispose() {
        await backends.closeAll();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

// fake-indexeddb's object store, patched once: the N-th put/delete of a test throws, which makes
// Dexie abort the transaction part-way (earlier puts of it were already issued).
const idbFaults = faultPlan((full) => new DOMException(full ? 'injected: quota exceeded' : 'injected failure', full ? 'QuotaExceededError' : 'UnknownError'));
const patched = ['put', 'delete'] as const;
const originals = patched.map((name) => [name, Object.getOwnPropertyDescriptor(IDBObjectStore.prototype, name) as PropertyDescriptor] as const);
beforeAll(() => {
  for (const [name, original] of originals) {
    Object.defineProperty(IDBObjectStore.prototype, name, {
      ...original,
      value(this: IDBObjectStore, ...args: unknown[]) {
        idbFaults.hit();
        return original.value.apply(this, args);
      },
    });
  }
});
afterAll(() => {
  for (const [name, original] of originals) Object.defineProperty(IDBObjectStore.prototype, name, original);
});

let databases = 0;
const dexie: BackendHarness = {
  name: 'dexie',
  injectsFaults: true,
  place(options = {}) {
    const databaseName = `mpsync-contract-${++databases}`;
    const backends = opener(() => dexieStorage({ indexedDB, IDBKeyRange, databaseName, ...options }));
    return Promise.resolve({
      open: backends.open,
      faults: idbFaults,
      async dispose() {
        await backends.closeAll();
        await new Promise((resolve, reject) => {
          const request = indexedDB.deleteDatabase(databaseName);
          request.onsuccess = resolve;
          request.onerror = () => reject(request.error ?? new Error('deleteDatabase failed'));
        });
      },
    });
  },
};

// Small entries, so ordinary records already span several of them.
const MAX_VALUE_BYTES = 512;
const APP_KEYS: [string, string][] = [
  ['token', 'abc'],
  ['mpsync', 'no colon'],
  ['MPSYNC:1:a~1', 'other case'],
  ['user:1~2', 'looks like ours, without the prefix'],
];

const kv: BackendHarness = {
  name: 'kv',
  injectsFaults: true,
  place(options = {}) {
    const port = memoryKv({ maxValueBytes: MAX_VALUE_BYTES, quotaBytes: 10 * 1024 * 1024 });
    for (const [key, value] of APP_KEYS) port.set(key, value);
    const backends = opener(() => kvStorage(port, { maxValueBytes: MAX_VALUE_BYTES, quotaBytes: options.quotaBytes ?? 10 * 1024 * 1024 }));
    const place: Place = {
      open: backends.open,
      faults: {
        arm: (step, mode) =>
          port.injectFault({ at: step, crash: mode.crash, ...(mode.full ? { error: new MpsyncError('QUOTA_EXCEEDED', 'injected: store full') } : {}) }),
        disarm() {
          const fired = port.faulted;
          port.heal();
          return fired;
        },
      },
      async dispose() {
        await backends.closeAll();
        // Whatever the test did, the app's own keys are untouched and no entry is over the limit.
        for (const [key, value] of APP_KEYS) expect(port.get(key)).toBe(value);
        for (const key of port.keys()) expect(kvEntryBytes(key, port.get(key) as string)).toBeLessThanOrEqual(MAX_VALUE_BYTES);
      },
    };
    return Promise.resolve(place);
  },
};

describe.each([memory, file, dexie, kv].map((harness) => [harness.name, harness] as const))('%s backend', (_name, harness) => {
  backendContract(harness);
});
