/**
 * PouchDB with pouchdb-find as a peer-comparison subject: a Mango index on the page query's
 * fields, as the pouchdb-find documentation asks for. Shared by the Node run (memory and LevelDB
 * adapters) and the Chromium page (IndexedDB adapter).
 */
import type { PouchDatabase, PouchStatic } from 'pouchdb-core';
import type { BackendKind, OpenStore, PeerSubject } from './subject';
import { countedTag, pageQuery, QUERY_LIMIT, type PeerTodo } from './workload';

const INDEX = 'page';

// Mango sorts only on indexed fields that are also in the selector, all in one direction: the
// equality fields join the sort, and `createdAt: { $gt: null }` (true of every todo) brings the
// sort field into the selector.
const pageRequest = (k: number) => ({
  selector: { ...pageQuery(k), createdAt: { $gt: null } },
  sort: [{ listId: 'desc' as const }, { done: 'desc' as const }, { createdAt: 'desc' as const }],
  limit: QUERY_LIMIT,
  fields: ['_id'],
  use_index: INDEX,
});

/** Options of {@link pouchdbSubject}. */
export interface PouchdbSubjectOptions {
  readonly label: string;
  readonly kind: BackendKind;
  /** pouchdb-core with pouchdb-find and the adapter plugged in. */
  readonly PouchDB: PouchStatic;
  readonly adapter: string;
  /** Database name (a folder for LevelDB); one per subject. */
  readonly name: string;
  readonly note: string;
}

function open(options: PouchdbSubjectOptions): { store: OpenStore; db: PouchDatabase } {
  const db: PouchDatabase = new options.PouchDB(options.name, { adapter: options.adapter });
  const store: OpenStore = {
    page: async (k) => (await db.find(pageRequest(k))).docs.map((doc) => doc._id),
    // No count in Mango: the matching ids are fetched and counted (pouchdb-find stops at 25 without
    // a limit). No index can serve an array element, so this scans every document.
    countTag: async (k) =>
      (await db.find({ selector: { tags: { $elemMatch: { $eq: countedTag(k) } } }, fields: ['_id'], limit: Number.MAX_SAFE_INTEGER })).docs.length,
    insert: async (todo) => {
      await db.put({ ...todo, tags: [...todo.tags] });
    },
    // A PouchDB update is a read for the current revision, then a write of the whole document.
    update: async (id, title) => {
      const doc = await db.get(id);
      await db.put({ ...doc, title });
    },
    // PouchDB has no live query: a live `changes` feed, and the query again on every change.
    watchPage: (onPage) => {
      let stopped = false;
      const requery = () => {
        store.page(0).then(
          (ids) => {
            if (!stopped) onPage(ids);
          },
          (error: unknown) => console.error('pouchdb live query failed', error),
        );
      };
      const feed = db.changes({ since: 'now', live: true }).on('change', requery);
      requery();
      return () => {
        stopped = true;
        feed.cancel();
      };
    },
    close: () => db.close(),
  };
  return { store, db };
}

/** PouchDB over one adapter. Bulk load is `bulkDocs` in batches of 1,000, `createIndex`, then the query once (which builds the index). */
export function pouchdbSubject(options: PouchdbSubjectOptions): PeerSubject {
  return {
    label: options.label,
    kind: options.kind,
    reference: false,
    note: options.note,
    async load(todos: readonly PeerTodo[]) {
      const { store, db } = open(options);
      for (let i = 0; i < todos.length; i += 1000) {
        const results = await db.bulkDocs(todos.slice(i, i + 1000).map((todo) => ({ ...todo, tags: [...todo.tags] })));
        const failed = results.filter((r) => r.error !== undefined).length;
        if (failed > 0) throw new Error(`pouchdb: bulkDocs refused ${failed} todos`);
      }
      await db.createIndex({ index: { fields: ['listId', 'done', 'createdAt'], ddoc: INDEX } });
      await store.page(0);
      return store;
    },
    reopen: async () => {
      const { store } = open(options);
      await store.page(0);
      return store;
    },
    destroy: () => new options.PouchDB(options.name, { adapter: options.adapter }).destroy(),
  };
}
