import type { Now } from '../../core/clock';
import { EmulatorError, GatewayErrorCode } from '../errors';

/**
 * Refuses a request whose signed `timestamp` (the SDK's `Date.now()` in ms when it signed) is
 * further than `windowMs` from `now`, so a captured request cannot be replayed later. `windowMs`
 * of 0 turns the check off.
 *
 * @throws `InvalidTimestamp`
 * @example fragment
 * checkRequestTime(body.timestamp, Date.now, 15 * 60_000);
 */
export function checkRequestTime(timestamp: number, now: Now, windowMs: number): void {
  if (windowMs <= 0) return;
  const skew = timestamp - now();
  if (!Number.isFinite(timestamp) || Math.abs(skew) > windowMs) {
    throw new EmulatorError(
      GatewayErrorCode.InvalidTimestamp,
      `the request timestamp ${timestamp} is ${Number.isFinite(skew) ? `${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'ahead of' : 'behind'}` : 'far from'} the emulator's clock; at most ${windowMs / 1000} s are accepted`,
    );
  }
}
