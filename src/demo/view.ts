/** A todo as the demo stores it. */
export interface Todo {
  readonly _id: string;
  readonly title: string;
  readonly done: boolean;
  readonly createdAt?: Date;
  readonly updatedAt?: Date;
  /** The device (tab) that made the last change. */
  readonly updatedBy?: string;
}

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

const time = (date: Date | undefined) => (date instanceof Date && !Number.isNaN(date.getTime()) ? date.toLocaleTimeString() : '');

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * One list item: a checkbox, the title (or the edit box), who changed it last, a "not synced"
 * mark while it carries a write the server has not confirmed, and a delete button. The
 * `data-*` attributes say the same for scripts and tests.
 */
function todoItem(todo: Todo, pending: boolean, editing: Editing | null): HTMLLIElement {
  const item = element('li', {
    class: `todo${todo.done ? ' done' : ''}${pending ? ' pending' : ''}`,
    'data-testid': 'todo',
    'data-id': todo._id,
    'data-title': todo.title,
    'data-done': String(todo.done),
    'data-pending': String(pending),
    'data-updated-by': todo.updatedBy ?? '',
  });
  const toggle = element('input', { type: 'checkbox', class: 'toggle', 'data-testid': 'toggle', 'aria-label': `done: ${todo.title}` });
  toggle.checked = todo.done;
  item.append(toggle);
  if (editing?.id === todo._id) {
    const input = element('input', { class: 'edit', 'data-testid': 'edit', 'aria-label': 'edit title' });
    input.value = editing.draft;
    item.append(input);
  } else {
    item.append(element('span', { class: 'title', 'data-testid': 'title', title: 'double-click to edit' }, todo.title));
  }
  const meta = element('span', { class: 'meta' });
  const by = todo.updatedBy ? `by ${todo.updatedBy}` : '';
  meta.append(element('span', { class: 'by' }, [by, time(todo.updatedAt)].filter(Boolean).join(' · ')));
  if (pending)
    meta.append(
      element('span', { class: 'pending-mark', 'data-testid': 'pending-mark', title: 'changed here, not confirmed by the server yet' }, 'not synced'),
    );
  item.append(meta);
  item.append(element('button', { type: 'button', class: 'delete', 'data-testid': 'delete', 'aria-label': `delete ${todo.title}` }, '×'));
  return item;
}

/**
 * Replaces the list's items with `todos` (`pending[i]` marks `todos[i]`), in one DOM write.
 *
 * @example
 * client.db.collection('todos').watch({}, LIST_ORDER).subscribe((s) => renderTodos(list, s.docs as Todo[], s.pending, null));
 */
export function renderTodos(list: HTMLElement, todos: readonly Todo[], pending: readonly boolean[], editing: Editing | null): void {
  const fragment = document.createDocumentFragment();
  todos.forEach((todo, i) => fragment.append(todoItem(todo, pending[i] === true, editing)));
  list.replaceChildren(fragment);
  const edit = list.querySelector<HTMLInputElement>('input.edit');
  if (edit && document.activeElement !== edit) {
    edit.focus();
    edit.setSelectionRange(edit.value.length, edit.value.length);
  }
}
