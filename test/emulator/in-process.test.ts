import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInProcessEmulator, type InProcessEmulator } from '../../src/emulator';
import { pinNow } from '../../src/query/pinned-now';
import { inProcessSdkAdapter, virtualScheduler, type ExchangeRecord, type VirtualScheduler } from '../../src/testing';
import { rejectionOf, sdkOn, type Sdk } from '../helpers/sdk';

describe('the official SDK over the in-process transport', () => {
  let emulator: InProcessEmulator;
  let network: VirtualScheduler;
  let sdk: Sdk;
  const records: ExchangeRecord[] = [];
  beforeAll(async () => {
    network = virtualScheduler(Date.UTC(2026, 0, 1));
    emulator = await createInProcessEmulator({ now: network.now });
    sdk = sdkOn(inProcessSdkAdapter(emulator, { scheduler: network, onExchange: (r) => records.push(r) }), emulator);
    await sdk.init({ authType: 'anonymous' });
    expect(records.map((r) => r.method)).toEqual(['serverless.auth.user.anonymousAuthorize']);
    records.length = 0;
  });
  afterEach(() => {
    emulator.setFaults({});
    records.length = 0;
  });
  afterAll(() => emulator.stop());

  it('authorizes, writes and reads with no socket; $currentDate and $$NOW read the injected clock', async () => {
    expect(emulator.endpoint).toBe('http://mpsync-emulator.invalid');
    await sdk.db.collection('notes').insertOne({ _id: 'n1', text: 'hello' });
    await sdk.db.collection('notes').updateOne({ _id: 'n1' }, { $currentDate: { at: true } });
    const { result } = await sdk.db.collection('notes').aggregate([{ $project: { _id: 0, text: 1, at: 1, now: '$$NOW' } }]);
    const at = new Date(network.now()).toISOString();
    expect(JSON.parse(JSON.stringify(result))).toEqual([{ text: 'hello', at, now: at }]);
    expect(records.map((r) => `${(r.params as { command?: string }).command ?? r.method} ${String(r.outcome)}`)).toEqual([
      'insertOne 200',
      'updateOne 200',
      'aggregate 200',
    ]);
  });

  it('latency passes on the scheduler: the answer waits for virtual time, not real time', async () => {
    emulator.setFaults({ latencyMs: 60_000 });
    const before = network.now();
    const started = Date.now();
    await sdk.db.collection('slow').insertOne({ _id: 1 });
    expect(network.now() - before).toBeGreaterThanOrEqual(60_000);
    // A real minute did not pass.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('offline and a dropped request apply nothing; a dropped answer was applied; both fail as a broken connection', async () => {
    emulator.setFaults({ offline: true });
    expect(String((await rejectionOf(() => sdk.db.collection('f').insertOne({ _id: 'off' }))).message)).toMatch(/^request:fail/);
    emulator.setFaults({ dropRequestRate: 1 });
    await rejectionOf(() => sdk.db.collection('f').insertOne({ _id: 'req' }));
    emulator.setFaults({ dropResponseRate: 1 });
    expect(String((await rejectionOf(() => sdk.db.collection('f').insertOne({ _id: 'res' }))).message)).toMatch(/^request:fail/);
    expect(records.map((r) => [r.outcome, r.applied])).toEqual([
      ['lost', false],
      ['lost', false],
      ['lost', true],
    ]);
    emulator.setFaults({});
    expect((await sdk.db.collection('f').find({})).result).toEqual([{ _id: 'res' }]);
  });

  it('errorRate answers ServiceUnavailable; a body over maxBodyBytes answers RequestTooLarge; neither applies', async () => {
    emulator.setFaults({ errorRate: 1 });
    expect((await rejectionOf(() => sdk.db.collection('e').insertOne({ _id: 1 }))).code).toBe('ServiceUnavailable');
    emulator.setFaults({});
    const small = await createInProcessEmulator({ maxBodyBytes: 2048, now: network.now });
    try {
      const other = sdkOn(inProcessSdkAdapter(small, { scheduler: network }), small);
      await other.init({ authType: 'anonymous' });
      expect((await rejectionOf(() => other.db.collection('e').insertOne({ _id: 2, text: 'x'.repeat(4096) }))).code).toBe('RequestTooLarge');
      expect((await other.db.collection('e').count({})).result).toBe(0);
    } finally {
      await small.stop();
    }
    expect((await sdk.db.collection('e').count({})).result).toBe(0);
  });

  it('a stopped emulator answers nothing: requests fail as a broken connection', async () => {
    const gone = await createInProcessEmulator({ now: network.now });
    const other = sdkOn(inProcessSdkAdapter(gone, { scheduler: network }), gone);
    await other.init({ authType: 'anonymous' });
    await gone.stop();
    expect(String((await rejectionOf(() => other.db.collection('x').count({}))).message)).toMatch(/^request:fail/);
  });
});

describe('virtualScheduler', () => {
  it('runs timers by itself in order of due time, then of creation, jumping the clock to each', async () => {
    const scheduler = virtualScheduler(1000);
    const ran: string[] = [];
    scheduler.setTimer(() => ran.push(`b@${scheduler.now()}`), 50);
    scheduler.setTimer(() => ran.push(`a@${scheduler.now()}`), 10);
    scheduler.setTimer(() => ran.push(`c@${scheduler.now()}`), 50);
    const cancel = scheduler.setTimer(() => ran.push('cancelled'), 20);
    cancel();
    scheduler.setTimer(() => scheduler.setTimer(() => ran.push(`nested@${scheduler.now()}`), 0), 60);
    await scheduler.idle();
    expect(ran).toEqual(['a@1010', 'b@1050', 'c@1050', 'nested@1060']);
    expect(scheduler.pending).toBe(0);
  });
});

describe('pinNow', () => {
  it('replaces $$NOW expressions by the given time, leaving keys and $literal data alone', () => {
    expect(pinNow([{ $project: { a: '$$NOW', b: { $literal: '$$NOW' }, c: ['$$NOW', '$x'], $$NOW: 1 } }], 5)).toEqual([
      { $project: { a: { $toDate: 5 }, b: { $literal: '$$NOW' }, c: [{ $toDate: 5 }, '$x'], $$NOW: 1 } },
    ]);
  });
});
