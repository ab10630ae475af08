import { describe, expect, it } from 'vitest';
import { PAGE_SIZE, shownWindow, windowOptions } from '../../src/demo/list-window';
import type { Todo } from '../../src/demo/todo';
import { LIST_ORDER } from '../../src/demo/view';

const todo = (n: number): Todo => ({ _id: `t${n}`, title: `todo ${n}`, done: false, createdAt: new Date(n * 1000) });

describe('the list window: the newest todos, shown oldest first', () => {
  it("asks for the newest `limit` in the exact reverse of the list's order", () => {
    expect(windowOptions(PAGE_SIZE)).toEqual({ sort: { createdAt: -1, _id: -1 }, limit: PAGE_SIZE });
    for (const [field, direction] of Object.entries(LIST_ORDER.sort)) expect(windowOptions(1).sort[field as keyof typeof LIST_ORDER.sort]).toBe(-direction);
  });

  it('turns a newest-first answer around with its pending flags, and offers more only when the answer filled the limit', () => {
    const answer = [todo(3), todo(2), todo(1)];
    expect(shownWindow(answer, [true, false, false], 3)).toEqual({ todos: [todo(1), todo(2), todo(3)], pending: [false, false, true], more: true });
    expect(shownWindow(answer, [true, false, false], 4).more).toBe(false);
    expect(shownWindow([], [], 3)).toEqual({ todos: [], pending: [], more: false });
    // The snapshot's arrays are left as they were.
    expect(answer.map((t) => t._id)).toEqual(['t3', 't2', 't1']);
  });
});
