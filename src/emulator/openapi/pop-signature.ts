import { createHmac } from 'node:crypto';

/**
 * The Alibaba Cloud POP RPC signature (SignatureVersion 1.0, HMAC-SHA1), used by the emulator to
 * check OpenAPI requests and by `mpsync upload` to sign them, so neither needs an SDK at run time.
 */

/** RFC 3986 percent-encoding as POP requires it: `encodeURIComponent` plus `! ' ( ) *`. */
export function popEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `key=value&...` of every parameter except `Signature`, keys sorted, both sides POP-encoded. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${popEncode(key)}=${popEncode(params[key]!)}`)
    .join('&');
}

/** The base64 HMAC-SHA1 signature of `params` sent with HTTP `method`, keyed by `secret + '&'`. */
export function popSignature(method: string, params: Readonly<Record<string, string>>, secret: string): string {
  const stringToSign = `${method.toUpperCase()}&${popEncode('/')}&${popEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

/** A POP timestamp: ISO 8601 in UTC without milliseconds, e.g. `2026-01-02T03:04:05Z`. */
export function popTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
