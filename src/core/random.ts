/** A source of uniformly distributed numbers in [0, 1). Injected wherever randomness is used. */
export type Random = () => number;

/**
 * A small, fast, seeded PRNG (mulberry32). The same seed always yields the same sequence,
 * so a failing randomized run can be replayed from its printed seed.
 *
 * @param seed - any 32-bit integer
 * @example
 * const random = seededRandom(42);
 * random(); // 0.6011037519201636, always
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `Math.random`, for production use where no seed is wanted. */
export const systemRandom: Random = () => Math.random();

/**
 * `length` lowercase hex characters drawn from `random`.
 *
 * @example
 * randomHex(seededRandom(1), 8); // 8 hex characters
 */
export function randomHex(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}
