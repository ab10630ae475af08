import type { Scheduler } from '../core/scheduler';

/** A scheduler whose time moves only when a test says so. */
export interface ManualScheduler extends Scheduler {
  /** Moves time forward by `ms`, running every timer that falls due, in due order. */
  advance(ms: number): Promise<void>;
  /** How many timers wait. */
  readonly pending: number;
}

/**
 * A {@link Scheduler} for deterministic tests: timers fire only inside `advance`, in order of
 * their due time, with the clock set to that time. `advance` lets promise callbacks run between
 * timers, so work a timer starts can schedule the next one.
 *
 * @example
 * const scheduler = manualScheduler(Date.UTC(2026, 0, 1));
 * const client = await createSyncClient({ mpServerless, collections: { todos: {} }, sync: { scheduler } });
 * await scheduler.advance(30_000); // the poll interval passes
 */
export function manualScheduler(start = Date.UTC(2026, 0, 1)): ManualScheduler {
  let now = start;
  let nextId = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };
  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = ++nextId;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      return () => {
        timers.delete(id);
      };
    },
    get pending() {
      return timers.size;
    },
    async advance(ms) {
      const end = now + ms;
      await settle();
      for (;;) {
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of timers)
          if (entry[1].at <= end && (!due || entry[1].at < due[1].at || (entry[1].at === due[1].at && entry[0] < due[0]))) due = entry;
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
        await settle();
      }
      now = end;
      await settle();
    },
  };
}
