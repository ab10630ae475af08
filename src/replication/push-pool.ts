import { DEFAULT_MAX_CONCURRENT_REQUESTS, type Platform } from '../model/platform';

/**
 * A limit on the push requests in flight, shared by every push of one sync engine. RxDB calls the
 * push handler for several batches at once, so a limit per call would multiply; one pool keeps the
 * total under what the platform allows. Waiting tasks start in the order they asked.
 *
 * @example
 * const pool = new PushPool(2);
 * const sends = [1, 2, 3].map((n) => pool.run(async () => n * 10)); // the third waits for a free place
 * await Promise.all(sends); // [10, 20, 30]
 * pool.running; // 0
 */
export class PushPool {
  /** How many tasks may run at once. */
  readonly size: number;
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a push pool needs a positive integer size, got ${size}`);
    this.size = size;
  }

  /** Tasks running now. */
  get running(): number {
    return this.#running;
  }

  /** Waits for a free place, then holds it until {@link release} is called. */
  acquire(): Promise<void> {
    if (this.#running < this.size) {
      this.#running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Gives a place back; the longest-waiting task takes it over. */
  release(): void {
    const next = this.#waiting.shift();
    // The place passes straight to the next waiter, so a newcomer cannot overtake it.
    if (next) next();
    else this.#running--;
  }

  /** Runs `task` once a place is free, and frees the place when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }
}

/**
 * Requests the sync keeps apart for the others: one for the pull (which sends one request at a
 * time) and one for the app's own SDK calls.
 */
const RESERVED_REQUESTS = 2;

/**
 * The push requests a sync engine may keep in flight on `platform`: its declared limit (default
 * {@link DEFAULT_MAX_CONCURRENT_REQUESTS}) less one for the pull and one for the app, at least 1.
 * WeChat's 10 gives 8; the web's 6 gives 4.
 *
 * @example
 * pushConcurrency(wechat()); // 8
 */
export function pushConcurrency(platform: Pick<Platform, 'maxConcurrentRequests'>): number {
  const declared = platform.maxConcurrentRequests;
  const limit = declared !== undefined && Number.isFinite(declared) && declared >= 1 ? Math.floor(declared) : DEFAULT_MAX_CONCURRENT_REQUESTS;
  return Math.max(1, limit - RESERVED_REQUESTS);
}
