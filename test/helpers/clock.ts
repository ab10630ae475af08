/** A clock a test moves by hand. */
export interface ManualClock {
  (): number;
  advance(ms: number): void;
  set(ms: number): void;
}

/** A clock that starts at `start` (ms since the epoch) and moves only when told. */
export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let now = start;
  const clock = (() => now) as ManualClock;
  clock.advance = (ms) => {
    now += ms;
  };
  clock.set = (ms) => {
    now = ms;
  };
  return clock;
}
