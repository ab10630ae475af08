import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { exposureWarning } from '../../src/emulator/http/host-check';
import { manualClock } from '../helpers/clock';
import { anonymousToken, rawRequest, signedCall } from '../helpers/hostile';
import { anonymousSdk, rejectionOf } from '../helpers/sdk';

const port = (emulator: Emulator): string => new URL(emulator.endpoint).port;

describe('Host names and admin requests', () => {
  let emulator: Emulator;
  let named: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    named = await createEmulator({ port: 0, allowedHosts: ['dev.example'] });
  });
  afterAll(async () => {
    await emulator.stop();
    await named.stop();
  });

  it('refuses a foreign Host name (DNS rebinding) on every route, answers IP addresses, localhost and allowed names', async () => {
    for (const path of ['/client', '/__cdn/x', '/__admin/health']) {
      const answer = await rawRequest(
        emulator,
        path === '/client' ? 'POST' : 'GET',
        path,
        { host: `rebind.attacker.example:${port(emulator)}` },
        path === '/client' ? '{}' : undefined,
      );
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ success: false, error: { code: 'InvalidHost' } });
    }
    for (const host of [`127.0.0.1:${port(emulator)}`, `localhost:${port(emulator)}`, `[::1]:${port(emulator)}`, `192.168.1.20:${port(emulator)}`]) {
      expect((await rawRequest(emulator, 'GET', '/__admin/health', { host })).status).toBe(200);
    }
    expect((await rawRequest(emulator, 'GET', '/__admin/health', { host: `dev.example:${port(emulator)}` })).status).toBe(403);
    expect((await rawRequest(named, 'GET', '/__admin/health', { host: `DEV.example:${port(named)}` })).status).toBe(200);
  });

  it('applies admin changes only from same-origin JSON requests', async () => {
    const faults = (headers: Record<string, string>) => rawRequest(emulator, 'POST', '/__admin/faults', headers, JSON.stringify({ errorRate: 1 }));
    const crossSite = [
      { 'content-type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      { 'content-type': 'application/json', origin: 'https://attacker.example' },
      { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of crossSite) {
      const answer = await faults(headers);
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'InvalidRequest' } });
    }
    const sdk = await anonymousSdk(emulator);
    expect((await sdk.db.collection('still').count({})).result).toBe(0);
    const own = await faults({ 'content-type': 'application/json', origin: `http://127.0.0.1:${port(emulator)}`, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    expect((await rejectionOf(() => sdk.db.collection('still').count({}))).code).toBe('ServiceUnavailable');
    expect((await faults({ 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    emulator.setFaults({});
  });

  it('warns when listening beyond loopback with the default client secret', () => {
    expect(exposureWarning('0.0.0.0', 'mpsync-local-secret', 'mpsync-local-secret')).toMatch(/default client secret/);
    expect(exposureWarning('192.168.1.20', 'mpsync-local-secret', 'mpsync-local-secret')).toMatch(/--client-secret/);
    expect(exposureWarning('0.0.0.0', 'a-real-secret', 'mpsync-local-secret')).toBeUndefined();
    expect(exposureWarning('127.0.0.1', 'mpsync-local-secret', 'mpsync-local-secret')).toBeUndefined();
    expect(exposureWarning('localhost', 'mpsync-local-secret', 'mpsync-local-secret')).toBeUndefined();
  });
});

describe('request timestamps (replay window)', () => {
  const clock = manualClock(Date.UTC(2026, 5, 1));
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, requestClock: clock });
  });
  afterAll(() => emulator.stop());
  const authorize = (timestamp: number) => signedCall(emulator, 'serverless.auth.user.anonymousAuthorize', { clientIdentifier: 'replay' }, { timestamp });

  it('accepts timestamps within ±15 minutes of the clock and refuses others with InvalidTimestamp', async () => {
    const now = clock();
    expect((await authorize(now - 14 * 60_000)).success).toBe(true);
    expect((await authorize(now + 14 * 60_000)).success).toBe(true);
    for (const timestamp of [now - 16 * 60_000, now + 16 * 60_000, 1, 1e300, -now]) {
      expect((await authorize(timestamp)).error?.code).toBe('InvalidTimestamp');
    }
  });

  it('refuses a captured request replayed after the window, even with a valid signature and token', async () => {
    const auth = await authorize(clock());
    const access = (auth.data as { accessToken: string }).accessToken;
    const stamped = clock();
    const insert = () =>
      signedCall(
        emulator,
        'serverless.db.default.execute',
        { collection: 'replayed', command: 'insertOne', doc: { n: 1 }, options: {} },
        { token: access, timestamp: stamped },
      );
    expect((await insert()).success).toBe(true);
    clock.advance(20 * 60_000);
    expect((await insert()).error?.code).toBe('InvalidTimestamp');
  });

  it('can be turned off with timestampWindowSeconds: 0', async () => {
    const open = await createEmulator({ port: 0, requestClock: clock, timestampWindowSeconds: 0 });
    try {
      expect((await signedCall(open, 'serverless.auth.user.anonymousAuthorize', { clientIdentifier: 'x' }, { timestamp: 1 })).success).toBe(true);
    } finally {
      await open.stop();
    }
  });
});

describe('documented errors for odd input', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
  });
  afterAll(() => emulator.stop());

  it('answers non-ASCII signature and token headers with InvalidSignature and GATEWAY_INVALID_TOKEN', async () => {
    const body = JSON.stringify({
      spaceId: emulator.spaceId,
      method: 'serverless.auth.user.anonymousAuthorize',
      params: '{"clientIdentifier":"a"}',
      timestamp: Date.now(),
    });
    const badSign = await rawRequest(emulator, 'POST', '/client', { 'content-type': 'application/json', 'x-serverless-sign': 'é'.repeat(32) }, body);
    expect(JSON.parse(badSign.body)).toMatchObject({ success: false, error: { code: 'InvalidSignature' } });
    const find = { collection: 'a', command: 'count', query: {}, options: {} };
    for (const token of [`x.${'é'.repeat(43)}`, `é.${'a'.repeat(42)}é`, 'ü']) {
      expect((await signedCall(emulator, 'serverless.db.default.execute', find, { token })).error?.code).toBe('GATEWAY_INVALID_TOKEN');
    }
    const header = await signedCall(emulator, 'serverless.db.default.execute', find, { headers: { 'x-basement-token': `x.${'é'.repeat(43)}` } });
    expect(header.error?.code).toBe('GATEWAY_INVALID_TOKEN');
  });

  it('answers malformed %-escapes in file URLs with HTTP 400 or FileNotFound, never InternalError', async () => {
    for (const path of ['/__cdn/%zz', '/__cdn/a%E0%A4%A', '/__cdn/%']) {
      const answer = await rawRequest(emulator, 'GET', path);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'InvalidRequest' } });
    }
    const token = await anonymousToken(emulator);
    const deleted = await signedCall(emulator, 'serverless.file.resource.delete', { id: 'https://127.0.0.1/__cdn/%zz' }, { token });
    expect(deleted.error?.code).toBe('FileNotFound');
  });

  it('refuses a content type with a line break, and another user re-signing my file', async () => {
    const mine = await anonymousToken(emulator);
    const theirs = await anonymousToken(emulator);
    const sign = (token: string, fileId?: string) =>
      signedCall(
        emulator,
        'serverless.file.resource.generateProximalSign',
        { env: 'public', filename: 'a.txt', size: 1, ...(fileId ? { fileId } : {}) },
        { token },
      );
    const ticket = (await sign(mine, 'shared/report.txt')).data as { id: string; ossPath: string };
    expect(ticket.ossPath).toBe(`${emulator.spaceId}/shared/report.txt`);

    const stolen = await sign(theirs, 'shared/report.txt');
    expect(stolen.error?.code).toBe('FileAccessDenied');
    // My own file may be signed again (a re-upload), and its record still belongs to me.
    expect((await sign(mine, 'shared/report.txt')).success).toBe(true);

    const report = await signedCall(
      emulator,
      'serverless.file.resource.report',
      { id: ticket.id, contentType: 'text/plain\r\nX-Injected: 1' },
      { token: mine },
    );
    expect(report.error?.code).toBe('InvalidParameter');
  });
});
