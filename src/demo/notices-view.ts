import type { Notice } from '../browser';

/** The title a notice's document had on either side, for people. */
function titleOf(notice: Notice): string {
  for (const doc of [notice.local, notice.server, notice.result]) {
    const title = doc?.title;
    if (typeof title === 'string' && title !== '') return title;
  }
  return typeof notice.docId === 'string' ? notice.docId : JSON.stringify(notice.docId);
}

// Top-level fields in any order: a merged document may list them in another order.
function sameDoc(a: Notice['local'], b: Notice['local']): boolean {
  if (!a || !b) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}

/**
 * What the demo tells the user about a notice, in the todo list's words.
 *
 * @example
 * const notice = { id: 'n1', kind: 'conflict', collection: 'todos', docId: 'a', local: { _id: 'a', title: 'buy milk' }, server: null, result: null, message: '', at: 0 } as const;
 * noticeText(notice); // 'your edit to "buy milk" was replaced: it was deleted on another device'
 */
export function noticeText(notice: Notice): string {
  const title = `"${titleOf(notice)}"`;
  if (notice.kind === 'rejected') return `your change to ${title} was refused by the server (${notice.code ?? 'rejected'}) and undone`;
  if (notice.kind !== 'conflict') return notice.message;
  const { local, server, result } = notice;
  if (local === null) return `your deletion of ${title} was undone: it was changed on another device`;
  if (result === null) return `your edit to ${title} was replaced: it was deleted on another device`;
  if (server && sameDoc(server, result)) return `your edit to ${title} was replaced: it was changed on another device`;
  return `your edit to ${title} was merged with a change made on another device`;
}

/**
 * Shows the undismissed notices at the top of the page, each with a dismiss button, and keeps
 * the list current. Returns a function that stops it.
 */
export function showNotices(
  box: HTMLElement,
  client: { notices(): Notice[]; onNotice(fn: (n: Notice) => void): () => void; dismissNotices(ids: readonly string[]): Promise<void> },
  fail: (error: unknown) => void,
): () => void {
  const render = () => {
    const items = client.notices().map((notice) => {
      const item = document.createElement('li');
      item.dataset.testid = 'conflict-notice';
      item.dataset.kind = notice.kind;
      item.dataset.id = notice.id;
      const text = document.createElement('span');
      text.textContent = noticeText(notice);
      // The library's own sentence (rule, ids) for whoever wants the detail.
      text.title = notice.message;
      const dismiss = document.createElement('button');
      dismiss.type = 'button';
      dismiss.dataset.testid = 'dismiss-notice';
      dismiss.textContent = 'dismiss';
      dismiss.addEventListener('click', () => {
        client.dismissNotices([notice.id]).then(render, fail);
      });
      item.append(text, dismiss);
      return item;
    });
    box.replaceChildren(...items);
    box.hidden = items.length === 0;
  };
  render();
  return client.onNotice(render);
}
