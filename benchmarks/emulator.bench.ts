import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CLIENT_SECRET, DEFAULT_SPACE_ID } from '../src/emulator';
import { nodeSdkAdapter } from '../src/testing';
import { alternate, report, throughput } from './harness';

type Collection = Record<string, (...a: unknown[]) => Promise<unknown>>;
type Sdk = { init(o: unknown): Promise<unknown>; db: { collection(n: string): Collection } };
const MPServerless = createRequire(import.meta.url)('@alicloud/mpserverless-sdk') as new (app: unknown, o: unknown) => Sdk;

const SEEDED = 10_000;
const OPS = 1_500;
const CONCURRENCY = 8;
const ROUNDS = 3;

/** Starts `server-process.ts` and resolves with its endpoint. */
export function startServer(args: string[]): Promise<{ endpoint: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /READY (\S+)/.exec(out);
      if (match) resolve({ endpoint: match[1] as string, child });
    });
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
}

async function connect(endpoint: string): Promise<Collection> {
  const sdk = new MPServerless(nodeSdkAdapter(), { appId: 'bench', spaceId: DEFAULT_SPACE_ID, clientSecret: DEFAULT_CLIENT_SECRET, endpoint });
  await sdk.init({ authType: 'anonymous' });
  return sdk.db.collection('todos');
}

/**
 * Emulator throughput through the official SDK over loopback, beside a bare Node HTTP server that
 * answers the same body. Each server runs in its own process; the SDK drives both from this one.
 */
export async function emulatorBench(): Promise<void> {
  const emulator = await startServer(['emulator']);
  const todos = await connect(emulator.endpoint);
  const docs = Array.from({ length: SEEDED }, (_, i) => ({ _id: `t${i}`, title: `todo ${i}`, done: i % 3 === 0, n: i }));
  for (let i = 0; i < docs.length; i += 1000) await todos.insertMany!(docs.slice(i, i + 1000));

  const cases: Array<[string, string, (c: Collection, i: number) => Promise<unknown>]> = [
    [
      'findOne by _id',
      JSON.stringify({ success: true, data: { affectedDocs: 1, result: docs[42] } }),
      (c, i) => c.findOne!({ _id: `t${(i * 7919) % SEEDED}` }),
    ],
    [
      'insertOne',
      JSON.stringify({ success: true, data: { affectedDocs: 1, insertedId: 'x', result: { insertedId: 'x' } } }),
      (c, i) => c.insertOne!({ title: `new ${i}`, done: false, n: i }),
    ],
  ];
  for (const [name, answer, run] of cases) {
    const bare = await startServer(['bare', answer]);
    const bareTodos = await connect(bare.endpoint);
    const result = await alternate(
      ROUNDS,
      () => throughput(OPS, CONCURRENCY, (i) => run(todos, i)),
      () => throughput(OPS, CONCURRENCY, (i) => run(bareTodos, i)),
    );
    report({
      name: `emulator: ${name} through the official SDK over loopback (${SEEDED} docs stored, ${CONCURRENCY} in flight)`,
      unit: 'ops/s',
      higherIsBetter: true,
      subject: { label: 'mpsync emulator (in-memory SQLite)', value: result.subject },
      baseline: { label: 'bare Node http server, same answer', value: result.baseline },
      goal: 'close to 1: the emulator adds little to HTTP and the SDK',
    });
    bare.child.kill();
  }
  emulator.child.kill();
}
