import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectPlatform } from '../../src/platform/detect';
import { alipayStandIn } from './standins/alipay';
import { dingtalkStandIn } from './standins/dingtalk';
import { wechatStandIn } from './standins/wechat';
import { windowStandIn } from './standins/web';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('detectPlatform', () => {
  it('is Node when no other runtime is there', () => {
    expect(detectPlatform().name).toBe('node');
  });

  it('checks dd, then wx, then my, as the official SDK does', () => {
    vi.stubGlobal('my', alipayStandIn().my);
    expect(detectPlatform().name).toBe('alipay');
    vi.stubGlobal('wx', wechatStandIn().wx);
    expect(detectPlatform().name).toBe('wechat');
    vi.stubGlobal('dd', dingtalkStandIn().dd);
    expect(detectPlatform().name).toBe('dingtalk');
  });

  it('ignores a global that is defined but empty', () => {
    vi.stubGlobal('dd', {});
    vi.stubGlobal('wx', wechatStandIn().wx);
    expect(detectPlatform().name).toBe('wechat');
  });

  it('is the web when window and document exist', () => {
    const world = windowStandIn();
    vi.stubGlobal('window', world.window);
    vi.stubGlobal('document', world.window.document);
    expect(detectPlatform().name).toBe('web');
    vi.stubGlobal('my', alipayStandIn().my);
    expect(detectPlatform().name).toBe('alipay');
  });
});
