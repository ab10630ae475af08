import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { FaultInjector } from '../../src/emulator/http/faults';
import { anonymousSdk, rejectionOf, type Sdk } from '../helpers/sdk';

describe('injected faults', () => {
  let emulator: Emulator;
  let sdk: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    sdk = await anonymousSdk(emulator);
  });
  afterEach(() => emulator.setFaults({}));
  afterAll(() => emulator.stop());

  const count = async (name: string) => (await sdk.db.collection(name).count({})).result as number;

  it('offline: every request fails at the network level and nothing is applied', async () => {
    emulator.setFaults({ offline: true });
    const error = await rejectionOf(() => sdk.db.collection('off').insertOne({ _id: 1 }));
    expect(String(error.message)).toMatch(/^request:fail/);
    emulator.setFaults({});
    expect(await count('off')).toBe(0);
  });

  it('a dropped request is not applied; a dropped response was applied', async () => {
    emulator.setFaults({ dropRequestRate: 1 });
    await rejectionOf(() => sdk.db.collection('dropped').insertOne({ _id: 'req' }));
    emulator.setFaults({ dropResponseRate: 1 });
    const error = await rejectionOf(() => sdk.db.collection('dropped').insertOne({ _id: 'res' }));
    expect(String(error.message)).toMatch(/^request:fail/);
    emulator.setFaults({});
    expect((await sdk.db.collection('dropped').find({})).result).toEqual([{ _id: 'res' }]);
  });

  it('errorRate answers ServiceUnavailable without applying', async () => {
    emulator.setFaults({ errorRate: 1 });
    expect((await rejectionOf(() => sdk.db.collection('err').insertOne({ _id: 1 }))).code).toBe('ServiceUnavailable');
    emulator.setFaults({});
    expect(await count('err')).toBe(0);
  });

  it('latency delays every request by at least latencyMs', async () => {
    emulator.setFaults({ latencyMs: 60 });
    const started = performance.now();
    await count('slow');
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
  });

  it('the same seed draws the same fates in the same order', () => {
    const fates = (seed: number) => {
      const injector = new FaultInjector();
      injector.set({ dropRequestRate: 0.3, dropResponseRate: 0.3, errorRate: 0.2, seed });
      return Array.from({ length: 40 }, () => injector.decide());
    };
    expect(fates(7)).toEqual(fates(7));
    expect(fates(7)).not.toEqual(fates(8));
    expect(new Set(fates(7))).toEqual(new Set(['pass', 'drop-request', 'drop-response', 'error']));
  });

  it('POST /__admin/faults sets faults from another process; bad faults are refused', async () => {
    const post = (body: unknown) =>
      fetch(`${emulator.endpoint}/__admin/faults`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const ok = await post({ errorRate: 1, seed: 3 });
    expect(await ok.json()).toEqual({ success: true, data: { errorRate: 1, seed: 3 } });
    expect((await rejectionOf(() => sdk.db.collection('admin').count({}))).code).toBe('ServiceUnavailable');
    // Admin requests themselves are never faulted.
    expect((await fetch(`${emulator.endpoint}/__admin/faults`)).status).toBe(200);
    const bad = await post({ errorRate: 2 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'InvalidParameter' } });
    expect((await post({ flood: true })).status).toBe(400);
    await post({});
    expect(await count('admin')).toBe(0);
  });
});
