import { seededRandom, type Random } from '../../src/core/random';
import { createEmulator } from '../../src/emulator';
import { memoryStorage } from '../../src/store';
import { anonymousSdk } from '../helpers/sdk';
import { localDocs, openDevice, serverDocs, type Device } from '../helpers/sync';
import { checkHostile, pickHostile, SOAK_MAX_BODY_BYTES, type HostileLedger } from './hostile-inputs';

/** Settings of one randomized convergence run. */
export interface ConvergenceOptions {
  readonly seed: number;
  readonly devices?: number;
  readonly steps?: number;
  /** Network faults on the emulator while the run goes on. Default true. */
  readonly faults?: boolean;
  /**
   * Hostile inputs (`HOSTILE_INPUTS`: poisoned stamps, oversize writes) among the normal writes.
   * They draw from a random source of their own, so a seed's normal actions stay as they were.
   * Default true.
   */
  readonly hostile?: boolean;
  /** Called after every step, for debugging a failing seed. */
  readonly onStep?: (step: number, action: string, devices: readonly Device[]) => Promise<void>;
}

/** What a run found; `problems` is empty when every invariant held. */
export interface ConvergenceReport {
  readonly seed: number;
  readonly problems: string[];
  readonly acknowledged: number;
  /** Hostile inputs that took effect: poisoned stamps, writes refused locally, writes the server refused. */
  readonly hostile: { readonly poisoned: number; readonly refusedLocally: number; readonly rejected: number; readonly protoKeys: number };
  readonly actions: string[];
}

const COUNTERS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
const SHARED = ['s0', 's1', 's2', 's3', 's4'];

/**
 * One seeded run: devices write, go offline, restart and sync against an emulator with dropped
 * requests, dropped answers, errors and latency; then the network heals and every invariant is
 * checked:
 * - every device holds exactly the server's documents (convergence);
 * - every acknowledged `$inc` counted exactly once (no lost write, nothing applied twice), every
 *   acknowledged `$push` of a unique token present exactly once, every acknowledged insert present;
 * - nothing is left pending and no device reports an error (other than `FUTURE_STAMP` while
 *   poisoned stamps exist);
 * - every hostile input is accounted for: a write refused at write time is stored nowhere, one the
 *   server refused for good is off the server and recorded by a 'rejected' notice on its device.
 * Request order over real sockets is not fully deterministic, so a seed reproduces the same
 * actions and fault rates, not always the same interleaving.
 */
export async function runConvergence(options: ConvergenceOptions): Promise<ConvergenceReport> {
  const random = seededRandom(options.seed);
  const hostileRandom = seededRandom(options.seed * 7919 + 17);
  const hostile: HostileLedger = { poisoned: [], refusedLocally: [], rejected: [], protoKeys: [] };
  const emulator = await createEmulator({ port: 0, random: seededRandom(options.seed + 1), maxBodyBytes: SOAK_MAX_BODY_BYTES });
  const actions: string[] = [];
  const problems: string[] = [];
  const expectedInc = new Map<string, number>();
  const pushed: string[] = [];
  const inserted: string[] = [];
  const devices: Device[] = [];
  try {
    const admin = await anonymousSdk(emulator);
    for (const id of [...COUNTERS, ...SHARED]) await admin.db.collection(id.startsWith('c') ? 'counters' : 'shared').insertOne({ _id: id, n: 0, log: [], _v: `seed-${id}`, _vh: [`seed-${id}`] });
    await admin.db.collection('counters').updateMany({}, { $currentDate: { _mt: true } });
    await admin.db.collection('shared').updateMany({}, { $currentDate: { _mt: true } });
    const collections = { counters: {}, shared: {}, ledger: {} };
    for (let i = 0; i < (options.devices ?? 3); i++) {
      const storage = memoryStorage();
      devices.push(await openDevice(emulator, { open: () => storage }, { collections, seed: options.seed * 10 + i }));
    }
    for (let step = 0; step < (options.steps ?? 120); step++) {
      const d = devices[Math.floor(random() * devices.length)] as Device;
      const name = `d${devices.indexOf(d)}`;
      const action = pick(random, [
        ['inc', 6], ['push', 4], ['insert', 3], ['set', 2], ['sync', 4], ['offline', 2], ['online', 3], ['restart', 1], ['faults', 1], ['time', 1],
      ]);
      if ((options.hostile ?? true) && hostileRandom() < 0.08) {
        const input = pickHostile(hostileRandom);
        actions.push(`${name} hostile ${input.name}`);
        try {
          await input.run({ random: hostileRandom, step, device: d, deviceIndex: devices.indexOf(d), attacker: admin, ledger: hostile });
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (!['OFFLINE', 'TIMEOUT', 'UNAVAILABLE', 'CLOSED', 'ServiceUnavailable'].includes(code ?? '')) problems.push(`step ${step} ${name} hostile ${input.name}: ${String(error)}`);
        }
      }
      actions.push(`${name} ${action}`);
      try {
        await act(action, d, random, { expectedInc, pushed, inserted, emulator, faults: options.faults ?? true, step });
      } catch (error) {
        const code = (error as { code?: string }).code;
        // A write that fails is not acknowledged; a sync round may fail while faults are on.
        if (!['OFFLINE', 'TIMEOUT', 'UNAVAILABLE', 'CLOSED'].includes(code ?? '')) problems.push(`step ${step} ${name} ${action}: ${String(error)}`);
      }
      await settle(devices);
      await options.onStep?.(step, actions[actions.length - 1] as string, devices);
    }
    // Heal: no faults, everyone online, sync until nothing is pending anywhere.
    emulator.setFaults({});
    for (const d of devices) d.platform.setOnline(true);
    for (let round = 0; round < 8; round++) {
      for (const d of devices) await d.client.syncNow().catch(() => undefined);
      await settle(devices);
      if (devices.every((d) => d.client.status().pendingWrites === 0)) break;
    }
    for (const d of devices) await d.client.syncNow().catch((e: unknown) => problems.push(`final sync: ${String(e)}`));
    await check(admin, devices, { expectedInc, pushed, inserted }, problems, hostile.poisoned.length > 0);
    const ids = (docs: unknown[]) => new Set((docs as Array<{ _id: string }>).map((doc) => doc._id));
    const local = await Promise.all(devices.map(async (d) => ids(await localDocs(d, 'ledger'))));
    checkHostile(hostile, ids(await serverDocs(admin, 'ledger')), devices, local, problems);
  } finally {
    for (const d of devices) await d.client.close().catch(() => undefined);
    await emulator.stop();
  }
  return {
    seed: options.seed, problems, actions,
    acknowledged: [...expectedInc.values()].reduce((a, b) => a + b, 0) + pushed.length + inserted.length + hostile.rejected.length,
    hostile: { poisoned: hostile.poisoned.length, refusedLocally: hostile.refusedLocally.length, rejected: hostile.rejected.length, protoKeys: hostile.protoKeys.length },
  };
}

interface Ledger {
  readonly expectedInc: Map<string, number>;
  readonly pushed: string[];
  readonly inserted: string[];
}

async function act(action: string, d: Device, random: Random, ctx: Ledger & { emulator: Awaited<ReturnType<typeof createEmulator>>; faults: boolean; step: number }): Promise<void> {
  switch (action) {
    case 'inc': {
      const id = pickOne(random, COUNTERS);
      // A document this device has not pulled yet cannot be updated locally: such a call matches
      // nothing (as it would online for a missing document) and is not counted.
      if (modified(await d.collection('counters').updateOne!({ _id: id }, { $inc: { n: 1 } }))) ctx.expectedInc.set(id, (ctx.expectedInc.get(id) ?? 0) + 1);
      return;
    }
    case 'push': {
      const id = pickOne(random, SHARED);
      const token = `t${ctx.step}-${Math.floor(random() * 1e9)}`;
      if (modified(await d.collection('shared').updateOne!({ _id: id }, { $push: { log: token } }))) ctx.pushed.push(`${id}:${token}`);
      return;
    }
    case 'insert': {
      const id = `l${ctx.step}-${Math.floor(random() * 1e9)}`;
      await d.collection('ledger').insertOne!({ _id: id, by: 'device' });
      ctx.inserted.push(id);
      return;
    }
    case 'set':
      await d.collection('shared').updateOne!({ _id: pickOne(random, SHARED) }, { $set: { note: `n${ctx.step}` } });
      return;
    case 'sync':
      await d.client.syncNow();
      return;
    case 'offline':
      d.platform.setOnline(false);
      return;
    case 'online':
      d.platform.setOnline(true);
      return;
    case 'restart':
      await d.restart();
      return;
    case 'faults':
      if (ctx.faults) ctx.emulator.setFaults({ dropRequestRate: 0.15, dropResponseRate: 0.15, errorRate: 0.1, latencyMs: Math.floor(random() * 3), seed: ctx.step });
      return;
    case 'time':
      await d.scheduler.advance(120_000);
      return;
  }
}

async function check(admin: Awaited<ReturnType<typeof anonymousSdk>>, devices: Device[], ledger: Ledger, problems: string[], poisoned: boolean): Promise<void> {
  for (const coll of ['counters', 'shared', 'ledger']) {
    const server = JSON.stringify(await serverDocs(admin, coll));
    for (const [i, d] of devices.entries()) {
      const local = JSON.stringify(await localDocs(d, coll));
      if (local !== server) problems.push(`device d${i} differs from the server in ${coll}:\n  local  ${local}\n  server ${server}`);
    }
  }
  const counters = (await serverDocs(admin, 'counters')) as Array<{ _id: string; n: number }>;
  for (const c of counters) {
    const want = ledger.expectedInc.get(c._id) ?? 0;
    if (c.n !== want) problems.push(`counter ${c._id} is ${c.n}, acknowledged $inc total ${want}`);
  }
  const shared = (await serverDocs(admin, 'shared')) as Array<{ _id: string; log: string[] }>;
  const logs = new Map(shared.map((s) => [s._id, s.log]));
  for (const entry of ledger.pushed) {
    const [id, token] = entry.split(':') as [string, string];
    const count = (logs.get(id) ?? []).filter((t) => t === token).length;
    if (count !== 1) problems.push(`$push ${token} on ${id} is there ${count} times`);
  }
  const ledgerIds = new Set(((await serverDocs(admin, 'ledger')) as Array<{ _id: string }>).map((d) => d._id));
  for (const id of ledger.inserted) if (!ledgerIds.has(id)) problems.push(`acknowledged insert ${id} is missing on the server`);
  for (const [i, d] of devices.entries()) {
    const status = d.client.status();
    if (status.pendingWrites !== 0) problems.push(`device d${i} still has ${status.pendingWrites} pending writes`);
    if (status.lastError && !(poisoned && status.lastError.code === 'FUTURE_STAMP')) problems.push(`device d${i} ends with an error: ${status.lastError.message}`);
  }
}

// Lets background sync work finish: macrotask turns until no device has a request in flight.
async function settle(devices: Device[]): Promise<void> {
  let idleTurns = 0;
  for (let i = 0; i < 400 && idleTurns < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    idleTurns = devices.every((d) => !d.client.status().syncing) ? idleTurns + 1 : 0;
  }
}

function modified(answer: { result: unknown }): boolean {
  return (answer.result as { modifiedCount?: number }).modifiedCount === 1;
}

function pick(random: Random, weighted: Array<[string, number]>): string {
  const total = weighted.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [name, w] of weighted) if ((r -= w) < 0) return name;
  return weighted[0]![0];
}

function pickOne<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}
