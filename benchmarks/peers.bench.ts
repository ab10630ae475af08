/**
 * The peer comparison in Node: mpsync beside the local-first stores a user would pick instead,
 * on the same 10,000 todos, every step alternated across the stores in one run. Subjects: mpsync
 * on its memory and file backends, RxDB's memory storage (schema index on the query's fields),
 * PouchDB + pouchdb-find on its memory and LevelDB adapters (Mango index). RxDB's Dexie storage
 * and the IndexedDB side of the others run in Chromium (`peers-browser.bench.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import PouchDB from 'pouchdb-core';
import leveldbAdapter from 'pouchdb-adapter-leveldb';
import memoryAdapter from 'pouchdb-adapter-memory';
import pouchFind from 'pouchdb-find';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { fileStorage } from '../src/index';
import { memoryStorage } from '../src/testing';
import { measurePeers, type PeerSettings } from './peers/figures';
import { mpsyncSubject } from './peers/mpsync-subject';
import { pouchdbSubject } from './peers/pouchdb-subject';
import { rxdbSubject } from './peers/rxdb-subject';
import { reportFigure } from './peers/report';
import type { PeerSubject } from './peers/subject';
import { peersBrowserBench } from './peers-browser.bench';

/** The settings `npm run bench -- peers` uses. */
export const PEER_SETTINGS: PeerSettings = { n: 10_000, loadRounds: 3, rounds: 5, runs: 20, warmup: 5 };

// A full collection before each heap reading; `gc` is only reachable when V8 exposes it.
function heapUsed(): () => Promise<number> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return () => {
    gc();
    gc();
    return Promise.resolve(process.memoryUsage().heapUsed);
  };
}

/** The Node subjects, with their data under `dir` (file backends) or in this process. */
export function nodeSubjects(dir: string): PeerSubject[] {
  const Pouch = PouchDB.plugin(memoryAdapter).plugin(leveldbAdapter).plugin(pouchFind);
  let memoryPlace = memoryStorage();
  const fileDir = join(dir, 'mpsync-file');
  return [
    mpsyncSubject('mpsync', {
      kind: 'memory',
      storage: () => memoryPlace,
      destroy: () => {
        memoryPlace = memoryStorage();
        return Promise.resolve();
      },
    }),
    rxdbSubject({
      label: 'RxDB memory storage + schema index',
      kind: 'memory',
      storage: getRxStorageMemory(),
      name: 'peersrxmemory',
      persistent: false,
      note: 'insert resolves once in memory (nothing is kept across a restart, so no cold open); live answer = RxQuery.$ with event-reduce',
    }),
    pouchdbSubject({
      label: 'PouchDB + pouchdb-find',
      kind: 'memory',
      PouchDB: Pouch,
      adapter: 'memory',
      name: 'peers-pouch-memory',
      note: 'put resolves once in memdown; live answer = a live changes() feed, then find() again on each change',
    }),
    mpsyncSubject('mpsync', {
      kind: 'file',
      storage: () => fileStorage({ dir: fileDir }),
      destroy: () => rm(fileDir, { recursive: true, force: true }),
    }),
    pouchdbSubject({
      label: 'PouchDB + pouchdb-find (LevelDB)',
      kind: 'file',
      PouchDB: Pouch,
      adapter: 'leveldb',
      name: join(dir, 'pouch-leveldb'),
      note: "put resolves once LevelDB has written it (leveldown's default: no fsync); live answer = changes() feed + find() again",
    }),
  ];
}

/** Runs the Node comparison with `settings` and prints its figures. */
export async function nodePeers(settings: PeerSettings): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mpsync-peers-'));
  try {
    const figures = await measurePeers(nodeSubjects(dir), { ...settings, heapUsed: heapUsed() });
    process.stdout.write(
      `peers in Node ${process.version}: median ms per call unless said; ratio = the peer's figure / mpsync's on the same backend kind (>1 = mpsync faster or smaller)\n\n`,
    );
    for (const figure of figures) reportFigure(`node: ${figure.name}`, figure.unit, figure.rows, figure.notes);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- peers`: the Node comparison, then the Chromium one. */
export async function peersBench(): Promise<void> {
  await nodePeers(PEER_SETTINGS);
  await peersBrowserBench(PEER_SETTINGS);
}
