/**
 * A small language for sync specs, after Firestore's spec tests: a spec is a list of steps a
 * reader follows as a story (`client A writes offline`, `server changes`, `A comes online`) with
 * expectations in between (`expect writes …`, `expect snapshot …`). Steps run one after another
 * on a fake SDK collection ({@link FakeServer}); after each step the clients' background work
 * settles on one manual scheduler, so what an expectation sees is deterministic.
 */
import { expect } from 'vitest';
import { createSyncClient, type SyncClient } from '../../../src/index';
import type { CollectionConfig } from '../../../src/client/options';
import type { JsonObject } from '../../../src/core/json';
import type { Notice } from '../../../src/model/notice';
import type { CollectionCommand } from '../../../src/sdk/commands';
import { seededRandom } from '../../../src/core/random';
import { memoryStorage } from '../../../src/store';
import { manualScheduler, memoryPlatform, type ManualScheduler, type MemoryPlatform } from '../../../src/testing';
import { FakeServer, type ScriptedFault } from './fake-server';

interface SpecClient {
  readonly client: SyncClient;
  readonly platform: MemoryPlatform;
  /** The latest snapshot of each watched collection (every document, by `_id`). */
  readonly snapshots: Map<string, { docs: unknown[]; hasPendingWrites: boolean }>;
}

interface SpecContext {
  readonly server: FakeServer;
  readonly scheduler: ManualScheduler;
  readonly clients: Map<string, SpecClient>;
  readonly collections: Record<string, CollectionConfig>;
  /** How many calls of `server.calls` an expectation has already looked at. */
  seenCalls: number;
  /** What the last step threw, for `expectError`. */
  lastError: unknown;
}

/** One step of a spec. */
export interface Step {
  readonly title: string;
  run(ctx: SpecContext): Promise<void>;
}

// The name another writer's calls go under; `expectWrites` lists the clients' calls only.
const SERVER = 'server';
const WRITE_METHODS = new Set([
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
]);
const BOOKKEEPING = ['_v', '_vh', '_mt', '_deleted'];

function clientOf(ctx: SpecContext, name: string): SpecClient {
  const found = ctx.clients.get(name);
  if (!found) throw new Error(`spec: no client ${name}; add client('${name}') first`);
  return found;
}

/** A new client named `name` (its own platform and storage, the spec's collections, watched). */
export function client(name: string, options: { online?: boolean } = {}): Step {
  return {
    title: `client ${name} starts${options.online === false ? ' offline' : ''}`,
    async run(ctx) {
      const platform = memoryPlatform({ online: options.online ?? true });
      const mpServerless = {
        db: { collection: (collection: string) => ctx.server.collection(name, collection) },
        // Already authorized: the specs are about the dialogue with the collection calls.
        user: { accessToken: `token-${name}`, authorize: () => Promise.resolve({ success: true }) },
      };
      const syncClient = await createSyncClient({
        mpServerless,
        platform,
        storage: memoryStorage(),
        collections: ctx.collections,
        sync: { scheduler: ctx.scheduler, pollIntervalMs: 0, sweepIntervalMs: 0 },
        random: seededRandom(ctx.clients.size + 1),
      });
      const snapshots = new Map<string, { docs: unknown[]; hasPendingWrites: boolean }>();
      for (const collection of Object.keys(ctx.collections)) {
        syncClient.db
          .collection(collection)
          .watch({}, { sort: { _id: 1 } })
          .subscribe((snap) => {
            snapshots.set(collection, { docs: JSON.parse(JSON.stringify(snap.docs)) as unknown[], hasPendingWrites: snap.hasPendingWrites });
          });
      }
      ctx.clients.set(name, { client: syncClient, platform, snapshots });
    },
  };
}

/** Client `name` calls `method(...args)` on `collection` through `client.db` (offline or not). */
export function write(name: string, collection: string, method: CollectionCommand, ...args: unknown[]): Step {
  return {
    title: `${name} ${method} ${collection} ${JSON.stringify(args)}`,
    async run(ctx) {
      const coll = clientOf(ctx, name).client.db.collection(collection);
      await coll[method](...args);
    },
  };
}

/** Another writer changes the server directly, through the SDK's calls (scripted faults never strike it). */
export function serverWrite(collection: string, method: string, ...args: unknown[]): Step {
  return {
    title: `the server: ${method} ${collection} ${JSON.stringify(args)}`,
    async run(ctx) {
      await ctx.server.call(SERVER, collection, method, args, false);
    },
  };
}

/** The network of client `name` goes away. */
export function offline(name: string): Step {
  return { title: `${name} goes offline`, run: (ctx) => Promise.resolve(clientOf(ctx, name).platform.setOnline(false)) };
}

/** The network of client `name` comes back (which starts a sync round). */
export function online(name: string): Step {
  return { title: `${name} comes online`, run: (ctx) => Promise.resolve(clientOf(ctx, name).platform.setOnline(true)) };
}

/** Client `name` runs `syncNow()`; a rejection is kept for {@link expectError}. */
export function sync(name: string): Step {
  return {
    title: `${name} syncs`,
    async run(ctx) {
      ctx.lastError = undefined;
      await clientOf(ctx, name)
        .client.syncNow()
        .catch((error: unknown) => {
          ctx.lastError = error;
        });
    },
  };
}

/** Time passes on every client's scheduler (back-off waits end). */
export function time(ms: number): Step {
  return { title: `${ms} ms pass`, run: (ctx) => ctx.scheduler.advance(ms) };
}

/** The next call of `method` (by `client`, on `collection`, if given) fails with `fault`. */
export function failNext(method: string, fault: ScriptedFault, where: { client?: string; collection?: string } = {}): Step {
  return {
    title: `the next ${method} ${typeof fault === 'string' ? fault : `is refused with ${fault.code}`}`,
    run: (ctx) => Promise.resolve(ctx.server.failNext(method, fault, where)),
  };
}

/**
 * The write calls (inserts, updates, deletes) made since the last `expectWrites`, each as
 * `'A updateOne todos ok'` (outcome: `ok`, `dropped`, `reply lost` or the refusal's code).
 */
export function expectWrites(expected: readonly string[]): Step {
  return {
    title: `expect writes ${JSON.stringify(expected)}`,
    run(ctx) {
      const calls = ctx.server.calls.slice(ctx.seenCalls);
      ctx.seenCalls = ctx.server.calls.length;
      expect(
        calls.filter((c) => c.client !== SERVER && WRITE_METHODS.has(c.method)).map((c) => `${c.client} ${c.method} ${c.collection} ${c.outcome}`),
      ).toEqual(expected);
      return Promise.resolve();
    },
  };
}

/** The server's documents of `collection`, bookkeeping fields left out; tombstones show as `{ _id, _deleted: true }`. */
export function expectServer(collection: string, expected: readonly JsonObject[]): Step {
  return {
    title: `expect server ${collection} ${JSON.stringify(expected)}`,
    run(ctx) {
      const docs = ctx.server.docs(collection).map((doc) => (doc._deleted === true ? { _id: doc._id, _deleted: true } : withoutBookkeeping(doc)));
      expect(docs.sort((a, b) => JSON.stringify(a._id).localeCompare(JSON.stringify(b._id)))).toEqual(expected);
      return Promise.resolve();
    },
  };
}

/** A server document's bookkeeping field, e.g. that `_vh` holds one write id per write. */
export function expectServerField(collection: string, id: string, check: (doc: JsonObject) => void): Step {
  return {
    title: `expect server ${collection}/${id} bookkeeping`,
    run(ctx) {
      const doc = ctx.server.docs(collection).find((d) => d._id === id);
      expect(doc, `${collection}/${id} on the server`).toBeDefined();
      check(doc as JsonObject);
      return Promise.resolve();
    },
  };
}

/** The latest snapshot client `name` saw of `collection` (watched with `{}` sorted by `_id`). */
export function expectSnapshot(name: string, collection: string, docs: readonly JsonObject[], options: { hasPendingWrites?: boolean } = {}): Step {
  return {
    title: `expect ${name} snapshot ${collection} ${JSON.stringify(docs)}`,
    run(ctx) {
      const snap = clientOf(ctx, name).snapshots.get(collection);
      expect(snap?.docs).toEqual(docs);
      if (options.hasPendingWrites !== undefined) expect(snap?.hasPendingWrites).toBe(options.hasPendingWrites);
      return Promise.resolve();
    },
  };
}

/** Client `name`'s undismissed notices, as `{ kind, collection, docId, ... }` subsets. */
export function expectNotices(name: string, expected: ReadonlyArray<Partial<Notice>>): Step {
  return {
    title: `expect ${name} notices ${JSON.stringify(expected)}`,
    run(ctx) {
      const notices = clientOf(ctx, name).client.notices();
      expect(notices).toHaveLength(expected.length);
      expected.forEach((want, i) => expect(notices[i]).toMatchObject(want));
      return Promise.resolve();
    },
  };
}

/** Client `name`'s status matches `expected` (e.g. `{ pendingWrites: 0, lastError: null }`). */
export function expectStatus(name: string, expected: Record<string, unknown>): Step {
  return {
    title: `expect ${name} status ${JSON.stringify(expected)}`,
    run(ctx) {
      expect(clientOf(ctx, name).client.status()).toMatchObject(expected);
      return Promise.resolve();
    },
  };
}

/** The last `sync` step rejected with this code (`undefined`: it resolved). */
export function expectError(code: string | undefined): Step {
  return {
    title: `expect the sync to ${code ? `fail with ${code}` : 'succeed'}`,
    run(ctx) {
      expect((ctx.lastError as { code?: string } | undefined)?.code).toBe(code);
      return Promise.resolve();
    },
  };
}

/**
 * Runs a spec: every step in order, letting background sync settle after each. A failing
 * expectation names its step, so the story reads back as far as it held.
 */
export async function runSpec(options: { collections: Record<string, CollectionConfig> }, steps: readonly Step[]): Promise<void> {
  const scheduler = manualScheduler();
  const ctx: SpecContext = {
    server: new FakeServer(scheduler.now),
    scheduler,
    clients: new Map(),
    collections: options.collections,
    seenCalls: 0,
    lastError: undefined,
  };
  try {
    for (const [i, step] of steps.entries()) {
      try {
        await step.run(ctx);
      } catch (error) {
        if (error instanceof Error) error.message = `step ${i + 1} (${step.title}): ${error.message}`;
        throw error;
      }
      await settle(ctx);
    }
    expect(ctx.server.unusedFaults, 'every scripted fault struck').toBe(0);
  } finally {
    for (const c of ctx.clients.values()) await c.client.close().catch(() => undefined);
  }
}

// Background work (pushes after local writes, the round a network change starts) runs until no
// client is syncing for a few event-loop turns; timers due now run, later ones wait for `time`.
async function settle(ctx: SpecContext): Promise<void> {
  let idle = 0;
  for (let i = 0; i < 400 && idle < 3; i++) {
    await ctx.scheduler.advance(0);
    await new Promise((resolve) => setImmediate(resolve));
    idle = [...ctx.clients.values()].every((c) => !c.client.status().syncing) ? idle + 1 : 0;
  }
}

function withoutBookkeeping(doc: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !BOOKKEEPING.includes(key)));
}
