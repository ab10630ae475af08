import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signed fields of a `/client` request body. */
export interface SignedFields {
  readonly spaceId?: unknown;
  readonly timestamp?: unknown;
  readonly method?: unknown;
  readonly params?: unknown;
  readonly token?: unknown;
  readonly userId?: unknown;
}

/**
 * The `x-serverless-sign` of a request: HMAC-MD5 (hex) keyed with the client secret over
 * `key=value` pairs of the non-empty signed fields in key order, joined with `&`. `params` is the
 * JSON string exactly as it travels; it is never re-serialised.
 *
 * @example
 * clientSignature({ spaceId: 'mp-test-space', timestamp: 1700000000000,
 *   method: 'serverless.auth.user.anonymousAuthorize', params: '{"clientIdentifier":"test-app-id"}' },
 *   'test-client-secret'); // '9a0abd4eb1a911e2afaf96929014329a'
 */
export function clientSignature(fields: SignedFields, clientSecret: string): string {
  const entries: Array<[string, unknown]> = [
    ['method', fields.method],
    ['params', fields.params],
    ['spaceId', fields.spaceId],
    ['timestamp', fields.timestamp],
    ['token', fields.token],
    ['userId', fields.userId],
  ];
  const text = entries
    .filter(([, v]) => Boolean(v))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join('&');
  return createHmac('md5', clientSecret).update(text, 'utf8').digest('hex');
}

/** Constant-time check of a received signature against the expected one. */
export function signatureMatches(received: unknown, expected: string): boolean {
  if (typeof received !== 'string') return false;
  // Compared as bytes: a header with non-ASCII characters has more bytes than characters.
  const bytes = Buffer.from(received.toLowerCase());
  const wanted = Buffer.from(expected);
  return bytes.length === wanted.length && timingSafeEqual(bytes, wanted);
}
