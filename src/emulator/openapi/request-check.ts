import { timingSafeEqual } from 'node:crypto';
import type { Now } from '../../core/clock';
import { missing, OpenApiError, OpenApiErrorCode } from './openapi-error';
import { popSignature } from './pop-signature';

/** The AccessKey pair the emulator's OpenAPI accepts. */
export interface AccessKey {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/**
 * Checks the common part of a POP RPC request the way the gateway does: the key, the HMAC-SHA1
 * signature, the timestamp window and the single use of `SignatureNonce` (replay protection).
 */
export class RequestCheck {
  readonly #key: AccessKey;
  readonly #clock: Now;
  readonly #windowMs: number;
  // nonce → when it may be forgotten: after that, a replay fails the timestamp window anyway.
  readonly #nonces = new Map<string, number>();

  constructor(key: AccessKey, clock: Now, windowMs: number) {
    this.#key = key;
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  /** Throws the gateway's error for the first problem of `params` sent with `method`. */
  check(method: string, params: Readonly<Record<string, string>>): void {
    const accessKeyId = params.AccessKeyId;
    if (!accessKeyId) throw missing('AccessKeyId');
    if (accessKeyId !== this.#key.accessKeyId) throw new OpenApiError(404, OpenApiErrorCode.AccessKeyNotFound, 'Specified access key is not found.');
    const signature = params.Signature;
    if (!signature) throw missing('Signature');
    if ((params.SignatureMethod ?? 'HMAC-SHA1') !== 'HMAC-SHA1' || (params.SignatureVersion ?? '1.0') !== '1.0') {
      throw new OpenApiError(400, OpenApiErrorCode.InvalidSignatureMethod, 'Specified signature method is not valid: use HMAC-SHA1, version 1.0.');
    }
    const expected = Buffer.from(popSignature(method, params, this.#key.accessKeySecret));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new OpenApiError(400, OpenApiErrorCode.SignatureDoesNotMatch, 'Specified signature is not matched with our calculation.');
    }
    const timestamp = params.Timestamp;
    if (!timestamp) throw missing('Timestamp');
    const at = TIMESTAMP.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(at))
      throw new OpenApiError(
        400,
        OpenApiErrorCode.TimestampFormat,
        'Specified time stamp or date value is not well formatted: use YYYY-MM-DDThh:mm:ssZ in UTC.',
      );
    const now = this.#clock();
    if (this.#windowMs > 0 && Math.abs(now - at) > this.#windowMs)
      throw new OpenApiError(400, OpenApiErrorCode.TimestampExpired, 'Specified time stamp or date value is expired.');
    const nonce = params.SignatureNonce;
    if (!nonce) throw missing('SignatureNonce');
    this.#forgetOld(now);
    if (this.#nonces.has(nonce)) throw new OpenApiError(400, OpenApiErrorCode.NonceUsed, 'Specified signature nonce was used already.');
    this.#nonces.set(nonce, Math.max(now, at) + Math.max(this.#windowMs, 15 * 60_000));
  }

  #forgetOld(now: number): void {
    for (const [nonce, until] of this.#nonces) if (until < now) this.#nonces.delete(nonce);
  }
}
