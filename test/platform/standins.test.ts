import { describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator';
import { alipayStandIn } from './standins/alipay';
import { KB, MB } from './standins/common';
import { dingtalkStandIn } from './standins/dingtalk';
import { wechatStandIn } from './standins/wechat';

// The stand-ins are only worth what they reproduce: these pin the documented runtime facts
// (miniprogram-platforms.md) they stand for, independently of mpsync's code.

describe('the wx stand-in', () => {
  it('§1.2: key and value as two arguments, "" for a missing key, throws when too long or full, sizes in KB', () => {
    const world = wechatStandIn();
    const { wx } = world;
    expect(wx.getStorageSync('missing')).toBe('');
    wx.setStorageSync('k', 'v');
    expect(wx.getStorageSync('k')).toBe('v');
    expect(() => wx.setStorageSync('big', 'x'.repeat(MB + 1))).toThrow('setStorageSync:fail exceed storage item max length');
    world.fillStorage();
    expect(() => wx.setStorageSync('more', 'x'.repeat(KB))).toThrow('setStorageSync:fail exceed storage max size 10Mb');
    const info = wx.getStorageInfoSync() as { keys: string[]; currentSize: number; limitSize: number };
    expect(info.limitSize).toBe(10 * 1024);
    expect(info.currentSize).toBeGreaterThan(10 * 1024 - 2);
    expect(info.keys).toContain('k');
  });

  it('§2.1/§2.2: lowercase network types; off(fn) removes that function only, off() removes all', async () => {
    const world = wechatStandIn({ network: '4g' });
    const answers: unknown[] = [];
    world.wx.getNetworkType?.({ success: (r) => answers.push(r) });
    expect(answers).toEqual([]);
    await Promise.resolve();
    expect(answers).toEqual([expect.objectContaining({ networkType: '4g' })]);
    const events: unknown[] = [];
    const mine = (e: unknown) => events.push(e);
    world.wx.onNetworkStatusChange?.(mine);
    world.wx.onNetworkStatusChange?.(() => events.push('app'));
    world.wx.offNetworkStatusChange?.((e: unknown) => events.push(e));
    world.setNetwork('none');
    expect(events).toEqual([{ isConnected: false, networkType: 'none' }, 'app']);
    world.wx.offNetworkStatusChange?.(mine);
    expect(world.listenerCount('network')).toBe(1);
    (world.wx.offNetworkStatusChange as () => void)();
    expect(world.listenerCount('network')).toBe(0);
  });
});

describe('the my stand-in', () => {
  it('§1.2: {key, data} objects; a full store RETURNS {success: false, error: 12}, a long value {success: false, error: 14} (success omitted on iOS and in the IDE)', () => {
    for (const omitSuccess of [false, true]) {
      const world = alipayStandIn({ omitSuccess });
      const { my } = world;
      expect(my.getStorageSync({ key: 'missing' })).toEqual({ data: null });
      expect(my.setStorageSync({ key: 'k', data: 'v' })).toEqual({ success: true });
      expect(my.getStorageSync({ key: 'k' })).toEqual({ data: 'v' });
      const extra = omitSuccess ? {} : { success: false };
      expect(my.setStorageSync({ key: 'big', data: 'x'.repeat(200 * KB) })).toEqual({ error: 14, errorMessage: 'data长度超限', ...extra });
      world.fillStorage();
      expect(my.setStorageSync({ key: 'more', data: 'x'.repeat(KB) })).toEqual({ error: 12, errorMessage: '存储总大小达到上限', ...extra });
      expect(my.getStorageInfoSync()).toMatchObject({ limitSize: 10 * 1024 });
    }
  });

  it('§1.2: older clients answer {APDataStorage}; a missing key may answer {error: 11} or throw', () => {
    const legacy = alipayStandIn({ legacyAnswer: true }).my;
    legacy.setStorageSync({ key: 'k', data: 'v' });
    expect(legacy.getStorageSync({ key: 'k' })).toEqual({ APDataStorage: 'v' });
    expect(alipayStandIn({ missingKey: 'error' }).my.getStorageSync({ key: 'missing' })).toEqual({ error: 11, errorMessage: '查无此key' });
    expect(() => alipayStandIn({ missingKey: 'throw' }).my.getStorageSync({ key: 'missing' })).toThrow('查无此key');
  });

  it('§2.2: onAppShow hears a numeric scene', () => {
    const world = alipayStandIn();
    const shown: unknown[] = [];
    world.my.onAppShow?.((event) => shown.push(event));
    world.show();
    expect(shown).toEqual([{ path: 'pages/index/index', query: {}, scene: 1001 }]);
  });

  it('§2.1/§2.2: {networkAvailable, networkType} answers; off with an anonymous function removes nothing', async () => {
    const world = alipayStandIn({ network: 'NOTREACHABLE' });
    const answers: unknown[] = [];
    world.my.getNetworkType?.({ success: (r) => answers.push(r) });
    await Promise.resolve();
    expect(answers).toEqual([{ networkAvailable: false, networkType: 'NOTREACHABLE' }]);
    const shows: string[] = [];
    world.my.onAppShow?.(() => shows.push('show'));
    world.my.offAppShow?.(() => shows.push('show'));
    world.show();
    expect(shows).toEqual(['show']);
    expect(world.listenerCount('appShow')).toBe(1);
  });

  it('§2.4: a request answers {data, status, headers}; offline fails {error: 12}', async () => {
    const world = alipayStandIn({ network: 'NOTREACHABLE' });
    const result = await new Promise((resolve) => world.my.request({ url: 'http://127.0.0.1:9/x', method: 'POST', data: {}, complete: resolve }));
    expect(result).toEqual({ error: 12, errorMessage: '网络出错' });
    world.setNetwork('WIFI');
    world.respondWith(() => ({ success: true }));
    const ok = await new Promise((resolve) => world.my.request({ url: 'http://127.0.0.1:9/x', method: 'POST', data: {}, dataType: 'json', complete: resolve }));
    const headers = { 'content-type': 'application/json' };
    expect(ok).toEqual({ data: { success: true }, status: 200, headers, statusCode: 200, header: headers });
  });

  it('§2.4: an HTTP error status fails with {error: 19, errorMessage: "http status error"}, with the answer attached or answered as a 2xx in the other variants', async () => {
    const emulator = await createEmulator({ port: 0 });
    const send = (options: Parameters<typeof alipayStandIn>[0]) =>
      new Promise<Record<string, unknown>>((resolve) =>
        alipayStandIn(options).my.request({ url: `${emulator.endpoint}/nothing-here`, method: 'POST', data: {}, complete: resolve }),
      );
    try {
      expect(await send({})).toEqual({ error: 19, errorMessage: 'http status error' });
      expect(await send({ httpErrorBody: true })).toMatchObject({
        error: 19,
        errorMessage: 'http status error',
        status: 404,
        data: expect.anything() as unknown,
      });
      const answered = await send({ httpErrorsAsAnswers: true });
      expect(answered).toMatchObject({ status: 404, statusCode: 404 });
      expect(answered).not.toHaveProperty('error');
    } finally {
      await emulator.stop();
    }
  });
});

describe('the dd stand-in', () => {
  it('§3: httpRequest only, headers, form-encoded by default; no off functions (not documented)', () => {
    const world = dingtalkStandIn();
    expect('request' in world.dd).toBe(false);
    expect(typeof world.dd.httpRequest).toBe('function');
    expect('offNetworkStatusChange' in world.dd).toBe(false);
    expect('offAppShow' in world.dd).toBe(false);
    expect(world.dd.setStorageSync({ key: 'big', data: 'x'.repeat(200 * KB) })).toEqual({ success: false, error: 14, errorMessage: 'data长度超限' });
  });

  it('§1.2: a missing key answers {error: 11} (or throws, in the other variant)', () => {
    expect(dingtalkStandIn().dd.getStorageSync({ key: 'missing' })).toEqual({ error: 11, errorMessage: '查无此key' });
    expect(() => dingtalkStandIn({ missingKey: 'throw' }).dd.getStorageSync({ key: 'missing' })).toThrow('查无此key');
  });

  it('§2.4: a refused connection fails with {error: 12}, an HTTP error status with {error: 19}', async () => {
    const world = dingtalkStandIn();
    const refused = await new Promise((resolve) => world.dd.httpRequest({ url: 'http://127.0.0.1:9/', method: 'POST', data: '{}', complete: resolve }));
    expect(refused).toEqual({ error: 12, errorMessage: '网络出错' });
    const emulator = await createEmulator({ port: 0 });
    try {
      const notFound = await new Promise((resolve) =>
        world.dd.httpRequest({ url: `${emulator.endpoint}/nothing-here`, method: 'POST', data: '{}', complete: resolve }),
      );
      expect(notFound).toEqual({ error: 19, errorMessage: 'http status error' });
      const withBody = await new Promise((resolve) =>
        dingtalkStandIn({ httpErrorBody: true }).dd.httpRequest({ url: `${emulator.endpoint}/nothing-here`, method: 'POST', data: '{}', complete: resolve }),
      );
      expect(withBody).toMatchObject({ error: 19, errorMessage: 'http status error', status: 404 });
    } finally {
      await emulator.stop();
    }
  });
});
