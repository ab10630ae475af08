import type { Now } from './clock';
import { randomHex, type Random } from './random';

/**
 * Makes 24-hex ids shaped like MongoDB ObjectIds: 8 hex of seconds since the epoch, then
 * 10 hex of per-generator randomness, then a 6-hex counter. Ids from one generator sort by
 * creation time; ids from two devices do not collide in practice (40 random bits per generator
 * plus the counter).
 *
 * @example
 * const nextId = objectIdGenerator(Date.now, Math.random);
 * nextId(); // e.g. '6745f0c2a1b2c3d4e5000001'
 */
export function objectIdGenerator(now: Now, random: Random): () => string {
  const machine = randomHex(random, 10);
  let counter = Math.floor(random() * 0xffffff);
  return () => {
    counter = (counter + 1) % 0x1000000;
    const seconds = Math.floor(now() / 1000) >>> 0;
    return seconds.toString(16).padStart(8, '0') + machine + counter.toString(16).padStart(6, '0');
  };
}
