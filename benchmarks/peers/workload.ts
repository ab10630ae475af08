/**
 * The workload every store of the peer comparison runs: the same 10,000 todos, the same query,
 * the same writes. Documents are in wire form (dates as ISO strings), as every store keeps them.
 */

/** One todo as the peer comparison stores it in every store. */
export interface PeerTodo {
  readonly _id: string;
  readonly listId: string;
  readonly title: string;
  readonly done: boolean;
  readonly priority: number;
  /** ISO 8601 string, so that every store sorts it the same way. */
  readonly createdAt: string;
  readonly tags: readonly string[];
}

export const LISTS = ['inbox', 'work', 'home', 'shop'] as const;
/** Distinct `tag<n>` values: enough that no call of a figure repeats an earlier call's query. */
const TAGS = 100;
/** Distinct priority thresholds of the page query, for the same reason (with the lists: 200 distinct queries). */
const THRESHOLDS = 50;
const START = Date.UTC(2026, 0, 1);

/** `n` todos, the same on every call; `_id`s are zero-padded so that they sort as numbers. */
export function makeTodos(n: number): PeerTodo[] {
  return Array.from({ length: n }, (_, i) => ({
    _id: `t${String(i).padStart(6, '0')}`,
    listId: LISTS[i % LISTS.length] as string,
    title: `todo number ${i}`,
    done: i % 3 === 0,
    priority: (i * 7919) % 100,
    createdAt: new Date(START + i * 60_000).toISOString(),
    tags: [`tag${i % TAGS}`, i % 3 === 0 ? 'urgent' : 'later'],
  }));
}

/**
 * The read every page makes, call number `k`: one list's open todos above a priority, newest
 * first, one page of 20. Each call gets new values (list and threshold), so that no store can
 * answer from a cache of earlier answers (RxDB keeps one per query). Call 0 is the live page.
 */
export function pageQuery(k: number): { listId: string; done: false; priority: { $gte: number } } {
  const threshold = 20 + (Math.floor(k / LISTS.length) % THRESHOLDS);
  return { listId: LISTS[(k + 1) % LISTS.length] as string, done: false, priority: { $gte: threshold } };
}
export const QUERY_SORT = { createdAt: -1 } as const;
export const QUERY_LIMIT = 20;

/** The tag counted by call number `k` of the "count by array element" figure (`{ tags: <tag> }`). */
export function countedTag(k: number): string {
  return `tag${k % TAGS}`;
}

/** A new todo made by write number `k` (k ≥ 0): it matches `pageQuery(0)` and is newer than every loaded todo, so it tops the page. */
export function newTodo(k: number): PeerTodo {
  return {
    _id: `new${String(k).padStart(6, '0')}`,
    listId: 'work',
    title: `new todo ${k}`,
    done: false,
    priority: 50,
    createdAt: new Date(START + 365 * 86_400_000 + k * 1000).toISOString(),
    tags: ['c'],
  };
}

/** The ids `pageQuery(k)` answers over `todos`, computed by hand: every store's answer must equal it. */
export function expectedPage(todos: readonly PeerTodo[], k: number): string[] {
  const query = pageQuery(k);
  return todos
    .filter((t) => t.listId === query.listId && t.done === query.done && t.priority >= query.priority.$gte)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
    .slice(0, QUERY_LIMIT)
    .map((t) => t._id);
}

/** How many of `todos` carry `countedTag(k)`. */
export function expectedCount(todos: readonly PeerTodo[], k: number): number {
  const tag = countedTag(k);
  return todos.filter((t) => t.tags.includes(tag)).length;
}
