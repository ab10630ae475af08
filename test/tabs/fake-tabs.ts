/**
 * Tabs of one origin in one Node process: each has its own `BroadcastChannel` end (Node's, which
 * delivers between ends in one process as browsers do between tabs) that a test can cut, and all
 * share one storage and one stand-in for `navigator.locks`.
 */
import { openSyncClient, type SyncClient } from '../../src/client/sync-client';
import type { SyncClientOptions } from '../../src/client/options';
import { seededRandom } from '../../src/core/random';
import { memoryStorage } from '../../src/store';
import type { StorageBackend } from '../../src/store/backend';
import { openTabClient } from '../../src/tabs/tab-client';
import type { TabChannel, TabsEnvironment } from '../../src/tabs/ports';
import { manualScheduler, memoryPlatform } from '../../src/testing';
import { newSdk, type EmulatorAddress } from '../helpers/sdk';
import { fakeLocks, type FakeLocks } from '../helpers/web-locks';

export const LOCK = 'mpsync:indexeddb:tabs-test';

/** A channel end that stops delivering both ways once cut (its tab is gone). */
class CuttableChannel implements TabChannel {
  readonly #channel: BroadcastChannel;
  readonly #onPost: (message: unknown) => void;
  #cut = false;
  /** Set when the tab can still hear but no longer be heard. */
  muted = false;
  constructor(name: string, onPost: (message: unknown) => void) {
    this.#channel = new BroadcastChannel(name);
    this.#onPost = onPost;
  }
  postMessage(message: unknown): void {
    if (this.#cut || this.muted) return;
    this.#channel.postMessage(message);
    this.#onPost(message);
  }
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void {
    this.#channel.addEventListener(type, (event) => {
      if (!this.#cut) listener(event);
    });
  }
  close(): void {
    this.#cut = true;
    this.#channel.close();
  }
}

/** One tab: its client (the one the app sees), and, while it leads, the real client underneath. */
export interface FakeTab {
  readonly client: SyncClient;
  /** The client this tab opened on the storage, if it ever led. */
  real(): SyncClient | undefined;
  /** Every message this tab posted, oldest first. */
  readonly posted: unknown[];
  /** The tab crashes: nothing more comes in or out; what its client had queued still commits; its lock goes. */
  crash(): Promise<void>;
  /**
   * The tab stops being heard right after it has answered `answers` forwarded calls: it still
   * receives and runs calls, but their answers are lost (until it {@link crash}es). Resolves then.
   */
  muteAfter(answers: number): Promise<void>;
}

/** A browser profile: one storage, one lock manager, tabs opened on them. */
export interface FakeOrigin {
  readonly locks: FakeLocks;
  readonly storage: StorageBackend;
  open(options?: Partial<SyncClientOptions>): Promise<FakeTab>;
}

let origins = 0;

export function fakeOrigin(emulator: EmulatorAddress): FakeOrigin {
  const locks = fakeLocks();
  const storage = memoryStorage();
  const channelName = `mpsync:tabs:test-${++origins}`;
  let seed = 1;
  return {
    locks,
    storage,
    async open(overrides = {}) {
      const channels: CuttableChannel[] = [];
      let real: SyncClient | undefined;
      let answered = 0;
      let crashAt = Infinity;
      let crashing: Promise<void> | undefined;
      const posted: unknown[] = [];
      // The locks this tab holds: the browser lets go of them all when the tab dies.
      const mine = new Set<string>();
      const tabLocks: FakeLocks['locks'] = {
        request: (name, requestOptions, callback) =>
          locks.locks.request(name, requestOptions, (lock) => {
            if (lock === null) return callback(lock);
            mine.add(name);
            const held = callback(lock);
            if (held === undefined) mine.delete(name);
            return held?.finally(() => mine.delete(name));
          }),
      };
      const crash = (): Promise<void> => {
        crashing ??= (async () => {
          for (const channel of channels) channel.close();
          await real?.close();
          for (const name of [...mine]) locks.drop(name);
        })();
        return crashing;
      };
      let muted = (): void => undefined;
      const silent = new Promise<void>((resolve) => (muted = resolve));
      const env: TabsEnvironment = {
        locks: tabLocks,
        lockName: LOCK,
        openChannel: () => {
          const channel = new CuttableChannel(channelName, (message) => {
            posted.push(message);
            if ((message as { t?: unknown }).t !== 'answer' || ++answered !== crashAt) return;
            for (const c of channels) c.muted = true;
            muted();
          });
          channels.push(channel);
          return channel;
        },
        openStorage: () => storage,
      };
      const platform = memoryPlatform({ online: true });
      const options: SyncClientOptions = {
        mpServerless: newSdk(emulator),
        platform,
        collections: { todos: {} },
        sync: { scheduler: manualScheduler(), pollIntervalMs: 0 },
        random: seededRandom(seed++ * 7919),
        ...overrides,
      };
      const client = await openTabClient(options, env, async (opened) => {
        real = await openSyncClient(opened, () => platform);
        return real;
      });
      return {
        client,
        real: () => real,
        posted,
        crash,
        muteAfter(answers) {
          crashAt = answered + answers;
          return silent;
        },
      };
    },
  };
}
