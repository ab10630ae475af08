/**
 * One row of the todo list: a checkbox, the title (or the edit box) with who changed it last
 * under it, a "not synced" mark while it carries a write the server has not confirmed, and a
 * delete button. The `data-*` attributes say the same for scripts and tests. A row is built once
 * and then updated field by field, so a change to one todo touches only that todo's nodes.
 */
import type { RowKind } from './keyed-list';
import { MAX_TITLE_LENGTH, shownTitle } from './title';
import type { Todo } from './todo';

/** What a row shows. */
export interface TodoRowItem {
  readonly todo: Todo;
  /** The todo carries a write the server has not confirmed. */
  readonly pending: boolean;
  /** The text of the edit box when this row is being edited, else `null`. */
  readonly draft: string | null;
}

const time = (date: Date | undefined) => (date instanceof Date && !Number.isNaN(date.getTime()) ? date.toLocaleTimeString() : '');

const byline = (todo: Todo) => [todo.updatedBy ? `by ${todo.updatedBy}` : '', time(todo.updatedAt)].filter(Boolean).join(' · ');

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  if (text !== undefined) el.textContent = text;
  return el;
}

function titleNode(todo: Todo): HTMLSpanElement {
  const shown = shownTitle(todo.title);
  const span = element('span', { class: 'title', 'data-testid': 'title' }, shown.text);
  span.title = shown.shortened ? `shortened: this title has more than ${MAX_TITLE_LENGTH} characters (double-click to edit)` : 'double-click to edit';
  span.dataset.shortened = String(shown.shortened);
  return span;
}

function editNode(draft: string): HTMLInputElement {
  const input = element('input', { class: 'edit', 'data-testid': 'edit', 'aria-label': 'edit title' });
  // A title from another device may be longer: it stays as it is until edited, but cannot grow.
  input.maxLength = MAX_TITLE_LENGTH;
  input.value = draft;
  return input;
}

function pendingMark(): HTMLSpanElement {
  return element('span', { class: 'pending-mark', 'data-testid': 'pending-mark', title: 'changed here, not confirmed by the server yet' }, 'not synced');
}

/** Sets the row's own attributes and the labels that name the todo. */
function label(row: HTMLElement, { todo, pending }: TodoRowItem): void {
  row.className = `todo${todo.done ? ' done' : ''}${pending ? ' pending' : ''}`;
  row.dataset.title = todo.title;
  row.dataset.done = String(todo.done);
  row.dataset.pending = String(pending);
  row.dataset.updatedBy = todo.updatedBy ?? '';
  const name = shownTitle(todo.title).text;
  const toggle = row.querySelector<HTMLInputElement>('.toggle') as HTMLInputElement;
  toggle.checked = todo.done;
  toggle.setAttribute('aria-label', `done: ${name}`);
  row.querySelector('.delete')?.setAttribute('aria-label', `delete ${name}`);
}

function create(item: TodoRowItem): HTMLLIElement {
  const row = element('li', { 'data-testid': 'todo', 'data-id': item.todo._id });
  const body = element('div', { class: 'body' });
  body.append(item.draft === null ? titleNode(item.todo) : editNode(item.draft));
  const meta = element('span', { class: 'meta' });
  meta.append(element('span', { class: 'by' }, byline(item.todo)));
  if (item.pending) meta.append(pendingMark());
  body.append(meta);
  row.append(
    element('input', { type: 'checkbox', class: 'toggle', 'data-testid': 'toggle' }),
    body,
    element('button', { type: 'button', class: 'delete', 'data-testid': 'delete' }, '×'),
  );
  label(row, item);
  return row;
}

function update(row: HTMLElement, before: TodoRowItem, after: TodoRowItem): void {
  label(row, after);
  const body = row.querySelector('.body') as HTMLElement;
  const editing = after.draft !== null;
  // The edit box keeps what is typed in it: only starting or ending an edit swaps it.
  if (editing !== (before.draft !== null)) body.firstElementChild?.replaceWith(editing ? editNode(after.draft) : titleNode(after.todo));
  else if (!editing && before.todo.title !== after.todo.title) body.firstElementChild?.replaceWith(titleNode(after.todo));
  const meta = body.querySelector('.meta') as HTMLElement;
  const by = meta.querySelector('.by') as HTMLElement;
  const text = byline(after.todo);
  if (by.textContent !== text) by.textContent = text;
  if (after.pending !== before.pending) {
    if (after.pending) meta.append(pendingMark());
    else meta.querySelector('.pending-mark')?.remove();
  }
}

const sameTime = (a: Date | undefined, b: Date | undefined) => (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b);

function same(a: TodoRowItem, b: TodoRowItem): boolean {
  return (
    a.pending === b.pending &&
    a.draft === b.draft &&
    a.todo.title === b.todo.title &&
    a.todo.done === b.todo.done &&
    a.todo.updatedBy === b.todo.updatedBy &&
    sameTime(a.todo.updatedAt, b.todo.updatedAt)
  );
}

/** The rows of the todo list, for {@link KeyedList}. */
export const todoRows: RowKind<TodoRowItem> = { key: (item) => item.todo._id, same, create, update };
