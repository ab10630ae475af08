import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientSignature } from '../../src/emulator/auth/signature';
import { createEmulator, type Emulator } from '../../src/emulator';
import { anonymousSdk, newSdk, rawPost, rejectionOf, type Sdk } from '../helpers/sdk';

describe('request signature', () => {
  it('reproduces the SDK worked examples (HMAC-MD5 over the sorted fields)', () => {
    expect(
      clientSignature(
        {
          spaceId: 'mp-test-space',
          timestamp: 1700000000000,
          method: 'serverless.auth.user.anonymousAuthorize',
          params: '{"clientIdentifier":"test-app-id"}',
        },
        'test-client-secret',
      ),
    ).toBe('9a0abd4eb1a911e2afaf96929014329a');
    expect(
      clientSignature(
        {
          spaceId: 'mp-test-space',
          timestamp: 1700000000000,
          token: 'token-1',
          method: 'serverless.db.default.execute',
          params: '{"collection":"todos","query":{"status":"open"},"options":{},"command":"count"}',
        },
        'test-client-secret',
      ),
    ).toBe('40c37648378205fef903f31b41d27b43');
  });
});

describe('the /client envelope', () => {
  let emulator: Emulator;
  let sdk: Sdk;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, maxBodyBytes: 64 * 1024 });
    sdk = await anonymousSdk(emulator);
  });
  afterAll(() => emulator.stop());

  it('rejects a request signed with the wrong secret and applies nothing', async () => {
    const token = await anonymousSdk(emulator);
    await token.db.collection('signed').insertOne({ _id: 'kept' });
    const forger = newSdk(emulator, {}, { clientSecret: 'not-the-secret' });
    const error = await rejectionOf(() => forger.init({ authType: 'anonymous' }));
    expect(error.error).toMatchObject({ code: 'InvalidSignature' });
    // A signed body whose params were changed after signing is refused too.
    const body = {
      spaceId: emulator.spaceId,
      method: 'serverless.db.default.execute',
      params: JSON.stringify({ collection: 'signed', doc: { _id: 'x' }, options: {}, command: 'insertOne' }),
      timestamp: 1,
    };
    const sign = clientSignature(body, emulator.clientSecret);
    const tampered = { ...body, params: JSON.stringify({ collection: 'signed', doc: { _id: 'y' }, options: {}, command: 'insertOne' }) };
    const answer = await rawPost(emulator, JSON.stringify(tampered), { 'x-serverless-sign': sign });
    expect(answer.json).toMatchObject({ success: false, error: { code: 'InvalidSignature' } });
    expect((await token.db.collection('signed').find({})).result).toEqual([{ _id: 'kept' }]);
  });

  it('answers malformed requests with documented codes and keeps serving', async () => {
    const cases: Array<[string, Record<string, string>, string]> = [
      ['{not json', {}, 'InvalidRequest'],
      ['[1,2]', {}, 'InvalidRequest'],
      [JSON.stringify({ spaceId: 's', method: 'm', timestamp: 1 }), {}, 'InvalidRequest'],
      [JSON.stringify({ spaceId: 's', method: 'm', params: '{}', timestamp: '1' }), {}, 'InvalidRequest'],
      [JSON.stringify({ spaceId: emulator.spaceId, method: 'm', params: '{}', timestamp: 1 }), {}, 'InvalidSignature'],
    ];
    for (const [body, headers, code] of cases) {
      const { status, json } = await rawPost(emulator, body, headers);
      expect(status).toBe(200);
      expect(json).toMatchObject({ success: false, error: { code } });
    }
    expect((await sdk.db.collection('alive').count({})).result).toBe(0);
  });

  it('refuses another space, an unknown method, params that are not an object', async () => {
    const signed = (fields: Record<string, unknown>) => {
      const body = { spaceId: emulator.spaceId, timestamp: Date.now(), ...fields };
      return rawPost(emulator, JSON.stringify(body), { 'x-serverless-sign': clientSignature(body, emulator.clientSecret) });
    };
    expect((await signed({ spaceId: 'other', method: 'serverless.auth.user.anonymousAuthorize', params: '{"clientIdentifier":"a"}' })).json).toMatchObject({
      error: { code: 'InvalidSpace' },
    });
    expect((await signed({ method: 'serverless.nope', params: '{}', token: 'x' })).json).toMatchObject({ error: { code: 'MethodNotFound' } });
    expect((await signed({ method: 'serverless.auth.user.anonymousAuthorize', params: '[1]' })).json).toMatchObject({ error: { code: 'InvalidParameter' } });
    expect((await signed({ method: 'serverless.auth.user.anonymousAuthorize', params: '{oops' })).json).toMatchObject({ error: { code: 'InvalidRequest' } });
    expect((await signed({ method: 'serverless.db.default.execute', params: '{"command":"find","collection":"a"}' })).json).toMatchObject({
      error: { code: 'GATEWAY_INVALID_TOKEN' },
    });
  });

  it('refuses a body over the size limit without applying it', async () => {
    const big = 'x'.repeat(80 * 1024);
    const error = await rejectionOf(() => sdk.db.collection('big').insertOne({ _id: 'big', big }));
    expect(error.code).toBe('RequestTooLarge');
    expect((await sdk.db.collection('big').count({})).result).toBe(0);
  });

  it('answers unknown paths with a JSON 404 and sends a request-id header', async () => {
    const response = await fetch(`${emulator.endpoint}/nothing`);
    expect(response.status).toBe(404);
    expect(response.headers.get('request-id')).toBeTruthy();
    expect(await response.json()).toMatchObject({ success: false, error: { code: 'MethodNotFound' } });
  });

  it('unknown db command and bad arguments answer documented codes', async () => {
    const todos = sdk.db.collection('todos');
    expect((await rejectionOf(() => sdk.network.forward('serverless.db.default.execute', { collection: 'todos', command: 'drop' }))).code).toBe(
      'CommandNotFound',
    );
    expect((await rejectionOf(() => sdk.network.forward('serverless.db.default.execute', { collection: 'system.x', command: 'find' }))).code).toBe(
      'InvalidParameter',
    );
    expect((await rejectionOf(() => sdk.network.forward('serverless.db.default.execute', { collection: 'todos', command: 'insertOne', doc: [1] }))).code).toBe(
      'InvalidParameter',
    );
    expect((await rejectionOf(() => todos.find({ n: { $nope: 1 } }))).code).toBe('InvalidOperator');
    expect((await rejectionOf(() => todos.updateOne({}, { $nope: { n: 1 } }))).code).toBe('InvalidOperator');
    expect((await rejectionOf(() => todos.aggregate([{ $nope: {} }]))).code).toBe('InvalidOperator');
  });
});
