import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { manualClock } from '../helpers/clock';
import { anonymousSdk, newSdk, rejectionOf, signedPost } from '../helpers/sdk';

describe('authorization', () => {
  const clock = manualClock();
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, now: clock, tokenTtlSeconds: 600 });
  });
  afterAll(() => emulator.stop());

  it('gives every anonymous authorization a new user id', async () => {
    const sdk = await anonymousSdk(emulator);
    const first = (await sdk.user.getInfo()).result;
    await sdk.user.authorize({ authType: 'anonymous' });
    const second = (await sdk.user.getInfo()).result;
    expect(first).toMatchObject({ authType: 'anonymous' });
    expect(first.userId).toMatch(/^anon-[0-9a-f]{20}$/);
    expect(second.userId).not.toBe(first.userId);
  });

  it('maps a third-party auth code to a stable user id per provider', async () => {
    const login = async (authCode: string, authProvider: string) => {
      const sdk = newSdk(emulator, { authCode });
      expect(await sdk.user.authorize({ authProvider })).toEqual({ success: true });
      return (await sdk.user.getInfo({ authProvider })).result;
    };
    const a1 = await login('code-a', 'alipay_openapi');
    const a2 = await login('code-a', 'alipay_openapi');
    const b = await login('code-b', 'alipay_openapi');
    const w = await login('code-a', 'wechat_openapi');
    expect(a1).toEqual({ userId: a2.userId, authType: 'openapi', authProvider: 'alipay_openapi' });
    expect(b.userId).not.toBe(a1.userId);
    expect(w.userId).toMatch(/^wechat-/);
    await login('code-d', 'dingtalk_openapi');
  });

  it('refuses an unknown provider or a missing auth code', async () => {
    expect(await signedPost(emulator, 'serverless.auth.user.authorize', { authProvider: 'nope', clientIdentifier: 'a', authCode: 'c' })).toMatchObject({
      success: false,
      error: { code: 'InvalidParameter' },
    });
    expect(await signedPost(emulator, 'serverless.auth.user.authorize', { authProvider: 'alipay_openapi', clientIdentifier: 'a' })).toMatchObject({
      success: false,
      error: { code: 'InvalidParameter' },
    });
    expect(await signedPost(emulator, 'serverless.auth.user.anonymousAuthorize', {})).toMatchObject({ success: false, error: { code: 'InvalidParameter' } });
  });

  it('answers an expired token with GATEWAY_INVALID_TOKEN, so the SDK re-authorizes and retries once', async () => {
    const sdk = await anonymousSdk(emulator);
    const todos = sdk.db.collection('expiry');
    await todos.insertOne({ _id: 'before' });
    const staleToken = sdk.user.accessToken as string;
    const before = (await sdk.user.getInfo()).result.userId;
    clock.advance(601_000);
    expect(
      await signedPost(emulator, 'serverless.db.default.execute', { collection: 'expiry', command: 'count', query: {}, options: {} }, staleToken),
    ).toMatchObject({ success: false, error: { code: 'GATEWAY_INVALID_TOKEN' } });
    // The SDK's own retry path: the first attempt fails with the token error, the retry lands.
    expect(await todos.insertOne({ _id: 'after' })).toMatchObject({ success: true, affectedDocs: 1 });
    const after = (await sdk.user.getInfo()).result.userId;
    expect(after).not.toBe(before);
    expect((await todos.count({})).result).toBe(2);
  });

  it('refuses a token issued by another emulator, a malformed token and a missing one', async () => {
    const other = await createEmulator({ port: 0, clientSecret: 'another-secret', now: clock });
    try {
      const foreign = (await anonymousSdk(other)).user.accessToken as string;
      const params = { collection: 'x', command: 'count', query: {}, options: {} };
      for (const token of [foreign, 'garbage', `${foreign.split('.')[0]}.${'A'.repeat(43)}`, undefined]) {
        expect(await signedPost(emulator, 'serverless.db.default.execute', params, token)).toMatchObject({
          success: false,
          error: { code: 'GATEWAY_INVALID_TOKEN' },
        });
      }
    } finally {
      await other.stop();
    }
  });
});

describe('tokens that keep expiring', () => {
  it('fail with UnauthorizedError after the one retry', async () => {
    let t = Date.UTC(2026, 0, 1);
    // Every reading of the clock is 2 s later, so a 1-second token is stale before it is used.
    const emulator = await createEmulator({ port: 0, tokenTtlSeconds: 1, now: () => (t += 2000) });
    try {
      const sdk = await anonymousSdk(emulator);
      const error = await rejectionOf(() => sdk.db.collection('x').count({}));
      expect(error.code).toBe('UnauthorizedError');
    } finally {
      await emulator.stop();
    }
  });
});
