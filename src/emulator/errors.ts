import { CodedError, type ErrorBody } from '../core/coded-error';
import { DbError, type DbErrorCode } from '../core/db-error';

/**
 * Error codes the emulator answers besides the database ones ({@link DbErrorCode}). Every code is
 * listed with its meaning in `docs/emulator.md`. `GATEWAY_INVALID_TOKEN` is the real service's
 * code; the SDK re-authorizes and retries once when it sees it.
 */
export const GatewayErrorCode = {
  /** The body is not JSON, or `spaceId`, `method`, `params` or `timestamp` is missing or mistyped. */
  InvalidRequest: 'InvalidRequest',
  /** The body is larger than the emulator accepts (`maxBodyBytes`). */
  RequestTooLarge: 'RequestTooLarge',
  /** `x-serverless-sign` is missing or does not match the HMAC-MD5 of the request. */
  InvalidSignature: 'InvalidSignature',
  /** The signed `timestamp` is outside the accepted window around the emulator's clock (replay protection). */
  InvalidTimestamp: 'InvalidTimestamp',
  /** The `Host` header names neither this machine nor a host the user allowed (`--allowed-host`). */
  InvalidHost: 'InvalidHost',
  /** `spaceId` is not the emulator's space. */
  InvalidSpace: 'InvalidSpace',
  /** The token is missing, malformed, for another space, or expired. */
  InvalidToken: 'GATEWAY_INVALID_TOKEN',
  /** `method` names nothing the emulator serves. */
  MethodNotFound: 'MethodNotFound',
  /** `params` is not a JSON object, or an argument of an auth, function or file method is wrong. */
  InvalidParameter: 'InvalidParameter',
  /** No function file of that name in the functions folder. */
  FunctionNotFound: 'FunctionNotFound',
  /** The function threw; the message is the function's. */
  FunctionExecutionFailed: 'FunctionExecutionFailed',
  /** The file id belongs to another user's file. */
  FileAccessDenied: 'FileAccessDenied',
  /** No file with that id, path or URL. */
  FileNotFound: 'FileNotFound',
  /** An upload whose policy, signature or key does not match a signed upload, or has expired. */
  InvalidUploadSignature: 'InvalidUploadSignature',
  /** An injected fault (`errorRate`): nothing was applied; retrying is safe. */
  ServiceUnavailable: 'ServiceUnavailable',
  /** A bug in the emulator. Nothing was applied. */
  InternalError: 'InternalError',
} as const;

/** One of the {@link GatewayErrorCode} values. */
export type GatewayErrorCode = (typeof GatewayErrorCode)[keyof typeof GatewayErrorCode];

/** Every code the emulator may answer in `error.code`. */
export type EmulatorErrorCode = GatewayErrorCode | DbErrorCode;

/** A request the emulator refuses; nothing of it was applied. */
export class EmulatorError extends CodedError<EmulatorErrorCode> {
  constructor(code: EmulatorErrorCode, message: string) {
    super(code, message);
    this.name = 'EmulatorError';
  }
}

/** The `error` object of a failed answer, for anything thrown while serving a request. */
export function errorBody(error: unknown): ErrorBody<EmulatorErrorCode> {
  if (error instanceof EmulatorError || error instanceof DbError) return error.toJSON();
  const message = error instanceof Error ? error.message : String(error);
  return { code: GatewayErrorCode.InternalError, message };
}
