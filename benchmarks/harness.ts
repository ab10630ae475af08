/**
 * A small benchmark harness: every figure is measured beside its baseline in the same process and
 * the same run, alternating the two, and reported as a ratio, so a slow or busy machine moves both.
 */

export interface Comparison {
  /** What is measured. */
  readonly name: string;
  /** Unit of the two values, e.g. `ops/s` or `ms`. */
  readonly unit: string;
  /** true: bigger is better (throughput); false: smaller is better (latency). */
  readonly higherIsBetter: boolean;
  readonly subject: { readonly label: string; readonly value: number };
  readonly baseline: { readonly label: string; readonly value: number };
  /** A goal the ratio should meet, printed beside it (not enforced). */
  readonly goal?: string;
  /** Extra facts measured in the same run (requests per write, ...). */
  readonly notes?: string;
}

/** The median of a list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs `subject` and `baseline` alternately `rounds` times and returns the median of each.
 * Alternating keeps a passing load spike from landing on one side only.
 */
export async function alternate(
  rounds: number,
  subject: () => Promise<number>,
  baseline: () => Promise<number>,
): Promise<{ subject: number; baseline: number }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await baseline());
    a.push(await subject());
  }
  return { subject: median(a), baseline: median(b) };
}

/** Calls `op` `count` times with `concurrency` calls in flight; returns completed calls per second. */
export async function throughput(count: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) await op(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

/** Milliseconds one call of `fn` takes (median over `runs`, after `warmup` unmeasured calls). */
export async function timeMs(runs: number, warmup: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** The ratio as printed: subject over baseline, oriented so that > 1 means "the subject is faster". */
export function speedRatio(c: Comparison): number {
  return c.higherIsBetter ? c.subject.value / c.baseline.value : c.baseline.value / c.subject.value;
}

/** Prints one comparison as a block of aligned lines. */
export function report(c: Comparison): void {
  const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(3));
  const lines = [
    `${c.name}`,
    `  ${c.subject.label.padEnd(40)} ${fmt(c.subject.value).padStart(10)} ${c.unit}`,
    `  ${c.baseline.label.padEnd(40)} ${fmt(c.baseline.value).padStart(10)} ${c.unit}`,
    `  ratio (subject vs baseline, >1 = subject faster)  ${speedRatio(c).toFixed(2)}x${c.goal ? `   goal: ${c.goal}` : ''}`,
  ];
  if (c.notes) lines.push(`  ${c.notes}`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

/**
 * Runs every function of `subjects` in turn (A B C A B C …) `rounds` times and returns the median
 * of each, in the same order: the many-subject form of {@link alternate}.
 */
export async function alternateAll(rounds: number, subjects: ReadonlyArray<() => Promise<number>>): Promise<number[]> {
  const values: number[][] = subjects.map(() => []);
  for (let i = 0; i < rounds; i++) {
    for (const [k, subject] of subjects.entries()) values[k]!.push(await subject());
  }
  return values.map(median);
}
