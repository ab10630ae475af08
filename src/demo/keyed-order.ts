/**
 * Which rows of a keyed list can stay where they are when the list changes order: the longest run
 * of surviving rows whose old positions still increase. Every other row is moved (or is new), so a
 * list update moves as few DOM nodes as it can.
 */

/**
 * `from[i]` is the old position of the row now at `i`, or `-1` for a new row. Returns one flag per
 * row: true when the row keeps its place (it belongs to a longest increasing run of old positions).
 *
 * @example
 * keepInPlace([1, 2, 3, 0]); // [true, true, true, false]: only the row that was first moves
 */
export function keepInPlace(from: readonly number[]): boolean[] {
  // Patience sorting: tails[k] is the index (into `from`) ending the best increasing run of length k + 1.
  const tails: number[] = [];
  const previous = new Array<number>(from.length).fill(-1);
  for (let i = 0; i < from.length; i++) {
    const old = from[i] as number;
    if (old < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((from[tails[mid] as number] as number) < old) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const keep = new Array<boolean>(from.length).fill(false);
  for (let i = tails.length ? (tails[tails.length - 1] as number) : -1; i >= 0; i = previous[i] as number) keep[i] = true;
  return keep;
}
