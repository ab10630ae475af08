import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { clientSignature } from '../../src/emulator/auth/signature';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

// node:http, not fetch: a browser's Origin header is what is tested, and fetch may not send it as given.
function call(emulator: Emulator, method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  const url = new URL(path, emulator.endpoint);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const preflight = (emulator: Emulator, origin: string, path = '/client') =>
  call(emulator, 'OPTIONS', path, { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-serverless-sign' });

function signedBody(emulator: Emulator): { body: string; sign: string } {
  const fields = {
    spaceId: emulator.spaceId,
    method: 'serverless.auth.user.anonymousAuthorize',
    params: JSON.stringify({ clientIdentifier: 'cors-test' }),
    timestamp: Date.now(),
  };
  return { body: JSON.stringify(fields), sign: clientSignature(fields, emulator.clientSecret) };
}

describe('CORS: web pages on another origin', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, corsOrigins: ['http://192.168.1.20:5173'] });
  });
  afterAll(() => emulator.stop());

  it('answers the preflight of a page served from this machine, for the SDK headers', async () => {
    for (const origin of ['http://127.0.0.1:8791', 'http://localhost:5173', 'http://[::1]:3000']) {
      const answer = await preflight(emulator, origin);
      expect(answer.status, origin).toBe(204);
      expect(answer.headers).toMatchObject({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'POST, GET',
        'access-control-allow-headers': 'content-type,x-serverless-sign',
      });
      expect(Number(answer.headers['access-control-max-age'])).toBeGreaterThan(0);
    }
  });

  it('lets an allowed page read the answer and its request-id; the call itself works as without CORS', async () => {
    const { body, sign } = signedBody(emulator);
    const answer = await call(
      emulator,
      'POST',
      '/client',
      { origin: 'http://127.0.0.1:8791', 'content-type': 'application/json', 'x-serverless-sign': sign },
      body,
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ success: true, data: { accessToken: expect.any(String) } });
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': 'http://127.0.0.1:8791',
      'access-control-expose-headers': 'request-id',
      vary: 'Origin',
    });
    expect(answer.headers['request-id']).toEqual(expect.any(String));
  });

  it('allows an origin named in corsOrigins, refuses other origins, and sends no CORS headers without an Origin', async () => {
    expect((await preflight(emulator, 'http://192.168.1.20:5173')).status).toBe(204);
    const refused = await preflight(emulator, 'https://example.com');
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(JSON.parse(refused.body)).toMatchObject({
      success: false,
      error: { code: 'InvalidRequest', message: expect.stringContaining('--cors-origin https://example.com') },
    });

    const { body, sign } = signedBody(emulator);
    const foreign = await call(
      emulator,
      'POST',
      '/client',
      { origin: 'https://example.com', 'content-type': 'application/json', 'x-serverless-sign': sign },
      body,
    );
    // The server still answers (CORS is enforced by the browser), but without the header a browser needs to hand it over.
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    const plain = await call(emulator, 'POST', '/client', { 'content-type': 'application/json', 'x-serverless-sign': sign }, body);
    expect(JSON.parse(plain.body)).toMatchObject({ success: true });
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('covers uploads and downloads, never the admin endpoints', async () => {
    expect((await preflight(emulator, 'http://localhost:5173', '/__oss')).status).toBe(204);
    expect((await preflight(emulator, 'http://localhost:5173', '/__cdn/some/file.png')).status).toBe(204);
    // A page of another origin, even on this machine, is refused by the admin endpoints.
    const admin = await call(emulator, 'GET', '/__admin/health', { origin: 'http://localhost:5173' });
    expect(admin.status).toBe(403);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows every origin with corsOrigins: ["*"]', async () => {
    const open = await createEmulator({ port: 0, corsOrigins: ['*'] });
    try {
      expect((await preflight(open, 'https://example.com')).headers['access-control-allow-origin']).toBe('https://example.com');
    } finally {
      await open.stop();
    }
  });
});
