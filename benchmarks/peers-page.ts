/**
 * The page `peers-browser.bench.ts` loads in Chromium (bundled with esbuild when the benchmark
 * runs): the peer comparison on IndexedDB — mpsync on its Dexie backend, RxDB on its Dexie
 * storage, PouchDB + pouchdb-find on its IndexedDB adapter. `?n=&loadRounds=&rounds=&runs=&warmup=`
 * set the workload; the figures are left in `window.benchResult` for the runner to print.
 */
import PouchDB from 'pouchdb-core';
import idbAdapter from 'pouchdb-adapter-idb';
import pouchFind from 'pouchdb-find';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { dexieStorage } from '../src/browser';
import { measurePeers, type Figure } from './peers/figures';
import { mpsyncSubject } from './peers/mpsync-subject';
import { pouchdbSubject } from './peers/pouchdb-subject';
import { rxdbSubject } from './peers/rxdb-subject';

const params = new URLSearchParams(location.search);
const setting = (name: string) => Number(params.get(name));

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error ?? new Error(`could not delete IndexedDB database ${name}`));
  });
}

/** The runner's measure of the page's heap after a full collection (over the DevTools protocol), when it exposes one. */
const heapUsed = (window as unknown as { peersHeapUsed?: () => Promise<number> }).peersHeapUsed;

async function run(): Promise<Figure[]> {
  const MPSYNC_DB = 'peers-mpsync';
  const Pouch = PouchDB.plugin(idbAdapter).plugin(pouchFind);
  return measurePeers(
    [
      mpsyncSubject('mpsync', {
        kind: 'indexeddb',
        storage: () => dexieStorage({ indexedDB, IDBKeyRange, databaseName: MPSYNC_DB }),
        destroy: () => deleteDatabase(MPSYNC_DB),
      }),
      rxdbSubject({
        label: 'RxDB Dexie storage + schema index',
        kind: 'indexeddb',
        storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
        name: 'peersrxdexie',
        persistent: true,
        note: 'insert resolves once the Dexie transaction committed; live answer = RxQuery.$ with event-reduce',
      }),
      pouchdbSubject({
        label: 'PouchDB + pouchdb-find (idb adapter)',
        kind: 'indexeddb',
        PouchDB: Pouch,
        adapter: 'idb',
        name: 'peers-pouch',
        note: 'put resolves once the IndexedDB transaction completed; live answer = a live changes() feed, then find() again on each change',
      }),
    ],
    {
      n: setting('n'),
      loadRounds: setting('loadRounds'),
      rounds: setting('rounds'),
      runs: setting('runs'),
      warmup: setting('warmup'),
      ...(heapUsed === undefined ? {} : { heapUsed }),
    },
  );
}

(window as unknown as { benchResult: Promise<Figure[]> }).benchResult = run();
