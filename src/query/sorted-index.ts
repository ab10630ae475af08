import type { Doc } from '../core/json';
import { compareSortKeys, sortKeysOf, totallyOrdered, type SortKeys, type SortSpec } from './sort';

interface Entry {
  readonly key: string;
  doc: Doc;
  readonly keys: SortKeys;
  /** The document's place in natural order: breaks ties as `sortDocs` does. */
  readonly order: number;
}

/**
 * A collection's documents kept in the order of one sort spec, so a sorted query with a limit
 * walks from the front and stops at its last match instead of testing and sorting every document.
 * The order is exactly `sortDocs`' (MongoDB order, ties by natural order), kept current by
 * {@link put} and {@link remove} as documents change.
 *
 * @example
 * const byNewest = new SortedIndex(parseSort({ createdAt: -1 })!, [['k1', doc1, 1], ['k2', doc2, 2]]);
 * byNewest.put('k3', doc3, 3);
 * for (const doc of byNewest.docs()) if (matches(doc)) ...;
 */
export class SortedIndex {
  readonly #spec: SortSpec;
  // Every document whose keys are totally ordered, in sort order.
  readonly #entries: Entry[] = [];
  readonly #byKey = new Map<string, Entry>();
  // Documents whose keys are not totally ordered (see `totallyOrdered`). They stay out of
  // `#entries`, which therefore stays consistently sorted; while there are any, the index is not
  // used, because where they belong depends on the sorting algorithm.
  readonly #irregular = new Set<string>();

  /** @param docs - `[key, document, natural order]` of every document */
  constructor(spec: SortSpec, docs: Iterable<readonly [string, Doc, number]>) {
    this.#spec = spec;
    for (const [key, doc, order] of docs) {
      const entry: Entry = { key, doc, keys: sortKeysOf(doc, spec), order };
      this.#byKey.set(key, entry);
      if (totallyOrdered(entry.keys)) this.#entries.push(entry);
      else this.#irregular.add(key);
    }
    this.#entries.sort((x, y) => this.#compare(x, y));
  }

  /**
   * The documents in sort order, or undefined while a document's sort key is an array or an object
   * (then only sorting the matches gives `sortDocs`' order). Do not change the index while iterating.
   */
  docs(): Iterable<Doc> | undefined {
    if (this.#irregular.size > 0) return undefined;
    return (function* (entries: readonly Entry[]) {
      for (const entry of entries) yield entry.doc;
    })(this.#entries);
  }

  /** Adds a document, or moves it to where its new state sorts. */
  put(key: string, doc: Doc, order: number): void {
    const keys = sortKeysOf(doc, this.#spec);
    const regular = totallyOrdered(keys);
    const old = this.#byKey.get(key);
    // Same place (scalar keys that compare equal are equal): only the document changes.
    if (old && regular && !this.#irregular.has(key) && old.order === order && compareSortKeys(this.#spec, old.keys, keys) === 0) {
      old.doc = doc;
      return;
    }
    if (old) this.remove(key);
    const entry: Entry = { key, doc, keys, order };
    this.#byKey.set(key, entry);
    if (regular) this.#entries.splice(this.#firstNotBefore(entry), 0, entry);
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
    return compareSortKeys(this.#spec, x.keys, y.keys) || x.order - y.order;
  }
}
