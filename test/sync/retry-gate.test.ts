import { describe, expect, it } from 'vitest';
import { RetryGate } from '../../src/replication/retry-gate';
import { manualScheduler } from '../../src/testing';

// Jitter fixed at ×1 (random() = 0.5), so each delay is exactly the doubling.
const half = () => 0.5;

/** A probe attempt: resolves with whether the gate let it go at once. */
async function tryNow(gate: RetryGate): Promise<boolean> {
  let went: boolean | undefined;
  void gate.acquire().then((ok) => (went = ok));
  await Promise.resolve();
  await Promise.resolve();
  return went === true;
}

describe('RetryGate', () => {
  it('without failures lets every request go at once, side by side', async () => {
    const gate = new RetryGate(manualScheduler(), half);
    expect(await tryNow(gate)).toBe(true);
    expect(await tryNow(gate)).toBe(true);
  });

  it('after a failure holds every request for the delay, then lets one probe go at a time', async () => {
    const scheduler = manualScheduler();
    const gate = new RetryGate(scheduler, half, { initialMs: 1_000, maxMs: 8_000 });
    gate.failed();
    expect(await tryNow(gate)).toBe(false);
    await scheduler.advance(999);
    expect(await tryNow(gate)).toBe(false);
    await scheduler.advance(1);
    expect(await tryNow(gate)).toBe(true);
    // The probe is out: a second request waits for its outcome.
    expect(await tryNow(gate)).toBe(false);
    gate.failed();
    expect(gate.failures).toBe(2);
    await scheduler.advance(1_999);
    expect(await tryNow(gate)).toBe(false);
    await scheduler.advance(1);
    expect(await tryNow(gate)).toBe(true);
  });

  it('doubles up to the cap', () => {
    const gate = new RetryGate(manualScheduler(), half, { initialMs: 1_000, maxMs: 8_000 });
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(gate.nextDelay());
      gate.failed();
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('a kick lets one probe go now but keeps the count; only success resets it', async () => {
    const scheduler = manualScheduler();
    const gate = new RetryGate(scheduler, half, { initialMs: 1_000, maxMs: 60_000 });
    for (let i = 0; i < 4; i++) gate.failed();
    expect(gate.nextDelay()).toBe(16_000);
    gate.kick();
    expect(await tryNow(gate)).toBe(true);
    expect(await tryNow(gate)).toBe(false);
    gate.failed();
    expect(gate.failures).toBe(5);
    expect(gate.nextDelay()).toBe(32_000);
    // The wait after the kicked probe is the fifth failure's (16 s), not the first delay.
    await scheduler.advance(15_999);
    expect(await tryNow(gate)).toBe(false);
    gate.succeeded();
    expect(gate.failures).toBe(0);
    expect(await tryNow(gate)).toBe(true);
    expect(await tryNow(gate)).toBe(true);
  });

  it('hold() waits for a kick, or at most the time given', async () => {
    const scheduler = manualScheduler();
    const gate = new RetryGate(scheduler, half);
    let woke = 0;
    void gate.hold().then(() => woke++);
    void gate.hold(5_000).then(() => woke++);
    await scheduler.advance(5_000);
    expect(woke).toBe(1);
    gate.kick();
    await Promise.resolve();
    expect(woke).toBe(2);
  });
});
