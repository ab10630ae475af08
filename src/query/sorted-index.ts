import { DbError } from '../core/db-error';
import type { Doc } from '../core/json';
import { compareSortKeys, sortKeysOf, type SortKeys, type SortSpec } from './sort';

interface Entry {
  readonly key: string;
  doc: Doc;
  /** Undefined for a document MongoDB cannot sort (its sort paths run through parallel arrays). */
  readonly keys: SortKeys | undefined;
  /** The document's place in natural order: breaks ties as `sortDocs` does. */
  readonly order: number;
}

/**
 * A collection's documents kept in the order of one sort spec, so a sorted query with a limit
 * walks from the front and stops at its last match instead of testing and sorting every document.
 * The order is exactly `sortDocs`' (MongoDB order, ties by natural order), kept current by
 * {@link put} and {@link remove} as documents change.
 *
 * @example fragment
 * const byNewest = new SortedIndex(parseSort({ createdAt: -1 })!, [['k1', doc1, 1], ['k2', doc2, 2]]);
 * byNewest.put('k3', doc3, 3);
 * for (const doc of byNewest.docs()) if (matches(doc)) found.push(doc);
 */
export class SortedIndex {
  readonly #spec: SortSpec;
  // Every document that has sort keys, in sort order.
  readonly #entries: Entry[] = [];
  readonly #byKey = new Map<string, Entry>();
  // Documents without sort keys (parallel arrays). They stay out of `#entries`; while there are
  // any, the index is not used: a sorted query must fail if one of them matches, and only sorting
  // the matches tells.
  readonly #irregular = new Set<string>();

  /** @param docs - `[key, document, natural order]` of every document */
  constructor(spec: SortSpec, docs: Iterable<readonly [string, Doc, number]>) {
    this.#spec = spec;
    for (const [key, doc, order] of docs) {
      const entry: Entry = { key, doc, keys: keysOf(doc, spec), order };
      this.#byKey.set(key, entry);
      if (entry.keys) this.#entries.push(entry);
      else this.#irregular.add(key);
    }
    this.#entries.sort((x, y) => this.#compare(x, y));
  }

  /**
   * The documents in sort order, or undefined while a document has no sort keys (then only sorting
   * the matches gives `sortDocs`' answer). Do not change the index while iterating.
   */
  docs(): Iterable<Doc> | undefined {
    if (this.#irregular.size > 0) return undefined;
    return (function* (entries: readonly Entry[]) {
      for (const entry of entries) yield entry.doc;
    })(this.#entries);
  }

  /** Adds a document, or moves it to where its new state sorts. */
  put(key: string, doc: Doc, order: number): void {
    const keys = keysOf(doc, this.#spec);
    const old = this.#byKey.get(key);
    // Same place (the order is total: keys that compare equal sort alike): only the document changes.
    if (old?.keys && keys && old.order === order && compareSortKeys(this.#spec, old.keys, keys) === 0) {
      old.doc = doc;
      return;
    }
    if (old) this.remove(key);
    const entry: Entry = { key, doc, keys, order };
    this.#byKey.set(key, entry);
    if (keys) this.#entries.splice(this.#firstNotBefore(entry), 0, entry);
    else this.#irregular.add(key);
  }

  /** Removes a document, if it is there. */
  remove(key: string): void {
    const entry = this.#byKey.get(key);
    if (!entry) return;
    this.#byKey.delete(key);
    if (this.#irregular.delete(key)) return;
    // The order is total (natural order breaks every tie), so the search lands on the entry itself.
    this.#entries.splice(this.#firstNotBefore(entry), 1);
  }

  /** The position of the first entry that does not sort before `entry`. */
  #firstNotBefore(entry: Entry): number {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#compare(this.#entries[mid] as Entry, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #compare(x: Entry, y: Entry): number {
    return compareSortKeys(this.#spec, x.keys as SortKeys, y.keys as SortKeys) || x.order - y.order;
  }
}

function keysOf(doc: Doc, spec: SortSpec): SortKeys | undefined {
  try {
    return sortKeysOf(doc, spec);
  } catch (error) {
    if (error instanceof DbError) return undefined;
    throw error;
  }
}
