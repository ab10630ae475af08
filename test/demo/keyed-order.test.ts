import { describe, expect, it } from 'vitest';
import { keepInPlace } from '../../src/demo/keyed-order';

/** Applies a plan the way the keyed list does: rows that stay keep their order, every other row is placed. */
function movedCount(from: readonly number[]): number {
  const keep = keepInPlace(from);
  const kept = from.filter((_, i) => keep[i]);
  // What stays must already be in order, or placing the others around it cannot give the new order.
  expect(kept).toEqual([...kept].sort((a, b) => a - b));
  return from.filter((old, i) => old >= 0 && !keep[i]).length;
}

describe('keepInPlace: which rows of a keyed list stay put', () => {
  it('keeps every row of an unchanged list, and of a list that only grew or shrank', () => {
    expect(keepInPlace([0, 1, 2, 3])).toEqual([true, true, true, true]);
    expect(keepInPlace([0, -1, 1, 2, -1])).toEqual([true, false, true, true, false]);
    expect(keepInPlace([0, 2, 5])).toEqual([true, true, true]);
    expect(keepInPlace([])).toEqual([]);
  });

  it('moves only the row that moved: first to last, last to first, one swap', () => {
    expect(keepInPlace([1, 2, 3, 0])).toEqual([true, true, true, false]);
    expect(keepInPlace([3, 0, 1, 2])).toEqual([false, true, true, true]);
    expect(movedCount([0, 2, 1, 3])).toBe(1);
  });

  it('moves all but one row of a reversed list', () => {
    expect(movedCount([4, 3, 2, 1, 0])).toBe(4);
  });

  it('moves as few rows as any plan can, over seeded shuffles with new rows among them', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 12);
      const from = Array.from({ length: n }, (_, i) => i).sort(() => random() - 0.5);
      for (let i = 0; i < n; i++) if (random() < 0.2) from[i] = -1;
      // The fewest moves is the number of old rows minus the longest increasing run, found here by brute force.
      const old = from.filter((x) => x >= 0);
      let longest = 0;
      for (let mask = 0; mask < 1 << old.length; mask++) {
        const picked = old.filter((_, i) => mask & (1 << i));
        if (picked.every((x, i) => i === 0 || x > (picked[i - 1] as number))) longest = Math.max(longest, picked.length);
      }
      expect(movedCount(from)).toBe(old.length - longest);
    }
  });
});
