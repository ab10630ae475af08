import { MpsyncError } from '../core/errors';
import { ALIPAY_MAX_VALUE_BYTES, alipayKvPort, classifyAlipayError, type AlipayStorageApi } from './alipay';
import { miniProgramPlatform, quotaOption, type MiniProgramEventApi, type MiniProgramOptions, type MiniProgramPlatform } from './mini-program';

/** What {@link dingtalk} needs of `dd`: Alipay's storage shapes (`{ key, data }` objects). */
export interface DingTalkApi extends AlipayStorageApi, MiniProgramEventApi {}

/** Options of {@link dingtalk}. */
export interface DingTalkOptions extends MiniProgramOptions {
  /**
   * The organisation the app runs for. DingTalk keeps one store per app, not per organisation,
   * so a user of several organisations would otherwise see one cache for all of them. mpsync
   * does not learn it by itself: pass what the app was launched with.
   */
  readonly corpId?: string;
}

declare const dd: DingTalkApi | undefined;

/**
 * The DingTalk platform: Alipay's storage calls and limits on `dd` (DingTalk's own per-key limit
 * is not documented, so Alipay's 200 KB is assumed: entries stay under 180 KB), namespaced by
 * `corpId` when given; network and app events as on Alipay; failed requests classified with
 * Alipay's numeric codes.
 *
 * @throws `MpsyncError` `INVALID_ARGUMENT` when `api` is absent and there is no global `dd`, or `corpId` is empty
 * @example fragment
 * const mpServerless = new MPServerless(dd, { appId, spaceId, clientSecret, endpoint });
 * const client = await createSyncClient({ mpServerless, platform: dingtalk(dd, { corpId }), collections: { todos: {} } });
 */
export function dingtalk(api?: DingTalkApi, options: DingTalkOptions = {}): MiniProgramPlatform {
  const ddApi = api ?? globalDd();
  const { corpId } = options;
  if (corpId !== undefined && (typeof corpId !== 'string' || corpId === '')) throw new MpsyncError('INVALID_ARGUMENT', 'corpId must be a non-empty string');
  return miniProgramPlatform({
    name: 'dingtalk',
    api: ddApi,
    port: alipayKvPort(ddApi, 'dd'),
    maxValueBytes: ALIPAY_MAX_VALUE_BYTES,
    quotaBytes: quotaOption(options),
    // 'mpsync@' never starts with kvStorage's default 'mpsync:', so an organisation's store and
    // the shared one never read each other's entries; encoding keeps ':' out of the id.
    ...(corpId === undefined ? {} : { prefix: `mpsync@${encodeURIComponent(corpId)}:` }),
    classifyError: classifyAlipayError,
    // DingTalk's dd.httpRequest docs publish no in-flight limit; WeChat's 10 is assumed, as on Alipay.
    maxConcurrentRequests: 10,
  });
}

function globalDd(): DingTalkApi {
  if (typeof dd === 'undefined' || !dd)
    throw new MpsyncError('INVALID_ARGUMENT', 'dingtalk() needs the `dd` object: call dingtalk(dd) or run inside a DingTalk mini-program');
  return dd;
}
