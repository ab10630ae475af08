import { MpsyncError } from '../core/errors';
import { node } from './node';
import type { Platform } from './platform';

/**
 * The platform mpsync runs on, from the runtime's globals.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` when the runtime is not one mpsync can detect; pass `platform` then
 */
export function detectPlatform(): Platform {
  if (typeof process !== 'undefined' && typeof process.versions?.node === 'string') return node();
  throw new MpsyncError('INVALID_ARGUMENT', 'cannot detect the platform: pass options.platform (alipay(my), wechat(wx), dingtalk(dd), web(), node())');
}
