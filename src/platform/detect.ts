import { MpsyncError } from '../core/errors';
import { alipay, type AlipayApi } from './alipay';
import { dingtalk, type DingTalkApi } from './dingtalk';
import { node } from './node';
import type { Platform } from './platform';
import { web } from './web';
import { wechat, type WechatApi } from './wechat';

declare const dd: unknown;
declare const wx: unknown;
declare const my: unknown;

/**
 * The platform mpsync runs on, from the runtime's globals, checked in the official SDK's order:
 * `dd` (DingTalk), `wx` (WeChat), `my` (Alipay) — each only when defined and non-empty, as the SDK
 * does, since some runtimes define more than one — then a browser (`window` with `document`),
 * then Node.
 *
 * Mini-program bundles should call `alipay()`, `wechat()` or `dingtalk()` directly: this function
 * also reaches the Node platform, which imports Node built-ins.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` when the runtime is not one mpsync can detect; pass `platform` then
 * @example
 * const client = await createSyncClient({ mpServerless, platform: detectPlatform(), collections: { todos: {} } });
 */
export function detectPlatform(): Platform {
  if (typeof dd !== 'undefined' && present(dd)) return dingtalk(dd as DingTalkApi);
  if (typeof wx !== 'undefined' && present(wx)) return wechat(wx as WechatApi);
  if (typeof my !== 'undefined' && present(my)) return alipay(my as AlipayApi);
  if (typeof window !== 'undefined' && typeof document !== 'undefined') return web(window);
  if (typeof process !== 'undefined' && typeof process.versions?.node === 'string') return node();
  throw new MpsyncError('INVALID_ARGUMENT', 'cannot detect the platform: pass options.platform (alipay(my), wechat(wx), dingtalk(dd), web(), node())');
}

function present(api: unknown): boolean {
  return typeof api === 'object' && api !== null && Object.keys(api).length > 0;
}
