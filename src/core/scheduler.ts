import type { Now } from './clock';

/**
 * Time for everything that waits: retries, back-off, polling, debouncing. Injected so tests move
 * time forward by hand instead of sleeping.
 */
export interface Scheduler {
  readonly now: Now;
  /** Runs `fn` once after `ms`; returns a function that cancels it. */
  setTimer(fn: () => void, ms: number): () => void;
}

/** Real time: `Date.now` and `setTimeout`. Timers do not keep a Node process alive. */
export const systemScheduler: Scheduler = {
  now: () => Date.now(),
  setTimer(fn, ms) {
    const handle = setTimeout(fn, ms);
    (handle as { unref?: () => void }).unref?.();
    return () => clearTimeout(handle);
  },
};
