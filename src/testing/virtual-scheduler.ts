import type { Scheduler } from '../core/scheduler';

/** A scheduler in virtual time that runs its own timers, one per turn of the event loop. */
export interface VirtualScheduler extends Scheduler {
  /** How many timers wait. */
  readonly pending: number;
  /** Resolves once no timer waits (every timer due so far, and any they set, has run). */
  idle(): Promise<void>;
}

// A macrotask turn lets every promise callback of the previous timer finish first.
const nextTurn: (fn: () => void) => void = typeof setImmediate === 'function' ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);

/**
 * A {@link Scheduler} for replayable runs that need no test to move time: timers run by
 * themselves, strictly in order of due time (then of creation), each in its own event-loop turn,
 * and the clock jumps to each timer's due time instead of waiting for it. Two runs that set the
 * same timers from the same state therefore run them in the same order, however long each takes.
 *
 * @example fragment
 * const network = virtualScheduler(Date.UTC(2026, 0, 1));
 * const adapter = inProcessSdkAdapter(emulator, { scheduler: network });
 * await network.idle(); // every request handed over so far has been answered
 */
export function virtualScheduler(start = Date.UTC(2026, 0, 1)): VirtualScheduler {
  let now = start;
  let nextId = 0;
  let pumping = false;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let waiters: Array<() => void> = [];
  const pump = () => {
    let due: [number, { at: number; fn: () => void }] | undefined;
    for (const entry of timers) if (!due || entry[1].at < due[1].at || (entry[1].at === due[1].at && entry[0] < due[0])) due = entry;
    if (!due) {
      pumping = false;
      const ready = waiters;
      waiters = [];
      for (const resolve of ready) resolve();
      return;
    }
    timers.delete(due[0]);
    now = Math.max(now, due[1].at);
    due[1].fn();
    nextTurn(pump);
  };
  const wake = () => {
    if (pumping) return;
    pumping = true;
    nextTurn(pump);
  };
  return {
    now: () => now,
    setTimer(fn, ms) {
      const id = ++nextId;
      timers.set(id, { at: now + Math.max(0, ms), fn });
      wake();
      return () => {
        timers.delete(id);
      };
    },
    get pending() {
      return timers.size;
    },
    idle() {
      if (!pumping && timers.size === 0) return Promise.resolve();
      return new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}
