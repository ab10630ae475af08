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
 * Decides when a request may be sent: exponential back-off with jitter on the injected scheduler.
 * RxDB's own retry timer cannot be cut short, so mpsync's handlers wait here instead and never hand
 * RxDB a failure.
 *
 * - After a failure nothing is sent before the back-off delay has passed, and while failures
 *   last only one request at a time goes out (a probe): the pull and the push do not each spend
 *   their own request on a server that does not answer.
 * - Only a request that went through resets the failure count. {@link kick} (network restored,
 *   app shown, `syncNow`) lets one probe go now, but the count stays: if that probe fails, the
 *   next delay is as long as if the kick had not happened.
 * - The delay doubles per failure up to `maxMs`, times a jitter of 0.5–1.5, so during an outage
 *   a client sends about one request per `maxMs` (at most one per `maxMs / 2`).
 */
export class RetryGate {
  readonly #scheduler: Scheduler;
  readonly #random: Random;
  readonly #initial: number;
  readonly #max: number;
  #failures = 0;
  // No request starts before this time (ms on the scheduler's clock).
  #notBefore = 0;
  // True while a probe (the one request allowed during failures) is out.
  #probing = false;
  #cancelTimer: (() => void) | undefined;
  readonly #waiters = new Set<() => void>();

  constructor(scheduler: Scheduler, random: Random, options: BackoffOptions = {}) {
    this.#scheduler = scheduler;
    this.#random = random;
    this.#initial = options.initialMs ?? 1_000;
    this.#max = options.maxMs ?? 60_000;
  }

  /** The longest back-off delay, ms. */
  get maxMs(): number {
    return this.#max;
  }

  /** Failed requests since the last one that went through. */
  get failures(): number {
    return this.#failures;
  }

  /** The delay the next failure sets: doubling per failure, capped, with ±50% jitter. */
  nextDelay(): number {
    const base = Math.min(this.#max, this.#initial * 2 ** Math.min(this.#failures, 30));
    return Math.round(base * (0.5 + this.#random()));
  }

  /**
   * Resolves `true` when a request may start now (the caller then reports {@link succeeded} or
   * {@link failed}), or `false` after waiting for something that may have changed the answer (the
   * delay passed, a kick, the probe's outcome): the caller checks its own conditions and asks again.
   */
  acquire(): Promise<boolean> {
    const waiting = this.#scheduler.now() < this.#notBefore || (this.#failures > 0 && this.#probing);
    if (!waiting) {
      if (this.#failures > 0) this.#probing = true;
      return Promise.resolve(true);
    }
    return this.hold().then(() => false);
  }

  /** Waits for the next change (a kick, a delay passing, a probe's outcome), or at most `ms`. */
  hold(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = ms === undefined ? undefined : this.#scheduler.setTimer(() => done(), ms);
      const done = () => {
        cancel?.();
        this.#waiters.delete(done);
        resolve();
      };
      this.#waiters.add(done);
    });
  }

  /** A request went through: failures are over, every waiting request may go. */
  succeeded(): void {
    this.#failures = 0;
    this.#notBefore = 0;
    this.#probing = false;
    this.#cancelTimer?.();
    this.#wakeAll();
  }

  /** A request failed: nothing is sent before the next back-off delay has passed. */
  failed(): void {
    const delay = this.nextDelay();
    this.#failures++;
    this.#probing = false;
    this.#notBefore = this.#scheduler.now() + delay;
    this.#cancelTimer?.();
    this.#cancelTimer = this.#scheduler.setTimer(() => this.#wakeAll(), delay);
    this.#wakeAll();
  }

  /**
   * The situation may have changed (network restored, app shown, `syncNow`, resumed): the delay
   * ends now, so one probe goes at once. The failure count stays.
   */
  kick(): void {
    this.#notBefore = 0;
    this.#cancelTimer?.();
    this.#wakeAll();
  }

  #wakeAll(): void {
    for (const done of [...this.#waiters]) done();
  }
}
