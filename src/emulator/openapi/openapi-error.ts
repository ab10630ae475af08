/**
 * Codes the emulator's OpenAPI answers, as the Alibaba Cloud gateway and OSS name them. Codes
 * built from a parameter name (`Missing<Name>`, `Invalid<Name>`) follow the gateway's pattern, e.g.
 * `MissingSpaceId`, `InvalidFileId`. Every code is listed in `docs/emulator.md`.
 */
export const OpenApiErrorCode = {
  /** A valid signature over a request whose `Action` or `Version` the emulator does not serve (404). */
  ApiNotFound: 'InvalidApi.NotFound',
  /** `AccessKeyId` is not the emulator's key (404). */
  AccessKeyNotFound: 'InvalidAccessKeyId.NotFound',
  /** `Signature` does not match the request (400; 403 on a signed `PUT`, as OSS answers). */
  SignatureDoesNotMatch: 'SignatureDoesNotMatch',
  /** `SignatureMethod` is not `HMAC-SHA1` or `SignatureVersion` is not `1.0` (400). */
  InvalidSignatureMethod: 'InvalidSignatureMethod',
  /** `Timestamp` is not `YYYY-MM-DDThh:mm:ssZ` (400). */
  TimestampFormat: 'InvalidTimeStamp.Format',
  /** `Timestamp` is more than the accepted window (15 minutes) from the emulator's clock (400). */
  TimestampExpired: 'InvalidTimeStamp.Expired',
  /** The `SignatureNonce` was already used by an accepted request within the window (400). */
  NonceUsed: 'SignatureNonceUsed',
  /** The method is neither `GET` nor `POST` (400). */
  UnsupportedHttpMethod: 'UnsupportedHTTPMethod',
  /** A signed upload URL that expired or was already used (403, OSS's code). */
  AccessDenied: 'AccessDenied',
  /** A `PUT` body longer than the `Size` it was signed for (400, OSS's code). */
  EntityTooLarge: 'EntityTooLarge',
  /** A `PUT` body shorter than the `Size` it was signed for (400, OSS's code). */
  EntityTooSmall: 'EntityTooSmall',
  /** An `x-oss-callback` header that is not base64 JSON naming the signed `Id` and space (400). */
  InvalidCallback: 'InvalidArgument',
  /** A bug in the emulator (500). */
  InternalError: 'InternalError',
} as const;

/** An OpenAPI refusal: HTTP status, code and message; nothing of the request was applied. */
export class OpenApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'OpenApiError';
    this.status = status;
    this.code = code;
  }
}

/** `Missing<Name>` (400): a required parameter is absent or empty. */
export function missing(name: string): OpenApiError {
  return new OpenApiError(400, `Missing${name}`, `${name} is mandatory for this action.`);
}

/** `Invalid<Name>` (400): a parameter's value is not acceptable; `why` says how. */
export function invalid(name: string, why: string): OpenApiError {
  return new OpenApiError(400, `Invalid${name}`, `Specified parameter ${name} is not valid: ${why}`);
}
