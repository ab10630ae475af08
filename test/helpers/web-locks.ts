import type { StorageLocks } from '../../src/store/dexie-backend';

/** A stand-in for `navigator.locks`, and what a test can see and do to it. */
export interface FakeLocks {
  readonly locks: StorageLocks;
  /** The names held now. */
  readonly held: ReadonlySet<string>;
  /** How many requests wait for `name`. */
  waiting(name: string): number;
  /**
   * Lets go of `name` as the browser does when the holding tab closes or crashes: the next request
   * in line is granted at once, whatever the holder's callback is still doing.
   */
  drop(name: string): void;
}

/**
 * A stand-in for `navigator.locks` with the Web Locks semantics mpsync relies on: exclusive locks
 * by name, granted in request order, held until the callback's promise settles (or {@link FakeLocks.drop});
 * `ifAvailable` gets `null` when the lock is held; a waiting request rejects with an `AbortError`
 * when its signal aborts.
 */
export function fakeLocks(): FakeLocks {
  const held = new Set<string>();
  const waiting = new Map<string, Array<() => void>>();
  // Per name, the holder's way out: it runs once, when the callback settles or the lock is dropped.
  const exits = new Map<string, () => void>();
  const grant = (name: string, callback: (lock: unknown) => Promise<void> | undefined): Promise<void> => {
    held.add(name);
    let out = false;
    const exit = () => {
      if (out) return;
      out = true;
      exits.delete(name);
      held.delete(name);
      waiting.get(name)?.shift()?.();
    };
    exits.set(name, exit);
    return (async () => {
      try {
        await callback({ name, mode: 'exclusive' });
      } finally {
        exit();
      }
    })();
  };
  const locks: StorageLocks = {
    request(name, options, callback) {
      if (!held.has(name)) return grant(name, callback);
      if (options.ifAvailable) return Promise.resolve(callback(null));
      return new Promise<void>((resolve, reject) => {
        const queue = waiting.get(name) ?? [];
        waiting.set(name, queue);
        const turn = () => {
          options.signal?.removeEventListener('abort', abort);
          grant(name, callback).then(resolve, reject);
        };
        const abort = () => {
          queue.splice(queue.indexOf(turn), 1);
          reject(new DOMException('The request was aborted.', 'AbortError'));
        };
        options.signal?.addEventListener('abort', abort);
        queue.push(turn);
      });
    },
  };
  return { locks, held, waiting: (name) => waiting.get(name)?.length ?? 0, drop: (name) => exits.get(name)?.() };
}
