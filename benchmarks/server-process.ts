/**
 * A server in its own process, so a benchmark's client (the SDK) and server do not share one
 * JavaScript thread. `node --import tsx benchmarks/server-process.ts emulator [latencyMs]` or
 * `... bare <answer>`; prints `READY <endpoint>` and serves until killed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator } from '../src/emulator';

const [kind, answer = ''] = process.argv.slice(2);
if (kind === 'emulator') {
  const emulator = await createEmulator({ port: 0 });
  // A mobile network's round trip, for figures that are bound by latency rather than work.
  if (answer !== '') emulator.setFaults({ latencyMs: Number(answer) });
  process.stdout.write(`READY ${emulator.endpoint}\n`);
} else {
  const token = JSON.stringify({ success: true, data: { accessToken: 'bench-token', expiresInSecond: 600 } });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body.includes('anonymousAuthorize') ? token : answer);
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`READY http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
}
