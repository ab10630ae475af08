import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue } from '../../core/json';
import { randomHex, type Random } from '../../core/random';
import { EmulatorError, GatewayErrorCode } from '../errors';
import type { Identity, TokenIssuer } from './tokens';

/** The third-party login providers of `serverless.auth.user.authorize`. */
const AUTH_PROVIDERS = ['alipay_openapi', 'wechat_openapi', 'dingtalk_openapi'] as const;

function requireString(params: JsonObject, name: string): string {
  const v = params[name];
  if (typeof v !== 'string' || v === '') throw new EmulatorError(GatewayErrorCode.InvalidParameter, `${name} must be a non-empty string`);
  return v;
}

/**
 * The `serverless.auth.user.*` methods. Anonymous logins get a new random user id every time
 * (as the real service does); a third-party login maps its auth code to a stable user id, so a
 * test can log the same user in twice by using the same code.
 */
export class AuthService {
  readonly #tokens: TokenIssuer;
  readonly #random: Random;

  constructor(tokens: TokenIssuer, random: Random) {
    this.#tokens = tokens;
    this.#random = random;
  }

  anonymousAuthorize(params: JsonObject): JsonObject {
    requireString(params, 'clientIdentifier');
    return this.#grant({ userId: `anon-${randomHex(this.#random, 20)}`, authType: 'anonymous' });
  }

  authorize(params: JsonObject): JsonObject {
    const provider = requireString(params, 'authProvider');
    if (!(AUTH_PROVIDERS as readonly string[]).includes(provider)) {
      throw new EmulatorError(GatewayErrorCode.InvalidParameter, `authProvider must be one of ${AUTH_PROVIDERS.join(', ')}`);
    }
    const clientIdentifier = requireString(params, 'clientIdentifier');
    const authCode = requireString(params, 'authCode');
    const digest = createHash('sha256').update(`${provider}\u0000${clientIdentifier}\u0000${authCode}`).digest('hex');
    return this.#grant({ userId: `${provider.split('_')[0]}-${digest.slice(0, 20)}`, authType: 'openapi', authProvider: provider });
  }

  /** `getProfileInfo`: who the token belongs to. */
  profile(identity: Identity): JsonObject {
    const info: Record<string, JsonValue> = { userId: identity.userId, authType: identity.authType };
    if (identity.authProvider) info.authProvider = identity.authProvider;
    return info;
  }

  #grant(identity: Identity): JsonObject {
    return { accessToken: this.#tokens.issue(identity), expiresInSecond: this.#tokens.ttlSeconds };
  }
}
