import { afterEach, describe, expect, it } from 'vitest';
import { createSyncClient, type SyncClient } from '../../src/index';
import { seededRandom } from '../../src/core/random';
import { createEmulator, createInProcessEmulator, type InProcessEmulator } from '../../src/emulator';
import { memoryStorage } from '../../src/store';
import { inProcessSdkAdapter, manualScheduler, memoryPlatform, virtualScheduler, type MemoryPlatform, type VirtualScheduler } from '../../src/testing';
import { newSdk, sdkOn, type Sdk } from '../helpers/sdk';
import { serverDocs } from '../helpers/sync';

const MINUTE = 60_000;
const CAP = 60_000;

/**
 * One client on a virtual network whose clock runs by itself (timers fire in order, the clock jumps
 * to each): minutes of an outage take milliseconds, and every request the SDK sends is recorded
 * with its virtual time.
 */
interface Rig {
  readonly scheduler: VirtualScheduler;
  readonly emulator: InProcessEmulator;
  readonly platform: MemoryPlatform;
  readonly client: SyncClient;
  /** The SDK the client syncs through, for a look at the server. */
  readonly sdk: Sdk;
  /** Virtual times of the requests sent so far. */
  readonly requests: number[];
  /** Resolves when the virtual clock reaches `at` (its timers up to then have run). */
  until(at: number): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const rig of rigs.splice(0)) {
    await rig.client.close();
    await rig.emulator.stop();
  }
});

async function rig(seed: number): Promise<Rig> {
  const scheduler = virtualScheduler();
  const emulator = await createInProcessEmulator({ now: scheduler.now, random: seededRandom(seed) });
  const requests: number[] = [];
  const sdk = sdkOn(inProcessSdkAdapter(emulator, { scheduler, onExchange: () => requests.push(scheduler.now()) }), emulator);
  const platform = memoryPlatform({ online: true });
  const client = await createSyncClient({
    mpServerless: sdk,
    platform,
    storage: memoryStorage(),
    collections: { todos: {} },
    sync: { scheduler, pollIntervalMs: 30_000, backoff: { initialMs: 1_000, maxMs: CAP } },
    random: seededRandom(seed + 1),
  });
  const made: Rig = {
    scheduler,
    emulator,
    platform,
    client,
    sdk,
    requests,
    until: (at) => new Promise((resolve) => scheduler.setTimer(resolve, at - scheduler.now())),
  };
  rigs.push(made);
  await client.syncNow();
  return made;
}

/** Requests sent in `[from, to)`. */
const between = (requests: readonly number[], from: number, to: number) => requests.filter((t) => t >= from && t < to);

describe('back-off while the server does not answer', () => {
  it('holds whatever polls and writes arrive: about one request per back-off cap', async () => {
    const r = await rig(11);
    const start = r.scheduler.now();
    const before = r.requests.length;
    r.emulator.setFaults({ offline: true });
    // A write every 10 s for 30 minutes, polls every 30 s.
    const writes: Array<Promise<unknown>> = [];
    for (let i = 1; i <= 180; i++) r.scheduler.setTimer(() => writes.push(r.client.db.collection('todos').insertOne({ _id: `w${i}`, n: i })), i * 10_000);
    await r.until(start + 30 * MINUTE);
    await Promise.all(writes);
    expect(r.client.status()).toMatchObject({ network: 'unreachable', online: true, paused: false, pendingWrites: 180 });
    expect(r.client.status().lastError?.code).toBe('OFFLINE');

    const perMinute = Array.from({ length: 30 }, (_, m) => between(r.requests, start + m * MINUTE, start + (m + 1) * MINUTE).length);
    // Reported so a change in the policy shows in the test's output.
    console.info(`requests per minute with the server down: ${perMinute.join(' ')} (${r.requests.length - before} in 30 minutes)`);
    // The delays double from 1 s and reach the cap within the first 3 minutes (1+2+…+32 s, each
    // at most ×1.5). From then on only one request is out at a time and the next waits a delay of
    // 0.5–1.5 × the cap: no two requests closer than half the cap, so at most 2 in any minute and
    // about 1 on average (expected 20 in 20 minutes; the bound 14–27 leaves room for the jitter).
    const late = between(r.requests, start + 10 * MINUTE, start + 30 * MINUTE);
    expect(late.length).toBeGreaterThanOrEqual(14);
    expect(late.length).toBeLessThanOrEqual(27);
    for (let i = 1; i < late.length; i++) expect(late[i]! - late[i - 1]!).toBeGreaterThanOrEqual(CAP / 2);
    expect(Math.max(...perMinute.slice(5))).toBeLessThanOrEqual(2);
    // The whole 30 minutes, start-up included: the doubling adds only a handful.
    expect(between(r.requests, start, start + 30 * MINUTE).length).toBeLessThanOrEqual(45);

    // The server answers again: the next request gets through, and everything queued lands.
    r.emulator.setFaults({});
    await r.client.syncNow();
    await r.client.waitForPendingWrites();
    expect(r.client.status()).toMatchObject({ network: 'online', lastError: null, pendingWrites: 0 });
  });

  it('each lifecycle or network event wakes one request at once, and the back-off goes on where it was', async () => {
    const r = await rig(12);
    const start = r.scheduler.now();
    r.emulator.setFaults({ offline: true });
    await r.until(start + 10 * MINUTE);
    const sent = r.requests.length;
    // Hidden (the flush), shown, the network back after a short loss: one probe each, not one per
    // handler or per waiting write.
    r.platform.hide();
    await r.until(r.scheduler.now() + 1_000);
    expect(r.requests.length).toBe(sent + 1);
    r.platform.show();
    await r.until(r.scheduler.now() + 1_000);
    expect(r.requests.length).toBe(sent + 2);
    r.platform.setOnline(false);
    expect(r.client.status()).toMatchObject({ network: 'offline', online: false });
    await r.until(r.scheduler.now() + 5 * MINUTE);
    // Without a network nothing is sent at all.
    expect(r.requests.length).toBe(sent + 2);
    r.platform.setOnline(true);
    await r.until(r.scheduler.now() + 1_000);
    expect(r.requests.length).toBe(sent + 3);
    expect(r.client.status()).toMatchObject({ network: 'unreachable', online: true });
    const woken = r.requests[r.requests.length - 1]!;
    // The failure count was kept: the next request waits a capped delay (at least half the cap), not 1 s.
    await r.until(woken + CAP / 2 - 1);
    expect(r.requests.length).toBe(sent + 3);
    await r.until(woken + 1.5 * CAP + 1_000);
    expect(r.requests.length).toBeGreaterThan(sent + 3);
    expect(r.requests[sent + 3]! - woken).toBeLessThanOrEqual(1.5 * CAP);
  });
});

describe('pause() and resume(): the app chooses to stay offline', () => {
  it('sends nothing while paused, whatever happens; writes queue; it is no error; resume syncs at once', async () => {
    const r = await rig(13);
    const seen: Array<{ paused: boolean; lastError: unknown }> = [];
    r.client.onStatus((s) => seen.push({ paused: s.paused, lastError: s.lastError }));
    r.client.pause();
    expect(r.client.status()).toMatchObject({ paused: true, network: 'online', lastError: null });
    const sent = r.requests.length;
    const todos = r.client.db.collection('todos');
    await todos.insertOne({ _id: 'p1', title: 'written while paused' });
    expect((await todos.findOne({ _id: 'p1' })).result).toEqual({ _id: 'p1', title: 'written while paused' });
    // Polls, lifecycle and network events: none of them sends a request.
    r.platform.hide();
    r.platform.show();
    r.platform.setOnline(false);
    r.platform.setOnline(true);
    await r.until(r.scheduler.now() + 10 * MINUTE);
    await todos.updateOne({ _id: 'p1' }, { $set: { done: true } });
    await r.until(r.scheduler.now() + 10 * MINUTE);
    expect(r.requests.length).toBe(sent);
    await expect(r.client.syncNow()).rejects.toMatchObject({ code: 'PAUSED' });
    expect(r.client.status()).toMatchObject({ paused: true, pendingWrites: 1, lastError: null });
    expect(seen.every((s) => s.lastError === null)).toBe(true);

    r.client.resume();
    expect(r.client.status().paused).toBe(false);
    await r.client.waitForPendingWrites();
    expect(r.requests.length).toBeGreaterThan(sent);
    await r.client.syncNow();
    expect(await serverDocs(r.sdk, 'todos')).toEqual([{ _id: 'p1', title: 'written while paused', done: true }]);
    expect(r.client.status()).toMatchObject({ paused: false, network: 'online', lastError: null, pendingWrites: 0 });
  });

  it('a syncNow() waiting when the app pauses rejects with PAUSED; pausing twice or after close is harmless', async () => {
    const r = await rig(14);
    r.emulator.setFaults({ offline: true });
    const waiting = r.client.syncNow();
    r.client.pause();
    r.client.pause();
    await expect(waiting).rejects.toMatchObject({ code: 'PAUSED' });
    // The server is down, but paused nothing is tried: the network stays as it was last seen.
    const sent = r.requests.length;
    await r.until(r.scheduler.now() + 5 * MINUTE);
    expect(r.requests.length).toBe(sent);
    r.emulator.setFaults({});
    r.client.resume();
    r.client.resume();
    await r.client.syncNow();
    expect(r.client.status()).toMatchObject({ paused: false, network: 'online', lastError: null });
    await r.client.close();
    r.client.pause();
    expect(r.client.status().paused).toBe(false);
  });
});

describe('a pause and a change of user', () => {
  it('the pause carries over a sign-in: the sync of the new partition stays paused until resume()', async () => {
    const emulator = await createEmulator({ port: 0 });
    const platform = memoryPlatform({ online: true });
    const client = await createSyncClient({
      mpServerless: newSdk(emulator, { authCode: 'paused-user' }),
      platform,
      storage: memoryStorage(),
      collections: { notes: {} },
      sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
      random: seededRandom(77),
    });
    try {
      await client.syncNow();
      client.pause();
      // Signing in is the app's own call through the SDK: it goes out even while paused.
      await client.signIn({ authProvider: 'alipay_openapi' });
      await client.db.collection('notes').insertOne({ _id: 'n1' });
      expect(client.status()).toMatchObject({ paused: true, pendingWrites: 1, lastError: null });
      await expect(client.syncNow()).rejects.toMatchObject({ code: 'PAUSED' });
      client.resume();
      await client.syncNow();
      await client.waitForPendingWrites();
      expect(client.status()).toMatchObject({ paused: false, pendingWrites: 0, network: 'online' });
    } finally {
      await client.close();
      await emulator.stop();
    }
  });
});
