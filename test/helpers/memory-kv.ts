import { MpsyncError } from '../../src/core/errors';
import { kvEntryBytes, type KvPort } from '../../src/store/kv/kv-port';

/** Options of {@link memoryKv}: the limits of the mini-program store it imitates. */
export interface MemoryKvOptions {
  /** Largest entry (key and value, as {@link kvEntryBytes} counts them); Alipay 200 KB, WeChat 1 MB. */
  readonly maxValueBytes: number;
  /** Largest total of all entries; 10 MB on every mini-program platform. */
  readonly quotaBytes: number;
}

/** A fault that {@link MemoryKv.injectFault} arms. */
export interface KvFault {
  /** The fault fires on the `at`-th `set` or `remove` from now (1 = the next one). */
  readonly at: number;
  /** After firing, every later `set` and `remove` throws too, until `heal()`: the process died there. */
  readonly crash?: boolean;
  /** What is thrown; default a plain `Error('injected kv fault')`. */
  readonly error?: Error;
}

/** An in-memory {@link KvPort} with the limits of a mini-program store and a fault hook for tests. */
export interface MemoryKv extends KvPort {
  /** Arms one fault; replaces any armed before. A write that throws changes nothing. */
  injectFault(fault: KvFault): void;
  /** Disarms the fault and ends a crash: writes work again. */
  heal(): void;
  /** Whether the armed fault has fired. */
  readonly faulted: boolean;
  /** How many `set` and `remove` calls were made so far, successful or not. */
  readonly writes: number;
  /** Total bytes of all entries, as {@link kvEntryBytes} counts them. */
  readonly usedBytes: number;
}

/**
 * A mini-program store in memory: `set` throws `MpsyncError('QUOTA_EXCEEDED')` for an entry over
 * `maxValueBytes` or a store over `quotaBytes`, as a full device store does. Hand the same object
 * to a new `kvStorage()` to simulate an app restart; `injectFault` makes the N-th write fail.
 *
 * @example
 * const kv = memoryKv({ maxValueBytes: 200 * 1024, quotaBytes: 10 * 1024 * 1024 });
 * kv.injectFault({ at: 3, crash: true }); // the third write and all after it throw
 */
export function memoryKv(options: MemoryKvOptions): MemoryKv {
  const entries = new Map<string, string>();
  let used = 0;
  let writes = 0;
  let fault: KvFault | undefined;
  let countdown = 0;
  let faulted = false;

  const step = (): void => {
    writes++;
    if (fault === undefined) return;
    if (faulted && fault.crash === true) throw fault.error ?? new Error('injected kv fault (crashed)');
    if (faulted || --countdown > 0) return;
    faulted = true;
    throw fault.error ?? new Error('injected kv fault');
  };
  const sizeOf = (key: string): number => {
    const value = entries.get(key);
    return value === undefined ? 0 : kvEntryBytes(key, value);
  };

  return {
    get: (key) => entries.get(key),
    set(key, value) {
      step();
      const bytes = kvEntryBytes(key, value);
      if (bytes > options.maxValueBytes) {
        throw new MpsyncError('QUOTA_EXCEEDED', `entry ${key} is ${bytes} bytes; the limit is ${options.maxValueBytes}`);
      }
      const next = used - sizeOf(key) + bytes;
      if (next > options.quotaBytes) {
        throw new MpsyncError('QUOTA_EXCEEDED', `the store would hold ${next} bytes; the limit is ${options.quotaBytes}`);
      }
      entries.set(key, value);
      used = next;
    },
    remove(key) {
      step();
      used -= sizeOf(key);
      entries.delete(key);
    },
    keys: () => [...entries.keys()],
    injectFault(next) {
      fault = next;
      countdown = next.at;
      faulted = false;
    },
    heal() {
      fault = undefined;
      faulted = false;
    },
    get faulted() {
      return faulted;
    },
    get writes() {
      return writes;
    },
    get usedBytes() {
      return used;
    },
  };
}
