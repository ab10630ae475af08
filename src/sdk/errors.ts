import { DbErrorCode } from '../core/db-error';
import { MpsyncError, type ErrorCode } from '../core/errors';

// Codes the server (and the SDK) use for a refusal that a retry of the same request cannot fix.
const REFUSALS = new Set<string>([
  ...Object.values(DbErrorCode),
  'ValidationFailed',
  'InvalidRequest',
  'InvalidSpace',
  'InvalidSignature',
  'MethodNotFound',
  'RequestTooLarge',
  'TransactionError',
  'PermissionDenied',
]);
const UNAUTHORIZED = new Set(['UnauthorizedError', 'GATEWAY_INVALID_TOKEN', 'InvalidParameter.InvalidToken']);

/**
 * Turns whatever an SDK call threw into an {@link MpsyncError} whose code says whether retrying
 * can help: a network failure (`request:fail …`, Alipay's numeric request errors) is `OFFLINE` or
 * `TIMEOUT`, a token that cannot be renewed `UNAUTHORIZED`, a refusal by the server `REJECTED`,
 * anything else `UNAVAILABLE` (retried with back-off).
 *
 * @example
 * classifySdkError(new Error('request:fail connect ECONNREFUSED')).code; // 'OFFLINE'
 */
export function classifySdkError(error: unknown, platformCode?: (error: unknown) => ErrorCode | undefined): MpsyncError {
  if (error instanceof MpsyncError) return error;
  const known = platformCode?.(error);
  if (known) return new MpsyncError(known, describe(error), { cause: error });
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const message = describe(error);
  const as = (c: ErrorCode) => new MpsyncError(c, message, { cause: error });
  if (/request:fail|uploadFile:fail|network|ECONNREFUSED|ECONNRESET|socket hang up|fetch failed/i.test(message) || code === 'InterfaceRequestError') {
    return as(/time(d)? ?out|aborted due to timeout/i.test(message) ? 'TIMEOUT' : 'OFFLINE');
  }
  if (code !== undefined && UNAUTHORIZED.has(code)) return as('UNAUTHORIZED');
  if (code !== undefined && REFUSALS.has(code)) return as('REJECTED');
  return as('UNAVAILABLE');
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; message?: unknown; errMsg?: unknown; error?: unknown };
    const text = [e.code, e.message ?? e.errMsg]
      .filter((x) => x !== undefined)
      .map(String)
      .join(': ');
    if (text) return text;
    if (typeof e.error === 'object' && e.error !== null) return describe(e.error);
  }
  return String(error);
}
