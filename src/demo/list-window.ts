/**
 * The demo list shows the newest todos only, a page at a time: its live query asks for the
 * newest `limit` (newest first, so the limit keeps the newest) and the page shows them oldest
 * first, as the whole list would be. A snapshot, a diff and a layout then cost the same at 10,000
 * todos as at 100; "Show earlier todos" raises the limit by a page.
 */
import type { Todo } from './todo';

/** How many todos the list shows at first, and how many more each "Show earlier todos" adds. */
export const PAGE_SIZE = 100;

/** The `watch` options of a list showing the newest `limit` todos: the reverse of `LIST_ORDER`, limited. */
export function windowOptions(limit: number): { readonly sort: { readonly createdAt: -1; readonly _id: -1 }; readonly limit: number } {
  return { sort: { createdAt: -1, _id: -1 }, limit };
}

/** A window of the list, in the order it is shown. */
export interface ListWindow {
  readonly todos: readonly Todo[];
  /** `pending[i]` is the flag of `todos[i]`. */
  readonly pending: readonly boolean[];
  /** True when the query filled its limit: there may be earlier todos to show. */
  readonly more: boolean;
}

/**
 * The answer of a `windowOptions(limit)` query (newest first) as the list shows it: oldest first.
 *
 * @example
 * const newestFirst = [{ _id: 'b', title: 'later' }, { _id: 'a', title: 'first' }] as Todo[];
 * shownWindow(newestFirst, [true, false], 2).todos.map((t) => t._id); // ['a', 'b']
 * shownWindow(newestFirst, [true, false], 2).pending; // [false, true]
 * shownWindow(newestFirst, [true, false], 100).more; // false
 */
export function shownWindow(newestFirst: readonly Todo[], pending: readonly boolean[], limit: number): ListWindow {
  return { todos: [...newestFirst].reverse(), pending: [...pending].reverse(), more: newestFirst.length >= limit };
}
