import type { Random } from '../../src/core/random';
import type { Sdk } from '../helpers/sdk';
import type { Device } from '../helpers/sync';

/** What hostile inputs did, for the invariants checked at the end of a run. */
export interface HostileLedger {
  /** Ledger documents another writer stamped far in the future (`_mt`): every device must still converge. */
  readonly poisoned: string[];
  /**
   * Poisoned writes whose answer was lost to a fault: each may or may not be on the server, so the
   * devices may rightly report `FUTURE_STAMP` for it, but nothing requires it to exist.
   */
  readonly maybePoisoned: string[];
  /** Writes refused at write time (too large for any request): never acknowledged, nowhere stored. */
  readonly refusedLocally: string[];
  /** Acknowledged writes the server must refuse for good: the writing device must hold a 'rejected' notice. */
  readonly rejected: Array<{ readonly device: number; readonly id: string }>;
  /** Acknowledged writes whose field names are `constructor`/`prototype`: stored as plain data everywhere. */
  readonly protoKeys: string[];
}

/** What a hostile input acts with. */
export interface HostileContext {
  readonly random: Random;
  readonly step: number;
  readonly device: Device;
  readonly deviceIndex: number;
  /** An SDK of another user, writing straight to the server. */
  readonly attacker: Sdk;
  readonly ledger: HostileLedger;
}

/** One kind of hostile input among the normal writes of a convergence run. */
export interface HostileInput {
  readonly name: string;
  /** Relative frequency among the hostile inputs. */
  readonly weight: number;
  run(ctx: HostileContext): Promise<void>;
}

/**
 * The request body limit of the run's emulator: well under the client's own 4 MiB check, so a
 * write can pass it locally and be refused by the server for good.
 */
export const SOAK_MAX_BODY_BYTES = 256 * 1024;

/**
 * The hostile inputs a convergence run mixes in. Add an entry to add a kind; each one records in
 * the ledger what the invariants must then find.
 */
export const HOSTILE_INPUTS: readonly HostileInput[] = [
  {
    name: 'poisoned _mt',
    weight: 2,
    async run({ attacker, step, random, ledger }) {
      const id = `poison${step}-${Math.floor(random() * 1e9)}`;
      const years = 1 + Math.floor(random() * 900);
      try {
        await attacker.db.collection('ledger').insertOne({ _id: id, by: 'attacker', _mt: new Date(Date.UTC(2100 + years, 0, 1)) });
      } catch {
        // A fault of the run's network: not written, or written with its answer lost.
        ledger.maybePoisoned.push(id);
        return;
      }
      ledger.poisoned.push(id);
    },
  },
  {
    name: 'over the request limit',
    weight: 1,
    async run({ device, step, random, ledger }) {
      const id = `huge${step}-${Math.floor(random() * 1e9)}`;
      try {
        await device.collection('ledger').insertOne({ _id: id, blob: 'h'.repeat(4 * 1024 * 1024) });
      } catch (error) {
        if ((error as { code?: string }).code === 'RequestTooLarge') {
          ledger.refusedLocally.push(id);
          return;
        }
        throw error;
      }
      throw new Error(`a 4 MiB document ${id} was accepted locally`);
    },
  },
  {
    name: 'refused by the server',
    weight: 2,
    async run({ device, deviceIndex, step, random, ledger }) {
      const id = `big${step}-${Math.floor(random() * 1e9)}`;
      await device.collection('ledger').insertOne({ _id: id, blob: 'b'.repeat(SOAK_MAX_BODY_BYTES) });
      ledger.rejected.push({ device: deviceIndex, id });
    },
  },
  {
    name: 'prototype field names',
    weight: 1,
    async run({ device, attacker, step, random, ledger }) {
      const id = `proto${step}-${Math.floor(random() * 1e9)}`;
      const ledgerOf = device.collection('ledger');
      await ledgerOf.insertOne({ _id: id, constructor: { prototype: { polluted: step } } });
      await ledgerOf.updateOne({ _id: id }, { $set: { 'constructor.prototype.toString': 'data', prototype: { polluted: step } } });
      ledger.protoKeys.push(id);
      // The reads that polluted prototypes through projections, on both sides.
      await ledgerOf.find({ _id: id }, { projection: { constructor: 1, prototype: 1 } });
      try {
        await attacker.db.collection('ledger').find({}, { projection: { constructor: 1 }, limit: 5 });
      } catch {
        // A fault of the run's network; the read is only there to touch the emulator's projection.
      }
    },
  },
];

/** Picks a hostile input by weight. */
export function pickHostile(random: Random): HostileInput {
  const total = HOSTILE_INPUTS.reduce((sum, input) => sum + input.weight, 0);
  let r = random() * total;
  for (const input of HOSTILE_INPUTS) if ((r -= input.weight) < 0) return input;
  return HOSTILE_INPUTS[0]!;
}

const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/** The invariants of the hostile inputs, after the network healed and every device synced. */
export function checkHostile(
  ledger: HostileLedger,
  server: ReadonlySet<string>,
  devices: readonly Device[],
  local: ReadonlyArray<ReadonlySet<string>>,
  problems: string[],
): void {
  for (const id of ledger.poisoned) if (!server.has(id)) problems.push(`poisoned document ${id} is missing on the server`);
  for (const id of ledger.protoKeys) if (!server.has(id)) problems.push(`document ${id} with prototype field names is missing on the server`);
  const inherited = Object.getOwnPropertyNames(Object.prototype).filter((name) => !PROTOTYPE_NAMES.has(name));
  if (inherited.length > 0) problems.push(`Object.prototype gained ${inherited.join(', ')}`);
  for (const id of ledger.refusedLocally) {
    if (server.has(id) || local.some((ids) => ids.has(id))) problems.push(`${id} was refused at write time but is stored somewhere`);
  }
  for (const { device, id } of ledger.rejected) {
    if (server.has(id)) problems.push(`${id} is over the server's limit but on the server`);
    const notices = devices[device]?.client.notices() ?? [];
    if (!notices.some((n) => n.kind === 'rejected' && n.docId === id && n.code === 'RequestTooLarge' && n.local?._id === id)) {
      problems.push(`device d${device} has no rejected notice for its refused write ${id}`);
    }
  }
}
