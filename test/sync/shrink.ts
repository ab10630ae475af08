/** What {@link shrinkList} found. */
export interface Shrunk<T> {
  /** The smallest list found that still fails. */
  readonly list: T[];
  /** How many times the predicate ran. */
  readonly runs: number;
  /** True when the budget (`maxRuns`, `stop`) ran out before every single element was tried. */
  readonly exhausted: boolean;
}

/**
 * Shrinks a failing list (delta debugging, as property-based testers do): tries dropping chunks
 * of half the list, then of a quarter, … down to single elements, keeping every drop after which
 * `fails` still says true. The result fails, and dropping any one element of it makes it pass
 * (unless the budget ran out first: `maxRuns`, or `stop()` saying so — e.g. a wall-clock limit, so
 * a failing test still reports within its time limit).
 *
 * @param fails - runs a candidate list; true when it still shows the failure
 * @example
 * const { list } = await shrinkList(actions, async (candidate) => (await runConvergence({ seed, actions: candidate })).problems.length > 0);
 */
export async function shrinkList<T>(
  list: readonly T[],
  fails: (candidate: readonly T[]) => Promise<boolean>,
  options: { maxRuns?: number; stop?: () => boolean } = {},
): Promise<Shrunk<T>> {
  const maxRuns = options.maxRuns ?? 200;
  let current = [...list];
  let runs = 0;
  for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1; chunk = chunk === 1 ? 0 : Math.max(1, Math.floor(chunk / 2))) {
    for (let start = 0; start < current.length;) {
      if (runs >= maxRuns || options.stop?.() === true) return { list: current, runs, exhausted: true };
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      runs++;
      // A kept drop leaves `start` in place: the next chunk has moved into it.
      if (await fails(candidate)) current = candidate;
      else start += chunk;
    }
  }
  return { list: current, runs, exhausted: false };
}
