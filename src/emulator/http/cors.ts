import type { IncomingMessage } from 'node:http';
import { GatewayErrorCode } from '../errors';

/**
 * Which web pages may call the emulator from another origin (CORS). Pages served from this machine
 * (`http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`, and their `https` forms) always
 * may; `extraOrigins` adds exact origins (`http://192.168.1.20:5173`), or every origin with `*`.
 */
export interface CorsPolicy {
  readonly extraOrigins: readonly string[];
}

/** The paths a browser page may call: the client protocol, uploads and downloads. Never the admin endpoints. */
export function corsApplies(path: string): boolean {
  return path === '/client' || path === '/__oss' || path.startsWith('/__cdn/');
}

const LOOPBACK_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i;

/** True when a page of `origin` may read the emulator's answers. */
function originAllowed(policy: CorsPolicy, origin: string): boolean {
  return LOOPBACK_ORIGIN.test(origin) || policy.extraOrigins.includes('*') || policy.extraOrigins.includes(origin);
}

// The SDK reads `request-id` from function answers; a cross-origin page sees only what is exposed.
const EXPOSED = 'request-id';
// What the SDK and fetchSdkAdapter send: JSON, the signature, the SDK's user agent.
const ALLOWED_HEADERS = 'content-type, x-serverless-sign, x-serverless-ua';
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/** The headers that let a page of an allowed origin read an answer; none for other requests. */
export function corsHeaders(policy: CorsPolicy, req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined || !originAllowed(policy, origin)) return {};
  return { 'access-control-allow-origin': origin, 'access-control-expose-headers': EXPOSED, vary: 'Origin' };
}

/** The answer to a CORS preflight (`OPTIONS` with `Access-Control-Request-Method`). */
export function preflightAnswer(policy: CorsPolicy, req: IncomingMessage): { status: number; headers: Record<string, string>; body: string } {
  const origin = req.headers.origin ?? '';
  if (!originAllowed(policy, origin)) {
    const body = JSON.stringify({
      success: false,
      error: {
        code: GatewayErrorCode.InvalidRequest,
        message: `pages of origin ${origin || '(none)'} may not call this emulator; start it with --cors-origin ${origin || 'ORIGIN'} (or corsOrigins) to allow them`,
      },
    });
    return { status: 403, headers: { 'content-type': 'application/json; charset=utf-8', vary: 'Origin' }, body };
  }
  const requested = req.headers['access-control-request-headers'];
  return {
    status: 204,
    headers: {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': 'POST, GET',
      // Echo what the page asks for, so an SDK version with a new header keeps working.
      'access-control-allow-headers': typeof requested === 'string' && requested !== '' ? requested : ALLOWED_HEADERS,
      'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      vary: 'Origin, Access-Control-Request-Headers',
    },
    body: '',
  };
}
