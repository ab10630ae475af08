import type { RxDocumentData, RxStorageChangeEvent } from 'rxdb';
import type { Doc } from '../../core/json';
import type { CollectionView } from '../../query/commands';
import type { DocRow } from './doc-row';

type Row = RxDocumentData<DocRow>;

/**
 * The cached documents by collection, for synchronous query evaluation: RxDB rows kept in Maps
 * in natural order, updated from the storage's change stream. It holds references to the stored
 * rows (never copies, never modified), so reads cost no I/O and no cloning.
 */
export class Mirror {
  readonly #live = new Map<string, Map<string, Row>>();
  // Deleted documents stay in storage as tombstones; a later insert of the same _id must name
  // the tombstone as its previous state.
  readonly #tombstones = new Map<string, Map<string, Row>>();
  #maxSeq = 0;
  #pending = 0;

  /** Fills the mirror from every stored row (any order; natural order comes from `seq`). */
  load(rows: readonly Row[]): void {
    for (const row of [...rows].sort((a, b) => a.seq - b.seq)) this.#put(row);
  }

  /** Applies one storage change. */
  apply(event: RxStorageChangeEvent<Row>): void {
    this.#put(event.documentData);
  }

  /** A view of one collection for `runCommand`. */
  view(coll: string): CollectionView {
    return {
      scan: () => docsOf(this.#live.get(coll)),
      get: (key) => this.#live.get(coll)?.get(key)?.doc,
    };
  }

  /** The stored row of a document (live or tombstone), for writing its next state. */
  row(coll: string, key: string): Row | undefined {
    return this.#live.get(coll)?.get(key) ?? this.#tombstones.get(coll)?.get(key);
  }

  /** Every row of a collection, deleted ones included. */
  rows(coll: string): Row[] {
    return [...(this.#live.get(coll)?.values() ?? []), ...(this.#tombstones.get(coll)?.values() ?? [])];
  }

  /** Every live document of a collection, in natural order. */
  docs(coll: string): Doc[] {
    return [...docsOf(this.#live.get(coll))];
  }

  /** How many documents (deleted ones included) carry local writes the server has not confirmed. */
  get pendingDocuments(): number {
    return this.#pending;
  }

  /** The rows of every collection that carry unconfirmed local writes, tombstones included. */
  *pendingRows(): Iterable<Row> {
    for (const maps of [this.#live, this.#tombstones]) {
      for (const rows of maps.values()) for (const row of rows.values()) if (row.ops.length > 0) yield row;
    }
  }

  /** The next local arrival number. */
  nextSeq(): number {
    return ++this.#maxSeq;
  }

  #put(row: Row): void {
    this.#maxSeq = Math.max(this.#maxSeq, row.seq);
    const before = this.row(row.coll, row.key);
    this.#pending += (row.ops.length > 0 ? 1 : 0) - (before && before.ops.length > 0 ? 1 : 0);
    const [add, remove] = row._deleted ? [this.#tombstones, this.#live] : [this.#live, this.#tombstones];
    remove.get(row.coll)?.delete(row.key);
    let rows = add.get(row.coll);
    if (!rows) {
      rows = new Map();
      add.set(row.coll, rows);
    }
    rows.set(row.key, row);
  }
}

function* docsOf(rows: Map<string, Row> | undefined): Iterable<Doc> {
  if (rows) for (const row of rows.values()) yield row.doc;
}
