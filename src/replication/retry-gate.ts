import type { Random } from '../core/random';
import type { Scheduler } from '../core/scheduler';

/** Back-off settings. */
export interface BackoffOptions {
  /** First delay after a failure, ms. Default 1 000. */
  readonly initialMs?: number;
  /** Longest delay, ms. Default 60 000. */
  readonly maxMs?: number;
}

/**
 * Decides when a failed request is tried again: exponential back-off with jitter on the injected
 * scheduler, cut short by {@link kick} (network restored, app shown, `syncNow`). RxDB's own retry
 * timer cannot be cut short, so mpsync's handlers wait here instead and never hand RxDB a failure.
 */
export class RetryGate {
  readonly #scheduler: Scheduler;
  readonly #random: Random;
  readonly #initial: number;
  readonly #max: number;
  #failures = 0;
  readonly #waiters = new Set<() => void>();

  constructor(scheduler: Scheduler, random: Random, options: BackoffOptions = {}) {
    this.#scheduler = scheduler;
    this.#random = random;
    this.#initial = options.initialMs ?? 1_000;
    this.#max = options.maxMs ?? 60_000;
  }

  /** The delay the next {@link wait} would use: doubling per failure, capped, with ±50% jitter. */
  nextDelay(): number {
    const base = Math.min(this.#max, this.#initial * 2 ** Math.min(this.#failures, 30));
    return Math.round(base * (0.5 + this.#random()));
  }

  /** Waits after a failure: the back-off delay, or less if kicked. `longest` waits the full cap (known offline). */
  wait(longest = false): Promise<void> {
    const delay = longest ? this.#max : this.nextDelay();
    this.#failures++;
    return new Promise((resolve) => {
      const done = () => {
        cancel();
        this.#waiters.delete(done);
        resolve();
      };
      const cancel = this.#scheduler.setTimer(done, delay);
      this.#waiters.add(done);
    });
  }

  /** A request went through: the next failure starts from the first delay again. */
  succeeded(): void {
    this.#failures = 0;
  }

  /** Ends every wait now and forgets past failures (the situation changed). */
  kick(): void {
    this.#failures = 0;
    for (const done of [...this.#waiters]) done();
  }
}
