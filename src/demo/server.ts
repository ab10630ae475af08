import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** The built demo: a folder with `index.html`, `app.js`, `sw.js` and `styles.css` (`dist/demo`). */
  readonly root: string;
  /** TCP port; `0` picks a free one. */
  readonly port: number;
  /** Interface to listen on. */
  readonly host: string;
  /** The emulator the page's SDK talks to. */
  readonly emulator: { readonly endpoint: string; readonly spaceId: string; readonly clientSecret: string };
  /** The `appId` the page gives the SDK. Default `mpsync-demo`. */
  readonly appId?: string;
}

/** A running demo server. */
export interface DemoServer {
  /** Where the page is, e.g. `http://127.0.0.1:8791`. */
  readonly url: string;
  stop(): Promise<void>;
}

// The files of the built demo, by URL path: nothing else of the folder is served.
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.js.map': { file: 'app.js.map', type: 'application/json; charset=utf-8' },
  '/sw.js': { file: 'sw.js', type: 'text/javascript; charset=utf-8' },
  '/sw.js.map': { file: 'sw.js.map', type: 'application/json; charset=utf-8' },
  '/styles.css': { file: 'styles.css', type: 'text/css; charset=utf-8' },
};

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '[::]']);

/**
 * Serves the demo page and `/config.json` (the emulator's endpoint, space id and client secret
 * for the page's SDK). Every answer says `no-cache`: the page's service worker keeps its own copy
 * for offline use and asks again whenever the network is there.
 *
 * @throws when `root` holds no built demo (run `npm run build`)
 * @example fragment
 * const demo = await startDemoServer({ root: 'dist/demo', port: 0, host: '127.0.0.1', emulator });
 * demo.url; // 'http://127.0.0.1:40125'
 */
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  if (!existsSync(join(options.root, 'index.html')) || !existsSync(join(options.root, 'app.js'))) {
    throw new Error(`no built demo in ${options.root}: run npm run build`);
  }
  const server = createServer((req, res) => {
    answer(options, req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`demo server error: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://${WILDCARD_HOSTS.has(options.host) ? '127.0.0.1' : host}:${port}`,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}

async function answer(options: DemoServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://demo').pathname;
  const headers = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
    return void res.end('the demo serves GET only');
  }
  if (path === '/config.json') {
    const config = {
      endpoint: endpointFor(options.emulator.endpoint, req),
      spaceId: options.emulator.spaceId,
      clientSecret: options.emulator.clientSecret,
      appId: options.appId ?? 'mpsync-demo',
    };
    res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' });
    return void res.end(req.method === 'HEAD' ? undefined : JSON.stringify(config));
  }
  const entry = FILES[path];
  if (!entry) {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
    return void res.end(`nothing at ${path}`);
  }
  const body = await readFile(join(options.root, entry.file));
  res.writeHead(200, { ...headers, 'content-type': entry.type, 'content-length': String(body.length) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

// An emulator listening on every interface is reached under the name the browser used for the page.
function endpointFor(endpoint: string, req: IncomingMessage): string {
  const url = new URL(endpoint);
  if (!WILDCARD_HOSTS.has(url.hostname) || req.headers.host === undefined) return endpoint;
  const pageHost = new URL(`http://${req.headers.host}`).hostname;
  url.hostname = pageHost;
  return url.origin;
}
