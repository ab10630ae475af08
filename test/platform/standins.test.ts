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
  it('§1.2: {key, data} objects; a full store RETURNS {error: 12}, a long value {error: 14}; success:false only on Android', () => {
    for (const android of [false, true]) {
      const world = alipayStandIn({ android });
      const { my } = world;
      expect(my.getStorageSync({ key: 'missing' })).toEqual({ data: null });
      expect(my.setStorageSync({ key: 'k', data: 'v' })).toEqual({ success: true });
      expect(my.getStorageSync({ key: 'k' })).toEqual({ data: 'v' });
      const extra = android ? { success: false } : {};
      expect(my.setStorageSync({ key: 'big', data: 'x'.repeat(200 * KB) })).toEqual({ error: 14, errorMessage: 'data长度超限', ...extra });
      world.fillStorage();
      expect(my.setStorageSync({ key: 'more', data: 'x'.repeat(KB) })).toEqual({ error: 12, errorMessage: '存储总大小达到上限', ...extra });
      expect(my.getStorageInfoSync()).toMatchObject({ limitSize: 10 * 1024 });
    }
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
    expect(ok).toEqual({ data: { success: true }, status: 200, headers: { 'content-type': 'application/json' } });
  });
});

describe('the dd stand-in', () => {
  it('§3: httpRequest only, headers, form-encoded by default; no off functions (not documented)', () => {
    const world = dingtalkStandIn();
    expect('request' in world.dd).toBe(false);
    expect(typeof world.dd.httpRequest).toBe('function');
    expect('offNetworkStatusChange' in world.dd).toBe(false);
    expect('offAppShow' in world.dd).toBe(false);
    expect(world.dd.setStorageSync({ key: 'big', data: 'x'.repeat(200 * KB) })).toEqual({ error: 14, errorMessage: 'data长度超限' });
  });

  it('§2.4: a refused connection fails with {error: 12}, an HTTP error status with {error: 19}', async () => {
    const world = dingtalkStandIn();
    const refused = await new Promise((resolve) => world.dd.httpRequest({ url: 'http://127.0.0.1:9/', method: 'POST', data: '{}', complete: resolve }));
    expect(refused).toEqual({ error: 12, errorMessage: '网络出错' });
    const emulator = await createEmulator({ port: 0 });
    try {
      const notFound = await new Promise((resolve) => world.dd.httpRequest({ url: `${emulator.endpoint}/nothing-here`, method: 'POST', data: '{}', complete: resolve }));
      expect(notFound).toEqual({ error: 19, errorMessage: 'http status error', status: 404 });
    } finally {
      await emulator.stop();
    }
  });
});
