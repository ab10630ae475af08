/**
 * A list element kept in step with an array by key: each render builds rows only for new keys,
 * updates in place only rows whose item changed, removes the rows of keys that are gone and moves
 * as few rows as it can. A live query hands over its whole answer on every change; this turns that
 * into the few DOM writes the change needs, so the cost of an update does not grow with the list.
 */
import { keepInPlace } from './keyed-order';

/** How the rows of one kind of item are made. */
export interface RowKind<T> {
  /** The item's identity: one row per key. */
  key(item: T): string;
  /** True when a row built for `before` shows `after` exactly as it is (then the row is not touched). */
  same(before: T, after: T): boolean;
  /** A new row for `item`. */
  create(item: T): HTMLElement;
  /** Brings `row`, which shows `before`, up to `after`. */
  update(row: HTMLElement, before: T, after: T): void;
}

/** What one render did to the DOM. */
export interface ListChanges {
  readonly added: number;
  readonly removed: number;
  readonly updated: number;
  readonly moved: number;
}

interface Row<T> {
  readonly node: HTMLElement;
  item: T;
}

/**
 * The rows of `parent`, which holds nothing else.
 *
 * @example fragment
 * const rows = new KeyedList(ul, todoRows);
 * rows.render(snapshot.docs); // { added: 1, removed: 0, updated: 0, moved: 0 }
 */
export class KeyedList<T> {
  readonly #parent: HTMLElement;
  readonly #kind: RowKind<T>;
  #rows = new Map<string, Row<T>>();
  #order: string[] = [];

  constructor(parent: HTMLElement, kind: RowKind<T>) {
    this.#parent = parent;
    this.#kind = kind;
  }

  /** The row of `key`, if the list shows it. */
  node(key: string): HTMLElement | undefined {
    return this.#rows.get(key)?.node;
  }

  /**
   * Shows `items`, in order.
   *
   * @throws Error when two items have the same key (the list could not tell their rows apart)
   */
  render(items: readonly T[]): ListChanges {
    const keys = items.map((item) => this.#kind.key(item));
    const position = new Map<string, number>();
    keys.forEach((key, i) => {
      if (position.has(key)) throw new Error(`two items of the list have the key ${key}`);
      position.set(key, i);
    });
    let removed = 0;
    for (const [key, row] of this.#rows) {
      if (position.has(key)) continue;
      row.node.remove();
      this.#rows.delete(key);
      removed++;
    }
    if (this.#rows.size === 0) return { ...this.#fill(items, keys), removed };

    const oldPosition = new Map<string, number>();
    let kept = 0;
    for (const key of this.#order) if (this.#rows.has(key)) oldPosition.set(key, kept++);
    let updated = 0;
    const rows = items.map((item, i) => {
      const key = keys[i] as string;
      const row = this.#rows.get(key);
      if (!row) return undefined;
      if (!this.#kind.same(row.item, item)) {
        this.#kind.update(row.node, row.item, item);
        updated++;
      }
      row.item = item;
      return row;
    });
    const stay = keepInPlace(keys.map((key) => oldPosition.get(key) ?? -1));
    let added = 0;
    let moved = 0;
    // From the end: each row that does not stay goes right before the row that follows it.
    let anchor: Node | null = null;
    for (let i = items.length - 1; i >= 0; i--) {
      let row = rows[i];
      if (!row) {
        row = { node: this.#kind.create(items[i] as T), item: items[i] as T };
        this.#rows.set(keys[i] as string, row);
        added++;
      } else if (!stay[i]) moved++;
      if (!stay[i]) this.#parent.insertBefore(row.node, anchor);
      anchor = row.node;
    }
    this.#order = keys;
    return { added, removed, updated, moved };
  }

  // The first render, or one after every row went: build all rows off the document, insert them at once.
  #fill(items: readonly T[], keys: readonly string[]): { added: number; updated: number; moved: number } {
    const fragment = document.createDocumentFragment();
    items.forEach((item, i) => {
      const node = this.#kind.create(item);
      this.#rows.set(keys[i] as string, { node, item });
      fragment.append(node);
    });
    this.#parent.replaceChildren(fragment);
    this.#order = [...keys];
    return { added: items.length, updated: 0, moved: 0 };
  }
}
