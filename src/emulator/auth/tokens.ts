import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Now } from '../../core/clock';
import { EmulatorError, GatewayErrorCode } from '../errors';

/** Who a token was issued to. */
export interface Identity {
  readonly userId: string;
  /** `anonymous`, or `openapi` for a third-party (`authorize`) login. */
  readonly authType: 'anonymous' | 'openapi';
  readonly authProvider?: string;
}

interface Claims extends Identity {
  readonly spaceId: string;
  readonly expiresAt: number;
  readonly nonce: string;
}

/**
 * Issues and checks access tokens. Tokens are self-contained (claims + HMAC-SHA256 keyed from the
 * client secret), so a restarted emulator with the same secret still accepts the tokens it issued,
 * and nothing about sessions needs storing.
 */
export class TokenIssuer {
  readonly #key: Buffer;
  readonly #spaceId: string;
  readonly #ttlMs: number;
  readonly #now: Now;
  #counter = 0;

  constructor(spaceId: string, clientSecret: string, ttlSeconds: number, now: Now) {
    this.#key = createHash('sha256').update(`mpsync-emulator-token:${clientSecret}`).digest();
    this.#spaceId = spaceId;
    this.#ttlMs = ttlSeconds * 1000;
    this.#now = now;
  }

  /** Lifetime of a new token, in whole seconds (what `expiresInSecond` reports). */
  get ttlSeconds(): number {
    return Math.round(this.#ttlMs / 1000);
  }

  issue(identity: Identity): string {
    const claims: Claims = { ...identity, spaceId: this.#spaceId, expiresAt: this.#now() + this.#ttlMs, nonce: `${this.#now()}.${++this.#counter}` };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.#mac(payload)}`;
  }

  /** The identity behind a valid token; `GATEWAY_INVALID_TOKEN` for anything else. */
  verify(token: unknown): Identity {
    if (typeof token !== 'string' || token === '') throw invalid('missing access token');
    const [payload, mac] = token.split('.');
    // Compared as bytes: a token with non-ASCII characters has more bytes than characters.
    const macBytes = Buffer.from(mac ?? '');
    if (!payload || macBytes.length !== 43) throw invalid('malformed access token');
    if (!timingSafeEqual(macBytes, Buffer.from(this.#mac(payload)))) throw invalid('access token was not issued by this emulator');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Claims;
    if (claims.spaceId !== this.#spaceId) throw invalid('access token belongs to another space');
    if (claims.expiresAt <= this.#now()) throw invalid('access token expired');
    return claims.authProvider === undefined
      ? { userId: claims.userId, authType: claims.authType }
      : { userId: claims.userId, authType: claims.authType, authProvider: claims.authProvider };
  }

  #mac(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url');
  }
}

function invalid(message: string): EmulatorError {
  return new EmulatorError(GatewayErrorCode.InvalidToken, message);
}
