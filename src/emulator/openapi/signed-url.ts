import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Where signed uploads are sent (`PUT`), under the OpenAPI path. */
export const SIGNED_PUT_PATH = '/openapi/oss';

/**
 * OSS-style signed `PUT` URLs (`OSSAccessKeyId`, `Expires`, `Signature` over method, content type,
 * expiry and resource), keyed by a secret derived from the AccessKey secret, so a URL signed before
 * an emulator restart still verifies after it.
 */
export class UrlSigner {
  readonly #key: Buffer;
  readonly #accessKeyId: string;

  constructor(accessKeyId: string, accessKeySecret: string) {
    this.#key = createHash('sha256').update(`mpsync-emulator-openapi-put:${accessKeySecret}`).digest();
    this.#accessKeyId = accessKeyId;
  }

  /** The URL (on `origin`, e.g. `http://127.0.0.1:8790`) that accepts one `PUT` of file `id`. */
  url(origin: string, id: string, contentType: string, expiresSeconds: number): string {
    const query = new URLSearchParams({
      OSSAccessKeyId: this.#accessKeyId,
      Expires: String(expiresSeconds),
      Signature: this.#sign(id, contentType, expiresSeconds),
    });
    return `${origin}${SIGNED_PUT_PATH}/${encodeURIComponent(id)}?${query.toString()}`;
  }

  /** Whether `signature` is this signer's for a `PUT` of `id` with `contentType` until `expiresSeconds`. */
  verify(id: string, contentType: string, expiresSeconds: number, signature: string): boolean {
    const expected = Buffer.from(this.#sign(id, contentType, expiresSeconds));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  #sign(id: string, contentType: string, expiresSeconds: number): string {
    return createHmac('sha1', this.#key).update(`PUT\n\n${contentType}\n${expiresSeconds}\n/${id}`).digest('base64');
  }
}
