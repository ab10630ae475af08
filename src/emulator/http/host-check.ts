import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** Which `Host` names the emulator answers to. */
export interface HostPolicy {
  /** The interface it listens on (`--host`); its name is always accepted. */
  readonly listenHost: string;
  /** More names the user allowed (`--allowed-host`, `allowedHosts`); `'*'` accepts any name. */
  readonly allowedHosts: readonly string[];
}

/**
 * Whether a request's `Host` header names this emulator. A page on a hostile domain that
 * re-points its name at 127.0.0.1 (DNS rebinding) sends that domain as `Host`, so names are
 * refused unless they are `localhost`, the listening host or named by the user; IP addresses are
 * always accepted, since rebinding needs a name.
 *
 * @example
 * hostAllowed({ listenHost: '127.0.0.1', allowedHosts: [] }, 'evil.example:8790'); // false
 * hostAllowed({ listenHost: '127.0.0.1', allowedHosts: [] }, '192.168.1.20:8790'); // true
 */
export function hostAllowed(policy: HostPolicy, hostHeader: string | undefined): boolean {
  if (hostHeader === undefined || hostHeader === '') return true;
  const name = hostName(hostHeader);
  if (name === undefined) return false;
  if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
  const allowed = [policy.listenHost, ...policy.allowedHosts].map((h) => h.toLowerCase());
  return allowed.includes('*') || allowed.includes(name);
}

// `name:port`, `[v6]:port` or a bare name → the lower-case name (no brackets); undefined if malformed.
function hostName(header: string): string | undefined {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s/@]+))(?::\d{1,5})?$/.exec(header.trim());
  return match ? (match[1] ?? match[2] ?? '').toLowerCase() : undefined;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Why an admin request (`/__admin/*`) is refused, or undefined when it may proceed: it must come
 * from this machine, not from a page of another site (no foreign `Origin`, no cross-site
 * `Sec-Fetch-Site`), and a POST must be `application/json` — a type no page of another site can
 * send without a preflight, which the admin endpoints never grant.
 *
 * @example fragment
 * const problem = adminProblem(req);
 * if (problem) return jsonReply(403, 'InvalidRequest', problem);
 */
export function adminProblem(req: IncomingMessage): string | undefined {
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return 'admin endpoints answer loopback only';
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `admin endpoints refuse ${site} requests from web pages`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`) return `admin endpoints refuse requests from pages of ${origin}`;
  if (req.method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') return 'admin POST requests must be Content-Type: application/json';
  }
  return undefined;
}

/**
 * The warning to print when the emulator listens beyond this machine with the well-known default
 * client secret (anyone on the network could then sign requests), or undefined.
 *
 * @example fragment
 * exposureWarning('0.0.0.0', DEFAULT_CLIENT_SECRET, DEFAULT_CLIENT_SECRET); // 'warning: listening on 0.0.0.0 ...'
 */
export function exposureWarning(listenHost: string, clientSecret: string, defaultSecret: string): string | undefined {
  const loopback = listenHost === 'localhost' || LOOPBACK.has(listenHost) || listenHost.startsWith('127.');
  if (loopback || clientSecret !== defaultSecret) return undefined;
  return `warning: listening on ${listenHost} with the default client secret: anyone who can reach this address can read and write its data. Pass --client-secret.`;
}
