import type { Now } from '../core/clock';
import { isPlainObject } from '../core/json';
import { toWire } from '../core/wire';
import type { SdkCollection } from '../sdk/sdk-types';
import { classifySdkError } from '../sdk/errors';

/** How far past the server's clock a stamp may lie and still count as the server's own. */
export const DEFAULT_MAX_STAMP_AHEAD_MS = 5 * 60_000;

// Without the server's time (a service that refuses `$$NOW`), the device clock is all there is;
// devices' clocks are often off by hours, so the tolerance is wider.
const DEVICE_CLOCK_AHEAD_MS = 24 * 3_600_000;

/**
 * Tells whether a document's `_mt` stamp could have been made by the server. `_mt` is written by
 * `$currentDate`, so it is never later than the server's clock; but any client may write `_mt`
 * itself, and a stamp far in the future would move every other device's pull cursor past all real
 * changes. The server's time is asked for ({@link learn}: one `aggregate` with `$$NOW`) only when a
 * stamp lies beyond what is already known of it, and is then carried forward by the device's clock.
 */
export class ServerClock {
  readonly #now: Now;
  readonly #aheadMs: number;
  // The server's time as last measured, and the device's time then.
  #known: { server: number; device: number } | undefined;
  #refused = false;

  constructor(now: Now, aheadMs = DEFAULT_MAX_STAMP_AHEAD_MS) {
    this.#now = now;
    this.#aheadMs = aheadMs;
  }

  /** Whether `stamp` (ms; `-Infinity` for none) is plausible by what is known now, without asking. */
  knownPlausible(stamp: number): boolean {
    return stamp <= (this.#known || !this.#refused ? this.#knownBound() : this.bound());
  }

  /**
   * The latest stamp the server can have made, by what is known: the measured server time carried
   * forward plus the allowance; the device's clock plus a day when the service would not tell its
   * time; `Infinity` when nothing is known (a collection with no document to ask about).
   */
  bound(): number {
    if (this.#known) return this.#knownBound();
    return this.#refused ? this.#now() + DEVICE_CLOCK_AHEAD_MS : Infinity;
  }

  /** Asks the server's time through `remote` (a collection holding at least one document). */
  async learn(remote: SdkCollection): Promise<void> {
    const server = await measure(remote);
    if (server === 'refused') this.#refused = true;
    else if (server !== undefined && server > this.#knownBound() - this.#aheadMs) this.#known = { server, device: this.#now() };
  }

  #knownBound(): number {
    const known = this.#known;
    return known ? known.server + Math.max(0, this.#now() - known.device) + this.#aheadMs : -Infinity;
  }
}

// The server's clock through the SDK's ordinary calls: `$$NOW` of one document of the collection.
// `undefined` when the collection is empty, `'refused'` when the service refuses the pipeline.
async function measure(remote: SdkCollection): Promise<number | 'refused' | undefined> {
  let answer;
  try {
    answer = await remote.aggregate([{ $limit: 1 }, { $project: { _id: 0, now: '$$NOW' } }]);
  } catch (error) {
    if (classifySdkError(error).code === 'REJECTED') return 'refused';
    throw error;
  }
  const first = (toWire(answer.result) as unknown[] | undefined)?.[0];
  const now = isPlainObject(first) && typeof first.now === 'string' ? Date.parse(first.now) : NaN;
  return Number.isFinite(now) ? now : undefined;
}
