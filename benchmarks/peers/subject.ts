/**
 * What the peer comparison asks of each store, whatever its query language: one interface per
 * store, so that every figure runs the same steps on mpsync, RxDB and PouchDB.
 */
import type { PeerTodo } from './workload';

/** Where a store keeps its data; ratios compare stores of the same kind only. */
export type BackendKind = 'memory' | 'file' | 'indexeddb';

/** An open store holding the workload. */
export interface OpenStore {
  /** The ids of `pageQuery(k)`'s answer (filter + sort + limit), in order. */
  page(k: number): Promise<string[]>;
  /** How many todos carry `countedTag(k)` in their `tags` array. */
  countTag(k: number): Promise<number>;
  /** Inserts one todo; resolves once the store says it is written (durable where the store persists). */
  insert(todo: PeerTodo): Promise<void>;
  /** Sets the title of one todo by id; resolves as `insert` does. */
  update(id: string, title: string): Promise<void>;
  /** Keeps `pageQuery(0)`'s answer live: `onPage` gets the ids of every new answer. Returns the stop function. */
  watchPage(onPage: (ids: readonly string[]) => void): () => void;
  close(): Promise<void>;
}

/** One store under comparison. */
export interface PeerSubject {
  /** Printed beside its figures. */
  readonly label: string;
  readonly kind: BackendKind;
  /** true for mpsync itself: the other subjects of the same kind are compared with it. */
  readonly reference: boolean;
  /** Says how "until durable" and the live answer are reached in this store (printed once). */
  readonly note: string;
  /** Fills an empty store with `todos` and returns it open, its index built and the query answered once. */
  load(todos: readonly PeerTodo[]): Promise<OpenStore>;
  /** Opens the store as the last `load` or `close` left it and answers the query once; absent when the store keeps nothing across an open. */
  readonly reopen?: () => Promise<OpenStore>;
  /** Deletes everything the store holds (it is closed). */
  destroy(): Promise<void>;
}

/** A live query kept open on one store, to time how long a write takes to reach its answer. */
export interface LiveProbe {
  /**
   * Runs `write` and resolves with the milliseconds from its start until the live answer begins
   * with `id` (and the write has resolved, so the next run starts clean).
   */
  time(id: string, write: () => Promise<void>): Promise<number>;
  stop(): void;
}

/** Subscribes to `pageQuery(0)`'s live answer on `store`; resolves once the first answer has come. */
export function liveProbe(store: OpenStore): Promise<LiveProbe> {
  let waiting: { id: string; seen: (at: number) => void } | undefined;
  let first: (() => void) | undefined;
  // Made before subscribing: a store may give its first answer during the subscribe call.
  const ready = new Promise<void>((resolve) => {
    first = resolve;
  });
  const stop = store.watchPage((ids) => {
    first?.();
    first = undefined;
    if (waiting !== undefined && ids[0] === waiting.id) waiting.seen(performance.now());
  });
  const time = async (id: string, write: () => Promise<void>): Promise<number> => {
    const answered = new Promise<number>((resolve) => {
      waiting = { id, seen: resolve };
    });
    const t0 = performance.now();
    await write();
    const at = await answered;
    waiting = undefined;
    return at - t0;
  };
  return ready.then(() => ({ time, stop }));
}
