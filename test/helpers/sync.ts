import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createEmulator, type Emulator } from '../../src/emulator';
import { createSyncClient, type SyncClient } from '../../src/index';
import type { CollectionConfig } from '../../src/client/options';
import type { SyncedCollection } from '../../src/client/synced-collection';
import { seededRandom } from '../../src/core/random';
import { dexieStorage, memoryStorage, type StorageBackend } from '../../src/store';
import { manualScheduler, memoryPlatform, type MemoryPlatform } from '../../src/testing';
import type { ManualScheduler } from '../../src/testing/manual-scheduler';
import { anonymousSdk, newSdk, type EmulatorAddress, type Sdk } from './sdk';

/** A collection object of a client (local) or of the SDK (online). */
export type Collection = SyncedCollection;

/** A storage place that survives a client (an app restart reopens it). */
export interface Place {
  open(): StorageBackend;
}

let dexieCounter = 0;

/** The backends sync scenarios run on: memory and IndexedDB (Dexie over fake-indexeddb). */
export const PLACES: Array<[string, () => Place]> = [
  [
    'memory',
    () => {
      const storage = memoryStorage();
      return { open: () => storage };
    },
  ],
  [
    'indexeddb',
    () => {
      const databaseName = `mpsync-sync-${++dexieCounter}`;
      return { open: () => dexieStorage({ indexedDB, IDBKeyRange, databaseName }) };
    },
  ],
];

/** One device: a platform the test drives, a storage place, and the client currently open on it. */
export interface Device {
  readonly platform: MemoryPlatform;
  readonly scheduler: ManualScheduler;
  client: SyncClient;
  collection(name: string): Collection;
  /** Closes the client and opens a new one on the same storage (the app was killed and restarted). */
  restart(): Promise<void>;
}

/** Opens a device with its own platform, scheduler and storage place. */
export async function openDevice(
  emulator: EmulatorAddress,
  place: Place,
  options: { online?: boolean; collections?: Record<string, CollectionConfig>; seed?: number; sdk?: () => Sdk } = {},
): Promise<Device> {
  const platform = memoryPlatform({ online: options.online ?? true });
  const scheduler = manualScheduler();
  const collections = options.collections ?? { todos: {} };
  // Every client of a device gets its own random sequence: write ids made by two clients must
  // never repeat (a repeated `_v` would let a stale compare-and-set match).
  let seed = (options.seed ?? 1) * 1000;
  const open = async () => {
    return createSyncClient({
      mpServerless: options.sdk ? options.sdk() : newSdk(emulator),
      platform,
      storage: place.open(),
      collections,
      sync: { scheduler, pollIntervalMs: 0 },
      random: seededRandom(seed++),
    });
  };
  const device: Device = {
    platform,
    scheduler,
    client: await open(),
    collection: (name) => device.client.db.collection(name),
    async restart() {
      await device.client.close();
      device.client = await open();
    },
  };
  return device;
}

/** The documents of a collection as the server holds them, bookkeeping fields removed, by `_id`. */
export async function serverDocs(sdk: Sdk, name: string, withTombstones = false): Promise<unknown[]> {
  const { result } = await sdk.db.collection(name).find(withTombstones ? {} : { _deleted: { $ne: true } }, { sort: { _id: 1 } });
  return JSON.parse(JSON.stringify(result)).map(({ _v: _a, _vh: _b, _mt: _c, _deleted: _d, ...doc }: Record<string, unknown>) => doc);
}

/** A device's cached documents of a collection, by `_id`. */
export async function localDocs(device: Device, name: string): Promise<unknown[]> {
  return JSON.parse(JSON.stringify((await device.collection(name).find({}, { sort: { _id: 1 } })).result));
}

/** What {@link useEmulatorDevices} hands a test file. */
export interface EmulatorDevices {
  /** The file's emulator (one for the whole file). */
  readonly emulator: Emulator;
  /** An anonymous SDK on it, to look at the server's side. */
  readonly admin: Sdk;
  /** Opens a device on a new place; it is closed after the test. Seeds differ per device (`salt` per file). */
  device(this: void, options?: Parameters<typeof openDevice>[2]): Promise<Device>;
}

/**
 * Registers the hooks of a file of device scenarios: one emulator for the file, and every device a
 * test opened closed after it (RxDB's free tier allows 13 open collections per process, and each
 * client holds one).
 */
export function useEmulatorDevices(makePlace: () => Place, salt: number): EmulatorDevices {
  let emulator: Emulator | undefined;
  // Set by beforeAll, before any test can read it.
  let admin!: Sdk;
  const devices: Device[] = [];
  let seeds = 0;
  beforeAll(async () => {
    emulator = await createEmulator({ port: 0 });
    admin = await anonymousSdk(emulator);
  });
  afterEach(async () => {
    for (const d of devices.splice(0)) await d.client.close();
  });
  afterAll(() => emulator?.stop());
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useEmulatorDevices: the emulator starts in beforeAll');
    return value;
  };
  return {
    get emulator() {
      return started(emulator);
    },
    get admin() {
      return admin;
    },
    device: async (options = {}) => {
      const d = await openDevice(started(emulator), makePlace(), { seed: ++seeds * 100 + salt, ...options });
      devices.push(d);
      return d;
    },
  };
}
