import { request } from 'node:http';
import type { Emulator } from '../../src/emulator';
import { clientSignature } from '../../src/emulator/auth/signature';

/** What a raw request answered. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/**
 * One HTTP request to the emulator with full control over its headers (including `Host`, which
 * `fetch` does not let a caller set).
 */
export function rawRequest(
  emulator: Pick<Emulator, 'endpoint'>,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawAnswer> {
  const url = new URL(path, emulator.endpoint);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A `/client` request signed like the SDK's, with the fields (and timestamp) a test chooses. */
export async function signedCall(
  emulator: Emulator,
  method: string,
  params: unknown,
  options: { token?: string; timestamp?: number; headers?: Record<string, string> } = {},
): Promise<{ success: boolean; data?: unknown; error?: { code: string; message: string } }> {
  const body: Record<string, unknown> = { spaceId: emulator.spaceId, method, params: JSON.stringify(params), timestamp: options.timestamp ?? Date.now() };
  if (options.token !== undefined) body.token = options.token;
  const answer = await rawRequest(
    emulator,
    'POST',
    '/client',
    {
      'content-type': 'application/json',
      'x-serverless-sign': clientSignature(body, emulator.clientSecret),
      ...options.headers,
    },
    JSON.stringify(body),
  );
  return JSON.parse(answer.body) as { success: boolean; data?: unknown; error?: { code: string; message: string } };
}

/** A fresh anonymous access token from the emulator. */
export async function anonymousToken(emulator: Emulator): Promise<string> {
  const answer = await signedCall(emulator, 'serverless.auth.user.anonymousAuthorize', { clientIdentifier: 'hostile-test' });
  return (answer.data as { accessToken: string }).accessToken;
}

/** The names Object.prototype has beyond the standard ones: empty unless something polluted it. */
export function prototypeExtras(): string[] {
  const standard = new Set([
    'constructor',
    '__defineGetter__',
    '__defineSetter__',
    'hasOwnProperty',
    '__lookupGetter__',
    '__lookupSetter__',
    'isPrototypeOf',
    'propertyIsEnumerable',
    'toString',
    'valueOf',
    '__proto__',
    'toLocaleString',
  ]);
  return Object.getOwnPropertyNames(Object.prototype).filter((name) => !standard.has(name));
}
