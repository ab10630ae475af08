import { MpsyncError } from '../core/errors';
import { detectBrowserPlatform } from './detect-browser';
import { node } from './node';
import type { Platform } from '../model/platform';

/**
 * The platform mpsync runs on, from the runtime's globals: a mini-program runtime (see
 * {@link detectMiniProgram}), then a browser (`window` with `document`), then Node.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` when the runtime is not one mpsync can detect; pass `platform` then
 * @example
 * const client = await createSyncClient({ mpServerless, platform: detectPlatform(), collections: { todos: {} } });
 */
export function detectPlatform(): Platform {
  const found = detectBrowserPlatform();
  if (found) return found;
  if (typeof process !== 'undefined' && typeof process.versions?.node === 'string') return node();
  throw new MpsyncError('INVALID_ARGUMENT', 'cannot detect the platform: pass options.platform (alipay(my), wechat(wx), dingtalk(dd), web(), node())');
}
