import type { Doc, JsonValue } from '../core/json';
import { sha256Hex } from '../core/sha256';
import { equalValues } from '../query/bson-order';
import type { NoticeInput } from '../model/notice';

/** The name a conflict notice gives the rule that decided. */
export type ConflictRuleName = 'rebase' | 'server-wins' | 'client-wins' | 'function';

/** One conflict resolution, as the conflict handler saw it. */
export interface Resolution {
  readonly collection: string;
  readonly docId: JsonValue;
  readonly rule: ConflictRuleName;
  /** The document as this client had written it (`null`: deleted). */
  readonly local: Doc | null;
  /** The server's state the write met (`null`: absent or deleted). */
  readonly server: Doc | null;
  /** The state the rule chose (`null`: deleted). */
  readonly result: Doc | null;
  /** The write ids of both sides: together with the result they name the resolution. */
  readonly localV: string;
  readonly serverV: string;
}

/** A conflict notice and the reference that makes storing it twice store it once. */
export interface ConflictReport {
  /**
   * Names this resolution: the same conflict resolved again (RxDB retries, or the app was killed
   * after the notice was stored but before the resolved state was) gives the same reference.
   */
  readonly ref: string;
  readonly notice: NoticeInput;
}

/**
 * Whether two documents hold the same fields with the same values. The order of top-level fields
 * does not count: a replayed `$set` may add a field in another place than the local write did,
 * which changes nothing the user wrote.
 */
export function sameDocument(a: Doc | null, b: Doc | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && equalValues(a[k] as JsonValue, b[k] as JsonValue));
}

/**
 * The notice for a resolution that did not keep the local write as written, or `undefined` when
 * the result is the local write (nothing of the user's was lost).
 *
 * @example
 * const report = conflictReport({ collection: 'todos', docId: 'a', rule: 'rebase', local: { _id: 'a', done: true },
 *   server: null, result: null, localV: 'l1', serverV: 's1' });
 * report?.notice.message; // 'your edit to todos "a" was dropped: it was deleted on another device (conflict rule rebase)'
 */
export function conflictReport(resolution: Resolution): ConflictReport | undefined {
  const { collection, docId, rule, local, server, result, localV, serverV } = resolution;
  if (sameDocument(local, result)) return undefined;
  const ref = sha256Hex(`conflict|${collection}|${serverV}|${localV}|${JSON.stringify(result)}`).slice(0, 20);
  return {
    ref,
    notice: { kind: 'conflict', collection, docId, rule, local, server, result, message: describe(resolution) },
  };
}

// For people: what became of the user's write, and why (the rule in brackets).
function describe({ collection, docId, rule, local, server, result }: Resolution): string {
  const what = `${collection} ${JSON.stringify(docId)}`;
  const why = ` (conflict rule ${rule})`;
  if (local === null) {
    return server !== null && sameDocument(server, result)
      ? `your deletion of ${what} was undone: it was changed on another device, and that version was kept${why}`
      : `your deletion of ${what} was replaced by another version${why}`;
  }
  if (result === null) {
    return server === null
      ? `your edit to ${what} was dropped: it was deleted on another device${why}`
      : `your edit to ${what} was dropped: the document was deleted${why}`;
  }
  if (sameDocument(server, result)) {
    return server === null
      ? `your edit to ${what} was replaced${why}`
      : `your edit to ${what} was replaced: it was changed on another device, and that version was kept${why}`;
  }
  return `your edit to ${what} was merged with a change made on another device${why}`;
}
