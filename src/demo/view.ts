import { KeyedList, type ListChanges } from './keyed-list';
import type { Todo } from './todo';
import { todoRows, type TodoRowItem } from './todo-row';

export type { Todo } from './todo';
export type { ListChanges } from './keyed-list';

/** The todo whose title is being edited, and the text typed so far. */
export interface Editing {
  readonly id: string;
  draft: string;
}

/** Which todos the list shows. */
export type Filter = 'all' | 'active' | 'done';

/** The `watch` query of each filter. */
export const FILTER_QUERIES: Readonly<Record<Filter, Readonly<Record<string, unknown>>>> = {
  all: {},
  active: { done: false },
  done: { done: true },
};

/** The order of the list: oldest first; `_id` breaks ties the same way on every device. */
export const LIST_ORDER = { sort: { createdAt: 1, _id: 1 } } as const;

/** Reads a filter from a location hash (`#/active`); anything else is `all`. */
export function filterOf(hash: string): Filter {
  const name = hash.replace(/^#\/?/, '');
  return name === 'active' || name === 'done' ? name : 'all';
}

// The rows each list element shows, kept between renders so that a render changes only what changed.
const lists = new WeakMap<HTMLElement, KeyedList<TodoRowItem>>();

/**
 * Shows `todos` in `list` (`pending[i]` marks `todos[i]`). Each call compares the todos with the
 * rows it showed last time, by `_id`: it builds rows for new todos, updates the rows of changed
 * ones, removes the rows of gone ones and moves as few rows as it can; other rows are not touched.
 * `list` holds nothing but these rows.
 *
 * @example
 * client.db.collection('todos').watch({}, LIST_ORDER).subscribe((s) => renderTodos(list, s.docs as Todo[], s.pending, null));
 */
export function renderTodos(list: HTMLElement, todos: readonly Todo[], pending: readonly boolean[], editing: Editing | null): ListChanges {
  let rows = lists.get(list);
  if (!rows) {
    rows = new KeyedList(list, todoRows);
    lists.set(list, rows);
  }
  const changes = rows.render(todos.map((todo, i) => ({ todo, pending: pending[i] === true, draft: editing?.id === todo._id ? editing.draft : null })));
  const edit = editing ? rows.node(editing.id)?.querySelector<HTMLInputElement>('input.edit') : null;
  if (edit && document.activeElement !== edit) {
    edit.focus();
    edit.setSelectionRange(edit.value.length, edit.value.length);
  }
  return changes;
}

/** The elements around the list that describe it. */
export interface SummaryElements {
  /** The number of todos shown, beside the filters. */
  readonly count: HTMLElement;
  /** The message an empty list shows instead of nothing. */
  readonly empty: HTMLElement;
  /** The button that shows earlier todos than the list window holds. */
  readonly earlier: HTMLElement;
}

const EMPTY_MESSAGES: Readonly<Record<Filter, string>> = {
  all: 'Nothing to do yet: add a todo above.',
  active: 'Nothing left to do.',
  done: 'Nothing done yet.',
};

/**
 * Says how many todos the list shows (`more`: the list shows only the newest ones, and offers the
 * earlier ones), and says so in words when there are none.
 */
export function renderSummary(els: SummaryElements, shown: number, more: boolean, filter: Filter, fromCache: boolean): void {
  els.count.textContent = `${more ? 'newest ' : ''}${shown.toLocaleString('en')} shown${fromCache ? ' · from the local cache' : ''}`;
  els.empty.textContent = EMPTY_MESSAGES[filter];
  els.empty.hidden = shown > 0;
  els.earlier.hidden = !more;
}
