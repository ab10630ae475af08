import type { Now } from '../../core/clock';
import type { Doc, JsonValue } from '../../core/json';
import type { CollectionResolver } from '../aggregate';
import type { WorkBudget } from '../work-budget';
import type { SortSpec } from '../sort';

/**
 * A read-only view of one collection. The emulator implements it over its SQLite-backed store;
 * mpsync's client implements it over the local cache. Commands never modify what it returns.
 */
export interface CollectionView {
  /** Every document, in natural (insertion) order. */
  scan(): Iterable<Doc>;
  /** The document whose `docKey(_id)` is `key`, if any. */
  get(key: string): Doc | undefined;
  /**
   * Optional: every document in the order `sortDocs(scan(), spec)` gives (kept by an index), or
   * undefined when the view keeps no such order for `spec`.
   */
  sorted?(spec: SortSpec): Iterable<Doc> | undefined;
}

/** One change a write command asks its caller to apply; all of a command's writes apply atomically. */
export type Write =
  | { readonly kind: 'insert'; readonly key: string; readonly doc: Doc }
  | { readonly kind: 'replace'; readonly key: string; readonly doc: Doc; readonly before: Doc }
  | { readonly kind: 'delete'; readonly key: string; readonly before: Doc };

/** What a command needs from its surroundings. */
export interface CommandEnv {
  /** The clock behind `$currentDate`. */
  readonly now: Now;
  /** Makes an `_id` for a document inserted without one. */
  readonly newId: () => string;
  /** Other collections, for `$lookup`-style aggregate stages. */
  readonly resolveCollection?: CollectionResolver;
  /** How long one command may run (the emulator sets it); absent: no time limit. */
  readonly budget?: WorkBudget;
}

/**
 * The `data` of a successful database answer. The SDK lifts every key of it to the top level of
 * what the caller receives, because `affectedDocs` is always a number.
 */
export interface DbAnswer {
  affectedDocs: number;
  result: JsonValue;
  insertedId?: JsonValue;
  insertedIds?: JsonValue[];
}

/** A command's answer and the writes that produce it. */
export interface CommandOutcome {
  readonly answer: DbAnswer;
  readonly writes: readonly Write[];
}
