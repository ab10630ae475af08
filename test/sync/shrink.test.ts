import { describe, expect, it } from 'vitest';
import { shrinkList } from './shrink';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
// The shrinker awaits its predicate (a convergence run is async); these synchronous ones are wrapped.
const settled =
  <T>(predicate: (list: readonly T[]) => boolean) =>
  (list: readonly T[]) =>
    Promise.resolve(predicate(list));

describe('shrinkList', () => {
  it('finds the two elements a failure needs among a hundred, whatever their distance', async () => {
    const seen: number[][] = [];
    const fails = settled((list: readonly number[]) => {
      seen.push([...list]);
      return list.includes(17) && list.includes(83);
    });
    const shrunk = await shrinkList(range(100), fails);
    expect(shrunk.list).toEqual([17, 83]);
    expect(shrunk.exhausted).toBe(false);
    expect(shrunk.runs).toBe(seen.length);
    // Far fewer runs than trying every subset, or even every pair.
    expect(shrunk.runs).toBeLessThan(60);
  });

  it('keeps order-dependent failures: the cause must still come before the effect', async () => {
    const fails = settled((list: readonly string[]) => {
      const offline = list.indexOf('offline');
      return offline >= 0 && list.indexOf('write', offline) > offline && list.includes('sync');
    });
    const list = ['write', 'sync', 'offline', 'inc', 'write', 'time', 'restart', 'sync'];
    const shrunk = (await shrinkList(list, fails)).list;
    expect(shrunk).toHaveLength(3);
    expect(await fails(shrunk)).toBe(true);
    // 1-minimal: without any one of its elements the failure is gone.
    for (let i = 0; i < shrunk.length; i++) expect(await fails(shrunk.filter((_, j) => j !== i))).toBe(false);
  });

  it('drops everything when the failure needs nothing from the list', async () => {
    expect(
      (
        await shrinkList(
          range(9),
          settled(() => true),
        )
      ).list,
    ).toEqual([]);
  });

  it('gives back the list unchanged when every element is needed', async () => {
    const shrunk = await shrinkList(
      range(5),
      settled((list) => list.length === 5),
    );
    expect(shrunk.list).toEqual(range(5));
  });

  it('stops at the run budget and says so, with a list that still fails', async () => {
    const fails = settled((list: readonly number[]) => list.includes(3) && list.includes(61));
    const shrunk = await shrinkList(range(64), fails, { maxRuns: 4 });
    expect(shrunk.runs).toBe(4);
    expect(shrunk.exhausted).toBe(true);
    expect(await fails(shrunk.list)).toBe(true);
    expect(shrunk.list.length).toBeLessThan(64);
  });

  it('stops when told to (a time limit), with a list that still fails', async () => {
    let calls = 0;
    const shrunk = await shrinkList(
      range(64),
      settled((list) => ++calls > 0 && list.includes(7)),
      { stop: () => calls >= 3 },
    );
    expect(shrunk.runs).toBe(3);
    expect(shrunk.exhausted).toBe(true);
    expect(shrunk.list).toContain(7);
  });
});
