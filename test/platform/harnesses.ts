import { alipay } from '../../src/platform/alipay';
import { dingtalk } from '../../src/platform/dingtalk';
import { fetchSdkAdapter, web } from '../../src/platform/web';
import { wechat } from '../../src/platform/wechat';
import type { FailureCase, PlatformHarness, World } from './platform.contract';
import { alipayStandIn, type AlipayStandInOptions } from './standins/alipay';
import { KB, MB, type MiniProgramControls } from './standins/common';
import { dingtalkStandIn } from './standins/dingtalk';
import { wechatStandIn, WECHAT_INTERRUPTED, WECHAT_NETWORK_CHANGE, WECHAT_OFFLINE, WECHAT_TIMEOUT } from './standins/wechat';
import { windowStandIn } from './standins/web';

const fail = (
  controls: MiniProgramControls,
  name: string,
  payload: Record<string, unknown>,
  platform: FailureCase['platform'],
  final?: FailureCase['final'],
): FailureCase => ({
  name,
  inject: () => controls.failNextRequest(payload),
  platform,
  ...(final === undefined ? {} : { final }),
});

/** §2.4: what `wx.request` fails with, and what each must become. */
function wechatFailures(c: MiniProgramControls): FailureCase[] {
  return [
    fail(c, 'errno 600001 network change', WECHAT_NETWORK_CHANGE, 'OFFLINE'),
    fail(c, 'request:fail timeout (devtools)', WECHAT_TIMEOUT, 'TIMEOUT'),
    fail(c, 'localized timeout 请求超时', { errMsg: 'request:fail 请求超时。' }, 'TIMEOUT'),
    fail(c, 'localized timeout 請求逾時', { errMsg: 'request:fail 請求逾時。' }, 'TIMEOUT'),
    fail(c, 'interrupted after 5 s hidden', WECHAT_INTERRUPTED, 'OFFLINE'),
    fail(c, 'errno 600002 url not in domain list', { errMsg: 'request:fail url not in domain list', errno: 600002 }, 'REJECTED'),
    fail(c, 'offline, localized (errno 600000)', WECHAT_OFFLINE, undefined, 'OFFLINE'),
    fail(c, 'network interrupted, localized (errno 600003)', { errMsg: 'request:fail 网络连接已中断。', errno: 600003 }, undefined, 'OFFLINE'),
    // The SDK only recognises errMsg starting with "request:fail": this failure reaches the caller as a success.
    fail(c, 'createRequestTask:fail in suspend state', { errMsg: 'createRequestTask:fail network api interrupted in suspend state' }, 'resolves'),
  ];
}

/** §2.4: what `my.request` / `dd.httpRequest` fail with, and what each must become. */
function alipayFailures(c: MiniProgramControls): FailureCase[] {
  return [
    fail(c, 'error 12 network', { error: 12, errorMessage: '网络出错' }, 'OFFLINE'),
    fail(c, 'error 13 timeout', { error: 13, errorMessage: '超时' }, 'TIMEOUT'),
    fail(c, 'error 11 domain not whitelisted', { error: 11, errorMessage: '无权跨域' }, 'REJECTED'),
    fail(c, 'error 14 not JSON', { error: 14, errorMessage: 'JSON parse data error' }, 'UNAVAILABLE'),
    fail(c, 'error 19 HTTP error', { error: 19, errorMessage: 'http status error' }, 'UNAVAILABLE'),
    fail(c, 'error 20 stopped / rate-limited', { error: 20, errorMessage: '请求已被停止' }, 'UNAVAILABLE'),
    // With the body included, the SDK's own JSON.parse throws and it rejects with a TypeError.
    fail(
      c,
      'error 14 with the non-JSON body attached',
      { error: 14, errorMessage: 'JSON parse data error', status: 200, data: '<html>portal</html>' },
      undefined,
      'UNAVAILABLE',
    ),
    // Codes outside 11/12/13/14/19/20 are not failures to the SDK: the call resolves with an empty answer.
    fail(c, 'error 23 proxy failure', { error: 23, errorMessage: 'proxy error' }, 'resolves'),
  ];
}

function alipayHarness(name: string, variant: AlipayStandInOptions): PlatformHarness {
  return {
    name,
    spell: { wifi: ['WIFI', 'Wi-Fi'], '4g': ['4G'], none: ['NOTREACHABLE', 'NONE'] },
    asyncNetworkAnswer: true,
    networkTypes: true,
    removesListeners: true,
    bigRecordBytes: 300 * KB,
    world({ online }): World {
      const s = alipayStandIn({ ...variant, network: online ? 'WIFI' : 'NOTREACHABLE' });
      return { controls: s, sdkApp: s.my, platform: (o = {}) => alipay(s.my, o), sentCount: () => s.http.sent.length, failures: alipayFailures(s) };
    },
  };
}

/** The platforms under the contract, each over its stand-in. */
export const HARNESSES: PlatformHarness[] = [
  alipayHarness('alipay', {}),
  // What older clients answer: no `success` on a failed write, `{ APDataStorage }` for a read, `{ error: 11 }` for a missing key.
  alipayHarness('alipay-legacy', { omitSuccess: true, legacyAnswer: true, missingKey: 'error' }),
  {
    name: 'wechat',
    spell: { wifi: ['wifi'], '4g': ['4g'], none: ['none'] },
    asyncNetworkAnswer: true,
    networkTypes: true,
    removesListeners: true,
    bigRecordBytes: 1.5 * MB,
    world({ online }): World {
      const s = wechatStandIn({ network: online ? 'wifi' : 'none' });
      return { controls: s, sdkApp: s.wx, platform: (o = {}) => wechat(s.wx, o), sentCount: () => s.http.sent.length, failures: wechatFailures(s) };
    },
  },
  {
    name: 'dingtalk',
    // Its stand-in answers a missing key with { error: 11 }; dingtalk-throwing throws instead.
    spell: { wifi: ['WIFI', 'Wi-Fi'], '4g': ['4G'], none: ['NOTREACHABLE'] },
    asyncNetworkAnswer: true,
    networkTypes: true,
    removesListeners: false,
    bigRecordBytes: 300 * KB,
    world({ online }): World {
      const s = dingtalkStandIn({ network: online ? 'WIFI' : 'NOTREACHABLE' });
      return { controls: s, sdkApp: s.dd, platform: (o = {}) => dingtalk(s.dd, o), sentCount: () => s.http.sent.length, failures: alipayFailures(s) };
    },
  },
  {
    name: 'dingtalk-throwing',
    spell: { wifi: ['WIFI', 'Wi-Fi'], '4g': ['4G'], none: ['NOTREACHABLE'] },
    asyncNetworkAnswer: true,
    networkTypes: true,
    removesListeners: false,
    bigRecordBytes: 300 * KB,
    world({ online }): World {
      const s = dingtalkStandIn({ network: online ? 'WIFI' : 'NOTREACHABLE', missingKey: 'throw' });
      return { controls: s, sdkApp: s.dd, platform: (o = {}) => dingtalk(s.dd, o), sentCount: () => s.http.sent.length, failures: alipayFailures(s) };
    },
  },
  {
    name: 'web',
    spell: { wifi: ['online'], '4g': ['online'], none: ['offline'] },
    asyncNetworkAnswer: false,
    networkTypes: false,
    removesListeners: true,
    bigRecordBytes: 300 * KB,
    world({ online }): World {
      const s = windowStandIn({ online });
      const reject = (name: string, message: string): FailureCase => ({ name, inject: () => s.failNextFetch(new TypeError(message)), platform: 'OFFLINE' });
      return {
        controls: s,
        sdkApp: fetchSdkAdapter(s.window),
        platform: (o = {}) => web(s.window, o),
        sentCount: () => s.sent.length,
        failures: [
          reject('Chrome: Failed to fetch', 'Failed to fetch'),
          reject('Firefox: NetworkError', 'NetworkError when attempting to fetch resource.'),
          reject('Safari: Load failed', 'Load failed'),
          { name: 'no answer before the timeout', inject: () => s.failNextFetch('hang'), after: () => s.fireTimers(), platform: 'TIMEOUT' },
        ],
      };
    },
  },
];
