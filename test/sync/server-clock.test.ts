import { describe, expect, it } from 'vitest';
import { fakeCollection } from '../helpers/sdk-collection';
import { ServerClock } from '../../src/replication/server-clock';
import { manualClock } from '../helpers/clock';

const DAY = 24 * 3_600_000;

/** A collection whose `aggregate` answers `$$NOW` with `serverNow()`, or fails as `fail` says; counts calls. */
function remote(serverNow: () => number, fail?: { code: string; message: string }) {
  const calls = { aggregate: 0 };
  const collection = fakeCollection({
    aggregate: () => {
      calls.aggregate++;
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the SDK rejects with the server's plain { code, message }
      return fail ? Promise.reject(fail) : Promise.resolve({ success: true, affectedDocs: 1, result: [{ now: new Date(serverNow()) }] });
    },
  });
  return { collection, calls };
}

describe('ServerClock', () => {
  it('judges stamps by the server time it asked for, carried forward by the device clock', async () => {
    const device = manualClock(Date.UTC(2026, 0, 1));
    const server = Date.UTC(2026, 11, 7);
    const clock = new ServerClock(device, 60_000);
    const { collection, calls } = remote(() => server);
    expect(clock.knownPlausible(server)).toBe(false);
    expect(clock.knownPlausible(-Infinity)).toBe(true);
    expect(clock.bound()).toBe(Infinity);
    await clock.learn(collection);
    expect(calls.aggregate).toBe(1);
    expect(clock.bound()).toBe(server + 60_000);
    expect(clock.knownPlausible(server + 60_000)).toBe(true);
    expect(clock.knownPlausible(server + 60_001)).toBe(false);
    device.advance(10_000);
    expect(clock.knownPlausible(server + 70_000)).toBe(true);
    // A device clock that jumps back never takes the bound below the measured server time.
    device.set(Date.UTC(2020, 0, 1));
    expect(clock.bound()).toBe(server + 60_000);
  });

  it('falls back to the device clock and a day when the service refuses $$NOW, without asking again', async () => {
    const device = manualClock(Date.UTC(2026, 0, 1));
    const clock = new ServerClock(device);
    const { collection, calls } = remote(() => 0, { code: 'InvalidOperator', message: 'unknown variable $$NOW' });
    await clock.learn(collection);
    expect(calls.aggregate).toBe(1);
    expect(clock.bound()).toBe(Date.UTC(2026, 0, 1) + DAY);
    expect(clock.knownPlausible(Date.UTC(2026, 0, 1) + DAY)).toBe(true);
    expect(clock.knownPlausible(Date.UTC(2999, 0, 1))).toBe(false);
  });

  it('passes on a network failure, so the pull is retried', async () => {
    const clock = new ServerClock(manualClock());
    await expect(clock.learn(remote(() => 0, { code: 'X', message: 'request:fail timeout' }).collection)).rejects.toMatchObject({
      message: 'request:fail timeout',
    });
  });
});
