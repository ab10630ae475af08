import { seededRandom, type Random } from '../../src/core/random';
import { sha256Hex } from '../../src/core/sha256';
import { createEmulator, createInProcessEmulator, type Emulator, type InProcessEmulator } from '../../src/emulator';
import { memoryStorage } from '../../src/store';
import { inProcessSdkAdapter, virtualScheduler, type ExchangeRecord, type VirtualScheduler } from '../../src/testing';
import { newSdk, sdkOn, type Sdk } from '../helpers/sdk';
import { localDocs, openDevice, serverDocs, type Device } from '../helpers/sync';
import { HOSTILE_INPUTS, checkHostile, pickHostile, SOAK_MAX_BODY_BYTES, type HostileLedger } from './hostile-inputs';

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
  /**
   * `'in-process'` (default): the SDKs reach an in-process emulator through the virtual network
   * scheduler, so a seed replays one interleaving exactly. `'http'`: real sockets (the request
   * order then varies from run to run).
   */
  readonly transport?: 'in-process' | 'http';
  /** Runs this action list instead of the one the seed makes (shrinking; replaying a printed list). */
  readonly actions?: readonly Action[];
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
  /** The actions that ran, in order (what `actions` replays). */
  readonly actions: readonly Action[];
  /** Every request in the order the SDKs saw the answers, and what came of it (in-process only). */
  readonly trace: readonly string[];
  /** SHA-256 of `trace`: two runs of one seed over the in-process transport have the same one. */
  readonly traceHash: string;
}

/** Action kinds a device performs. */
export type ActionKind = 'inc' | 'push' | 'insert' | 'set' | 'sync' | 'offline' | 'online' | 'restart' | 'faults' | 'time' | 'hostile';

/**
 * One step of a run: which device does what, at which step of the original list (ids are made
 * from it, so they stay the same when a shrunk list drops other steps), and the seed of the
 * action's own choices (which document, which token), so an action means the same alone.
 */
export interface Action {
  readonly step: number;
  readonly device: number;
  readonly kind: ActionKind;
  readonly seed: number;
  /** The hostile input's name, for `kind: 'hostile'`. */
  readonly input?: string;
}

const COUNTERS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
const SHARED = ['s0', 's1', 's2', 's3', 's4'];
const WEIGHTS: Array<[ActionKind, number]> = [
  ['inc', 6],
  ['push', 4],
  ['insert', 3],
  ['set', 2],
  ['sync', 4],
  ['offline', 2],
  ['online', 3],
  ['restart', 1],
  ['faults', 1],
  ['time', 1],
];
const TRANSIENT = ['OFFLINE', 'TIMEOUT', 'UNAVAILABLE', 'CLOSED', 'ServiceUnavailable'];

/** The action list a seed makes; `runConvergence` runs it unless given another. */
export function actionsOf(seed: number, options: { devices?: number | undefined; steps?: number | undefined; hostile?: boolean | undefined } = {}): Action[] {
  const random = seededRandom(seed);
  const hostileRandom = seededRandom(seed * 7919 + 17);
  const devices = options.devices ?? 3;
  const actions: Action[] = [];
  for (let step = 0; step < (options.steps ?? 120); step++) {
    const device = Math.floor(random() * devices);
    const kind = pick(random, WEIGHTS);
    const actionSeed = Math.floor(random() * 2 ** 31);
    if ((options.hostile ?? true) && hostileRandom() < 0.08) {
      const input = pickHostile(hostileRandom).name;
      actions.push({ step, device, kind: 'hostile', input, seed: Math.floor(hostileRandom() * 2 ** 31) });
    }
    actions.push({ step, device, kind, seed: actionSeed });
  }
  return actions;
}

/** An action as one line: `d1 inc`, `d0 hostile poisoned _mt`. */
export function describeAction(action: Action): string {
  return `#${action.step} d${action.device} ${action.kind}${action.input ? ` ${action.input}` : ''}`;
}

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
 * Over the in-process transport every request is handed over, delayed and answered in a timer of
 * one virtual network scheduler, and the emulator's clock is that scheduler's, so a seed (or an
 * action list) replays one interleaving exactly: `traceHash` says so.
 */
export async function runConvergence(options: ConvergenceOptions): Promise<ConvergenceReport> {
  const deviceCount = options.devices ?? 3;
  const plan = options.actions ?? actionsOf(options.seed, { devices: deviceCount, steps: options.steps, hostile: options.hostile });
  const hostile: HostileLedger = { poisoned: [], maybePoisoned: [], refusedLocally: [], rejected: [], protoKeys: [] };
  const trace: string[] = [];
  const net = await openNetwork(options, trace);
  const { emulator } = net;
  const problems: string[] = [];
  const expectedInc = new Map<string, number>();
  const pushed: string[] = [];
  const inserted: string[] = [];
  const devices: Device[] = [];
  try {
    const admin = await net.newSdk('mpsync-admin');
    await admin.init({ authType: 'anonymous' });
    for (const id of [...COUNTERS, ...SHARED])
      await admin.db.collection(id.startsWith('c') ? 'counters' : 'shared').insertOne({ _id: id, n: 0, log: [], _v: `seed-${id}`, _vh: [`seed-${id}`] });
    await admin.db.collection('counters').updateMany({}, { $currentDate: { _mt: true } });
    await admin.db.collection('shared').updateMany({}, { $currentDate: { _mt: true } });
    const collections = { counters: {}, shared: {}, ledger: {} };
    for (let i = 0; i < deviceCount; i++) {
      const storage = memoryStorage();
      devices.push(await openDevice(emulator, { open: () => storage }, { collections, seed: options.seed * 10 + i, sdk: () => net.newSdk(`d${i}`) }));
    }
    for (const action of plan) {
      const d = devices[action.device] as Device;
      const name = `d${action.device}`;
      const random = seededRandom(action.seed);
      try {
        if (action.kind === 'hostile') {
          const input = HOSTILE_INPUTS.find((h) => h.name === action.input);
          if (!input) throw new Error(`unknown hostile input ${String(action.input)}`);
          await input.run({ random, step: action.step, device: d, deviceIndex: action.device, attacker: admin, ledger: hostile });
        } else {
          await act(action.kind, d, random, { expectedInc, pushed, inserted, emulator, faults: options.faults ?? true, step: action.step });
        }
      } catch (error) {
        const code = (error as { code?: string }).code;
        // A write that fails is not acknowledged; a sync round may fail while faults are on.
        if (!TRANSIENT.includes(code ?? '')) problems.push(`${describeAction(action)}: ${String(error)}`);
      }
      await settle(devices, net.scheduler);
      await options.onStep?.(action.step, `${name} ${action.kind}`, devices);
    }
    // Heal: no faults, everyone online, sync until nothing is pending anywhere.
    emulator.setFaults({});
    for (const d of devices) d.platform.setOnline(true);
    for (let round = 0; round < 8; round++) {
      for (const d of devices) await d.client.syncNow().catch(() => undefined);
      await settle(devices, net.scheduler);
      if (devices.every((d) => d.client.status().pendingWrites === 0)) break;
    }
    for (const d of devices) await d.client.syncNow().catch((e: unknown) => problems.push(`final sync: ${String(e)}`));
    await check(admin, devices, { expectedInc, pushed, inserted }, problems, hostile.poisoned.length + hostile.maybePoisoned.length > 0);
    const ids = (docs: unknown[]) => new Set((docs as Array<{ _id: string }>).map((doc) => doc._id));
    const local = await Promise.all(devices.map(async (d) => ids(await localDocs(d, 'ledger'))));
    checkHostile(hostile, ids(await serverDocs(admin, 'ledger')), devices, local, problems);
  } finally {
    for (const d of devices) await d.client.close().catch(() => undefined);
    await emulator.stop();
  }
  return {
    seed: options.seed,
    problems,
    actions: plan,
    trace,
    traceHash: sha256Hex(trace.join('\n')),
    acknowledged: [...expectedInc.values()].reduce((a, b) => a + b, 0) + pushed.length + inserted.length + hostile.rejected.length,
    hostile: {
      poisoned: hostile.poisoned.length,
      refusedLocally: hostile.refusedLocally.length,
      rejected: hostile.rejected.length,
      protoKeys: hostile.protoKeys.length,
    },
  };
}

interface Network {
  readonly emulator: Emulator | InProcessEmulator;
  /** The virtual network's scheduler; absent over real sockets. */
  readonly scheduler?: VirtualScheduler;
  /** A new official SDK instance on this network; `who` names it in the trace. */
  newSdk(who: string): Sdk;
}

async function openNetwork(options: ConvergenceOptions, trace: string[]): Promise<Network> {
  const random = seededRandom(options.seed + 1);
  if (options.transport === 'http') {
    const emulator = await createEmulator({ port: 0, random, maxBodyBytes: SOAK_MAX_BODY_BYTES });
    return { emulator, newSdk: () => newSdk(emulator) };
  }
  const scheduler = virtualScheduler();
  // The emulator's clock is the network's: `_mt` stamps, ids and tokens come out the same every run.
  const emulator = await createInProcessEmulator({ random, now: scheduler.now, maxBodyBytes: SOAK_MAX_BODY_BYTES });
  return {
    emulator,
    scheduler,
    newSdk: (who) => sdkOn(inProcessSdkAdapter(emulator, { scheduler, onExchange: (record) => trace.push(traceLine(who, scheduler.now(), record)) }), emulator),
  };
}

function traceLine(who: string, at: number, record: ExchangeRecord): string {
  const outcome = record.outcome === 'lost' ? `lost${record.applied ? ' (applied)' : ''}` : `${record.outcome} ${JSON.stringify(withoutToken(record.answer))}`;
  return `${at} ${who} ${record.method} ${JSON.stringify(record.params)} -> ${outcome}`;
}

// Access tokens are signed with the wall clock's expiry; they carry no meaning for a replay.
function withoutToken(answer: unknown): unknown {
  const result = (answer as { data?: { accessToken?: unknown } } | undefined)?.data;
  if (result && typeof result === 'object' && 'accessToken' in result) return { ...(answer as object), data: { ...result, accessToken: '…' } };
  return answer;
}

interface Ledger {
  readonly expectedInc: Map<string, number>;
  readonly pushed: string[];
  readonly inserted: string[];
}

async function act(
  action: ActionKind,
  d: Device,
  random: Random,
  ctx: Ledger & { emulator: Emulator | InProcessEmulator; faults: boolean; step: number },
): Promise<void> {
  switch (action) {
    case 'inc': {
      const id = pickOne(random, COUNTERS);
      // A document this device has not pulled yet cannot be updated locally: such a call matches
      // nothing (as it would online for a missing document) and is not counted.
      if (modified(await d.collection('counters').updateOne({ _id: id }, { $inc: { n: 1 } }))) ctx.expectedInc.set(id, (ctx.expectedInc.get(id) ?? 0) + 1);
      return;
    }
    case 'push': {
      const id = pickOne(random, SHARED);
      const token = `t${ctx.step}-${Math.floor(random() * 1e9)}`;
      if (modified(await d.collection('shared').updateOne({ _id: id }, { $push: { log: token } }))) ctx.pushed.push(`${id}:${token}`);
      return;
    }
    case 'insert': {
      const id = `l${ctx.step}-${Math.floor(random() * 1e9)}`;
      await d.collection('ledger').insertOne({ _id: id, by: 'device' });
      ctx.inserted.push(id);
      return;
    }
    case 'set':
      await d.collection('shared').updateOne({ _id: pickOne(random, SHARED) }, { $set: { note: `n${ctx.step}` } });
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
      if (ctx.faults)
        ctx.emulator.setFaults({ dropRequestRate: 0.15, dropResponseRate: 0.15, errorRate: 0.1, latencyMs: Math.floor(random() * 3), seed: ctx.step });
      return;
    case 'time':
      await d.scheduler.advance(120_000);
      return;
  }
}

async function check(admin: Sdk, devices: Device[], ledger: Ledger, problems: string[], poisoned: boolean): Promise<void> {
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
    if (status.lastError && !(poisoned && status.lastError.code === 'FUTURE_STAMP'))
      problems.push(`device d${i} ends with an error: ${status.lastError.message}`);
  }
}

// Lets background sync work finish: the network answers everything handed to it, then macrotask
// turns until no device has a request in flight.
async function settle(devices: Device[], network: VirtualScheduler | undefined): Promise<void> {
  let idleTurns = 0;
  for (let i = 0; i < 400 && idleTurns < 3; i++) {
    await network?.idle();
    await new Promise((resolve) => setImmediate(resolve));
    idleTurns = devices.every((d) => !d.client.status().syncing) ? idleTurns + 1 : 0;
  }
}

function modified(answer: { result?: unknown }): boolean {
  return (answer.result as { modifiedCount?: number }).modifiedCount === 1;
}

function pick<T extends string>(random: Random, weighted: Array<[T, number]>): T {
  const total = weighted.reduce((a, [, w]) => a + w, 0);
  let r = random() * total;
  for (const [name, w] of weighted) if ((r -= w) < 0) return name;
  return weighted[0]![0];
}

function pickOne<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}
