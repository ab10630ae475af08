import type { TabLocks } from './ports';

/**
 * Whether a tab still lives, without a heartbeat: every tab holds a Web Lock of its own
 * (`<lockName>:tab:<id>`) for as long as it runs, and the leader asks for the locks of the tabs it
 * serves. The browser grants one the moment its tab closes or crashes (no `close()` is needed, and
 * none comes from a tab that is simply closed), and the leader drops what it did for that tab.
 */
export function tabLockName(lockName: string, tab: string): string {
  return `${lockName}:tab:${tab}`;
}

/** This tab's own presence lock. */
export interface HeldPresence {
  /**
   * Resolves once the lock is held. A tab says hello only then: a leader asks for the lock only
   * after the hello, so it cannot be granted the lock of a tab that is alive but not yet holding it.
   */
  readonly held: Promise<void>;
  /** Lets the lock go (at `close()`). */
  leave(): void;
}

/**
 * Holds this tab's own presence lock until {@link HeldPresence.leave}.
 *
 * @example fragment
 * const alive = holdPresence(navigator.locks, 'mpsync:indexeddb:mpsync', tab);
 * await alive.held;
 */
export function holdPresence(locks: TabLocks, lockName: string, tab: string): HeldPresence {
  let release: (() => void) | undefined;
  let left = false;
  const held = new Promise<void>((granted) => {
    locks
      .request(tabLockName(lockName, tab), {}, () => {
        granted();
        return left ? undefined : new Promise<void>((resolve) => (release = resolve));
      })
      .catch(() => undefined);
  });
  return {
    held,
    leave: () => {
      left = true;
      release?.();
    },
  };
}

/** What the leader watches: the tabs it serves. */
export interface Presence {
  /** Calls `onGone(tab)` once `tab` is gone (its presence lock is free); once per tab. */
  watch(tab: string): void;
  /** Stops watching every tab. */
  stop(): void;
}

/**
 * The leader's side of {@link holdPresence}.
 *
 * @example fragment
 * const presence = watchPresence(navigator.locks, lockName, (tab) => service.receive({ t: 'bye', from: tab }));
 * presence.watch(hello.from);
 */
export function watchPresence(locks: TabLocks, lockName: string, onGone: (tab: string) => void): Presence {
  const stop = new AbortController();
  const watched = new Set<string>();
  return {
    watch(tab) {
      if (watched.has(tab) || stop.signal.aborted) return;
      watched.add(tab);
      locks
        .request(tabLockName(lockName, tab), { signal: stop.signal }, () => {
          watched.delete(tab);
          if (!stop.signal.aborted) onGone(tab);
          return undefined;
        })
        .catch(() => undefined);
    },
    stop: () => stop.abort(),
  };
}
