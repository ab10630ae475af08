import { alipay, type AlipayApi } from './alipay';
import { dingtalk, type DingTalkApi } from './dingtalk';
import type { MiniProgramPlatform } from './mini-program';
import { wechat, type WechatApi } from './wechat';

declare const dd: unknown;
declare const wx: unknown;
declare const my: unknown;

/**
 * The mini-program runtime mpsync runs in, from its global, checked in the official SDK's order:
 * `dd` (DingTalk), `wx` (WeChat), `my` (Alipay), each only when defined and non-empty, as the SDK
 * does, since some runtimes define more than one. `undefined` outside a mini-program.
 *
 * @example
 * const platform = detectMiniProgram() ?? node();
 */
export function detectMiniProgram(): MiniProgramPlatform | undefined {
  if (typeof dd !== 'undefined' && present(dd)) return dingtalk(dd as DingTalkApi);
  if (typeof wx !== 'undefined' && present(wx)) return wechat(wx as WechatApi);
  if (typeof my !== 'undefined' && present(my)) return alipay(my as AlipayApi);
  return undefined;
}

function present(api: unknown): boolean {
  return typeof api === 'object' && api !== null && Object.keys(api).length > 0;
}
