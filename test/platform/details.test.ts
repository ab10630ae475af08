import { afterEach, describe, expect, it, vi } from 'vitest';
import { MpsyncError } from '../../src/core/errors';
import { alipay, alipayKvPort, classifyAlipayError } from '../../src/platform/alipay';
import { dingtalk } from '../../src/platform/dingtalk';
import { normalizeNetworkType, readNetworkAnswer } from '../../src/platform/mini-program';
import { classifyWebError, web } from '../../src/platform/web';
import { classifyWechatError, wechat, wechatKvPort } from '../../src/platform/wechat';
import { codeOf, put, records } from '../store/fixtures';
import { settle } from './platform.contract';
import { alipayStandIn } from './standins/alipay';
import { StandInStore } from './standins/common';
import { dingtalkStandIn } from './standins/dingtalk';
import { wechatStandIn } from './standins/wechat';
import { windowStandIn } from './standins/web';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('network values', () => {
  it('normalises every documented spelling', () => {
    const cases: [unknown, string][] = [
      ['wifi', 'wifi'],
      ['WIFI', 'wifi'],
      ['Wi-Fi', 'wifi'],
      ['none', 'none'],
      ['NOTREACHABLE', 'none'],
      ['NONE', 'none'],
      ['2g', '2g'],
      ['3G', '3g'],
      ['4g', '4g'],
      ['5G', '5g'],
      ['WWAN', 'wwan'],
      ['UNKNOWN', 'unknown'],
      ['unknown', 'unknown'],
      [undefined, 'unknown'],
    ];
    for (const [spelled, normal] of cases) expect(normalizeNetworkType(spelled), String(spelled)).toBe(normal);
  });

  it('reads isConnected, then networkAvailable, then the type', () => {
    expect(readNetworkAnswer({ networkType: 'none' })).toEqual({ online: false, type: 'none' });
    expect(readNetworkAnswer({ networkType: '4g' })).toEqual({ online: true, type: '4g' });
    expect(readNetworkAnswer({ networkAvailable: true, networkType: 'UNKNOWN' })).toEqual({ online: true, type: 'unknown' });
    expect(readNetworkAnswer({ isConnected: false, networkType: 'WIFI' })).toEqual({ online: false, type: 'none' });
  });

  it('an event that arrives before the first answer wins over the older answer', async () => {
    const world = wechatStandIn({ network: 'wifi' });
    const platform = wechat(world.wx);
    const heard: boolean[] = [];
    platform.onNetworkChange((online) => heard.push(online));
    world.setNetwork('none');
    await settle();
    expect(platform.isOnline()).toBe(false);
    expect(heard).toEqual([false]);
  });

  it('never removes the app’s own listeners (WeChat’s off() without a function would)', () => {
    const world = wechatStandIn();
    world.wx.onNetworkStatusChange?.(() => undefined);
    world.wx.onAppShow?.(() => undefined);
    const platform = wechat(world.wx);
    platform.onNetworkChange(() => undefined)();
    platform.onAppShow(() => undefined)();
    expect(world.listenerCount('network')).toBe(1);
    expect(world.listenerCount('appShow')).toBe(1);
  });
});

describe('classification of raw payloads and of what is not a network failure', () => {
  it('WeChat: errno decides when present; texts count only in API failures', () => {
    expect(classifyWechatError({ errMsg: 'request:fail', errno: 600001 })).toBe('OFFLINE');
    expect(classifyWechatError({ errMsg: 'request:fail', errno: 600002 })).toBe('REJECTED');
    expect(classifyWechatError({ errMsg: 'request:fail', errno: 600004 })).toBe('OFFLINE');
    expect(classifyWechatError(new Error('createRequestTask:fail network api interrupted in suspend state'))).toBe('OFFLINE');
    expect(classifyWechatError({ code: 'FunctionTimeout', message: 'the function timed out' })).toBeUndefined();
    expect(classifyWechatError({ code: 'PermissionDenied', message: 'no permission' })).toBeUndefined();
  });

  it('Alipay/DingTalk: raw numeric errors and the SDK’s 错误码 N', () => {
    expect(classifyAlipayError({ error: 13, errorMessage: '超时' })).toBe('TIMEOUT');
    expect(classifyAlipayError(Object.assign(new Error('接口请求错误: 错误码 20, 请参考对应开放平台文档排查问题'), { code: 'InterfaceRequestError' }))).toBe(
      'UNAVAILABLE',
    );
    expect(classifyAlipayError({ error: 2, errorMessage: 'bad parameters' })).toBeUndefined();
    // Without the InterfaceRequestError code a "错误码" in a server message is not a request error.
    expect(classifyAlipayError({ code: 'InvalidParameter', message: '错误码 12' })).toBeUndefined();
  });

  it('web: fetch rejections, timeouts, and the missing third-party login', () => {
    expect(classifyWebError(new TypeError('Failed to fetch'))).toBe('OFFLINE');
    expect(classifyWebError(new DOMException('signal timed out', 'TimeoutError'))).toBe('TIMEOUT');
    expect(classifyWebError(new TypeError('Cannot read properties of undefined (reading "code")'))).toBeUndefined();
  });
});

describe('storage ports', () => {
  it('WeChat: a write failure that is not about size is STORAGE_FAILED', () => {
    const port = wechatKvPort({
      getStorageSync: () => '',
      setStorageSync: () => {
        throw new Error('setStorageSync:fail internal error');
      },
      removeStorageSync: () => undefined,
      getStorageInfoSync: () => ({ keys: [] }),
    });
    expect(port.get('missing')).toBeUndefined();
    expect(() => port.set('k', 'v')).toThrow(expect.objectContaining({ code: 'STORAGE_FAILED' }) as MpsyncError);
  });

  it('Alipay: 12 and 14 are QUOTA_EXCEEDED, another error or a bare success:false STORAGE_FAILED', () => {
    const answers: unknown[] = [
      { error: 12 },
      { error: 14, success: false },
      { error: 10, errorMessage: 'io' },
      { success: false },
      { success: true },
      undefined,
    ];
    const port = alipayKvPort({
      getStorageSync: () => ({ data: null }),
      setStorageSync: () => answers.shift(),
      removeStorageSync: () => ({ success: true }),
      getStorageInfoSync: () => ({ keys: [] }),
    });
    const codes = answers.slice().map(() => {
      try {
        port.set('k', 'v');
        return 'stored';
      } catch (error) {
        return (error as MpsyncError).code;
      }
    });
    expect(codes).toEqual(['QUOTA_EXCEEDED', 'QUOTA_EXCEEDED', 'STORAGE_FAILED', 'STORAGE_FAILED', 'stored', 'stored']);
    expect(port.get('missing')).toBeUndefined();
  });

  it('Alipay: a store written by a client answering {data} opens on one answering {APDataStorage}, unsynced records and all', async () => {
    const store = new StandInStore();
    const first = alipay(alipayStandIn({ store }).my).defaultStorage();
    await first.commit('todos', { puts: [put('a', { unsynced: true }), put('b', { big: 'x'.repeat(300 * 1024) })], deletes: [] });
    const keys = store.keys().sort();
    const legacy = alipay(alipayStandIn({ store, legacyAnswer: true }).my).defaultStorage();
    expect(await records(legacy, 'todos')).toEqual([
      ['a', { unsynced: true }],
      ['b', { big: 'x'.repeat(300 * 1024) }],
    ]);
    expect(store.keys().sort()).toEqual(keys);
  });

  it('Alipay/DingTalk reads: {error: 11} and a throw for an unlisted key are "missing"; any other error, or a throw for a listed key, is STORAGE_FAILED', () => {
    const answers: Array<() => unknown> = [
      () => ({ error: 11, errorMessage: '查无此key' }),
      () => ({ error: 3, errorMessage: 'io' }),
      () => {
        throw new Error('查无此key');
      },
      () => {
        throw new Error('io');
      },
      () => ({ APDataStorage: 'v' }),
    ];
    const port = alipayKvPort({
      getStorageSync: () => (answers.shift() as () => unknown)(),
      setStorageSync: () => ({ success: true }),
      removeStorageSync: () => ({ success: true }),
      getStorageInfoSync: () => ({ keys: ['listed'] }),
    });
    const read = (key: string) => {
      try {
        return port.get(key) ?? 'missing';
      } catch (error) {
        return (error as MpsyncError).code;
      }
    };
    expect([read('k'), read('k'), read('unlisted'), read('listed'), read('k')]).toEqual(['missing', 'STORAGE_FAILED', 'missing', 'STORAGE_FAILED', 'v']);
  });

  it('DingTalk: each corpId has its own store in the one per-app storage', async () => {
    const world = dingtalkStandIn();
    const a = dingtalk(world.dd, { corpId: 'ding-a' }).defaultStorage();
    const b = dingtalk(world.dd, { corpId: 'ding-b' }).defaultStorage();
    const shared = dingtalk(world.dd).defaultStorage();
    await a.commit('todos', { puts: [put('x', { corp: 'a' })], deletes: [] });
    await b.commit('todos', { puts: [put('x', { corp: 'b' })], deletes: [] });
    await shared.commit('todos', { puts: [put('y', { corp: null })], deletes: [] });
    expect(await records(dingtalk(world.dd, { corpId: 'ding-a' }).defaultStorage(), 'todos')).toEqual([['x', { corp: 'a' }]]);
    expect(await records(dingtalk(world.dd, { corpId: 'ding-b' }).defaultStorage(), 'todos')).toEqual([['x', { corp: 'b' }]]);
    expect(await records(dingtalk(world.dd).defaultStorage(), 'todos')).toEqual([['y', { corp: null }]]);
    expect(() => dingtalk(world.dd, { corpId: '' })).toThrow(MpsyncError);
  });
});

describe('defaults and the web page lifecycle', () => {
  it('alipay(), wechat(), dingtalk() use the global object, and say so when it is missing', () => {
    expect(() => alipay()).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as MpsyncError);
    expect(() => wechat()).toThrow(MpsyncError);
    expect(() => dingtalk()).toThrow(MpsyncError);
    const world = alipayStandIn();
    vi.stubGlobal('my', world.my);
    expect(alipay().name).toBe('alipay');
  });

  it('web: a tab closing fires visibilitychange and pagehide, the app hears one hide', () => {
    const world = windowStandIn();
    const platform = web(world.window);
    const events: string[] = [];
    platform.onAppHide(() => events.push('hide'));
    platform.onAppShow(() => events.push('show'));
    world.hide();
    world.pagehide();
    world.show();
    world.pagehide();
    expect(events).toEqual(['hide', 'show', 'hide']);
  });

  it('web: without IndexedDB the default storage says so', async () => {
    const world = windowStandIn();
    const { indexedDB: _absent, ...page } = world.window;
    const platform = web(page);
    expect(await codeOf(Promise.resolve().then(() => platform.defaultStorage()))).toBe('STORAGE_FAILED');
  });
});
