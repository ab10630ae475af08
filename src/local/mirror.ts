import type { RxDocumentData } from 'rxdb';
import type { Doc } from '../core/json';
import type { CollectionView } from '../query/commands';
import type { SortSpec } from '../query/sort';
import { SortedIndex } from '../query/sorted-index';
import type { DocRow } from '../model/doc-row';

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
  // Per collection, each live document's place in natural order (the live Map's order), which
  // sort indexes use to break ties as a sort of a scan does.
  readonly #order = new Map<string, Map<string, number>>();
  #nextOrder = 0;
  // Per collection, the sort orders queries asked for, by spec (built on first use, then kept current).
  readonly #sorted = new Map<string, Map<string, SortedIndex>>();
  #maxSeq = 0;
  #pending = 0;

  /** Fills the mirror from every stored row (any order; natural order comes from `seq`). */
  load(rows: readonly Row[]): void {
    for (const row of [...rows].sort((a, b) => a.seq - b.seq)) this.#put(row);
  }

  /** Applies one stored row; returns the row it replaced (live or tombstone), if any. */
  apply(row: Row): Row | undefined {
    return this.#put(row);
  }

  /** A view of one collection for `runCommand`. */
  view(coll: string): CollectionView {
    return {
      scan: () => docsOf(this.#live.get(coll)),
      get: (key) => this.#live.get(coll)?.get(key)?.doc,
      sorted: (spec) => this.#sortedIndex(coll, spec)?.docs(),
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

  #put(row: Row): Row | undefined {
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
    this.#track(row, before !== undefined && !before._deleted);
    return before;
  }

  // Keeps the natural order numbers and the sort indexes current after `row` was stored.
  #track(row: Row, wasLive: boolean): void {
    let order = this.#order.get(row.coll);
    if (!order) {
      order = new Map();
      this.#order.set(row.coll, order);
    }
    // A live document keeps its place; deleted and inserted again it goes last, as in the live Map.
    if (row._deleted) order.delete(row.key);
    else if (!wasLive) order.set(row.key, ++this.#nextOrder);
    for (const index of this.#sorted.get(row.coll)?.values() ?? []) {
      if (row._deleted) index.remove(row.key);
      else index.put(row.key, row.doc, order.get(row.key)!);
    }
  }

  #sortedIndex(coll: string, spec: SortSpec): SortedIndex | undefined {
    const live = this.#live.get(coll);
    if (!live) return undefined;
    let indexes = this.#sorted.get(coll);
    if (!indexes) {
      indexes = new Map();
      this.#sorted.set(coll, indexes);
    }
    const name = JSON.stringify(spec);
    let index = indexes.get(name);
    if (!index) {
      // Each index costs memory and work on every write: a few orders per collection, then sorting per query.
      if (indexes.size >= MAX_SORT_INDEXES) return undefined;
      const order = this.#order.get(coll)!;
      index = new SortedIndex(
        spec,
        [...live].map(([key, row]) => [key, row.doc, order.get(key)!] as const),
      );
      indexes.set(name, index);
    }
    return index;
  }
}

/** How many sort orders a collection keeps indexed; queries in further orders sort their matches. */
const MAX_SORT_INDEXES = 8;

function* docsOf(rows: Map<string, Row> | undefined): Iterable<Doc> {
  if (rows) for (const row of rows.values()) yield row.doc;
}
