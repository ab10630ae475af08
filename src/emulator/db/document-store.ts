import type { Doc } from '../../core/json';
import type { CollectionView, Write } from '../../query/commands';
import type { Sqlite } from '../sqlite';

/** The writes of one collection, as a unit of an atomic commit. */
export interface CollectionWrites {
  readonly collection: string;
  readonly writes: readonly Write[];
}

/**
 * The emulator's documents: every collection in memory (a Map per collection, in insertion order)
 * for evaluation with mingo, written through to SQLite. A commit lands in SQLite first, in one
 * transaction, and only then in memory, so a failed commit changes nothing.
 */
export class DocumentStore {
  readonly #collections = new Map<string, Map<string, Doc>>();
  // Bumped on every write of a document; transactions compare them to detect write conflicts.
  readonly #versions = new Map<string, number>();
  #seq = 0;
  #version = 0;
  readonly #commitSql: (batch: readonly CollectionWrites[]) => void;

  constructor(db: Sqlite) {
    const rows = db.prepare('SELECT coll, id, seq, body FROM docs ORDER BY seq').all() as Array<{ coll: string; id: string; seq: number; body: string }>;
    for (const row of rows) {
      this.#map(row.coll).set(row.id, JSON.parse(row.body) as Doc);
      this.#seq = Math.max(this.#seq, row.seq);
    }
    const insert = db.prepare('INSERT INTO docs (coll, id, seq, body) VALUES (?, ?, ?, ?)');
    const replace = db.prepare('UPDATE docs SET body = ? WHERE coll = ? AND id = ?');
    const remove = db.prepare('DELETE FROM docs WHERE coll = ? AND id = ?');
    this.#commitSql = db.transaction((batch: readonly CollectionWrites[]) => {
      let seq = this.#seq;
      for (const { collection, writes } of batch) {
        for (const w of writes) {
          if (w.kind === 'insert') insert.run(collection, w.key, ++seq, JSON.stringify(w.doc));
          else if (w.kind === 'replace') replace.run(JSON.stringify(w.doc), collection, w.key);
          else remove.run(collection, w.key);
        }
      }
    });
  }

  /** A live read-only view of one collection (empty if it does not exist yet). */
  view(collection: string): CollectionView {
    return {
      scan: () => this.#collections.get(collection)?.values() ?? [],
      get: (key) => this.#collections.get(collection)?.get(key),
    };
  }

  /** Every document of a collection, in natural order (a copy of the list, not of the documents). */
  docs(collection: string): Doc[] {
    return [...(this.#collections.get(collection)?.values() ?? [])];
  }

  /** The names of collections that hold at least one document. */
  collectionNames(): string[] {
    return [...this.#collections.entries()].filter(([, m]) => m.size > 0).map(([name]) => name);
  }

  /** How often the document has been written since the emulator started (0: never). */
  version(collection: string, key: string): number {
    return this.#versions.get(`${collection}\u0000${key}`) ?? 0;
  }

  /** Applies writes atomically: all of them are durable and visible, or none is. */
  commit(batch: readonly CollectionWrites[]): void {
    if (batch.every((b) => b.writes.length === 0)) return;
    this.#commitSql(batch);
    for (const { collection, writes } of batch) {
      const map = this.#map(collection);
      for (const w of writes) {
        if (w.kind === 'insert') this.#seq++;
        if (w.kind === 'delete') map.delete(w.key);
        else map.set(w.key, w.doc);
        this.#versions.set(`${collection}\u0000${w.key}`, ++this.#version);
      }
    }
  }

  #map(collection: string): Map<string, Doc> {
    let map = this.#collections.get(collection);
    if (!map) {
      map = new Map();
      this.#collections.set(collection, map);
    }
    return map;
  }
}
