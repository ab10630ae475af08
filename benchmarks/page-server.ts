import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A bench page served over HTTP on 127.0.0.1. */
export interface PageServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * Serves a bench's page on a free port: `route` answers each path with its content type and body
 * (read at every request, so a bench can change what it serves between page loads); `headers` go
 * with every answer. Nothing is cached.
 */
export async function servePage(
  route: (path: string) => readonly [type: string, body: string],
  headers: Readonly<Record<string, string>> = {},
): Promise<PageServer> {
  const server = createServer((req, res) => {
    const [type, body] = route(new URL(req.url ?? '/', 'http://bench').pathname);
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache', ...headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
