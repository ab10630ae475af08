import type { Doc, JsonObject } from '../../../src/core/json';
import { objectIdGenerator } from '../../../src/core/object-id';
import { seededRandom } from '../../../src/core/random';
import type { Now } from '../../../src/core/clock';
import { commandParams } from '../../../src/sdk/commands';
import { runCommand, type CollectionView } from '../../../src/query/commands';

/** How one scripted call fails: never reaches the server, reaches it and loses the reply, or is refused. */
export type ScriptedFault = 'drop-request' | 'drop-reply' | { readonly code: string; readonly message: string };

/** One SDK collection call a client made, and what came of it. */
export interface CallRecord {
  readonly client: string;
  readonly collection: string;
  readonly method: string;
  readonly params: JsonObject;
  /** `'ok'`, `'dropped'` (never applied), `'reply lost'` (applied) or the refusal's code. */
  readonly outcome: string;
}

/** An SDK collection as mpsync calls it: the 15 methods, each resolving to `{ success, affectedDocs, result }`. */
export type FakeCollection = Record<string, (...args: unknown[]) => Promise<Record<string, unknown>>>;

/**
 * The server side of the spec tests: documents in memory, every call evaluated by the same
 * command code the emulator runs (`runCommand`), with failures scripted per call. No network, no
 * SDK: what a spec checks is the replication's dialogue with the SDK's collection calls.
 */
export class FakeServer {
  readonly calls: CallRecord[] = [];
  readonly #collections = new Map<string, Map<string, Doc>>();
  readonly #script: Array<{ client?: string; collection?: string; method: string; fault: ScriptedFault }> = [];
  readonly #now: Now;
  readonly #newId: () => string;

  constructor(now: Now) {
    this.#now = now;
    this.#newId = objectIdGenerator(now, seededRandom(7));
  }

  /** The next matching call fails with `fault` (each scripted fault is used once). */
  failNext(method: string, fault: ScriptedFault, where: { client?: string; collection?: string } = {}): void {
    this.#script.push({ method, fault, ...where });
  }

  /** How many scripted faults have not struck yet. */
  get unusedFaults(): number {
    return this.#script.length;
  }

  /** Documents of a collection as stored, by `_id` order of insertion. */
  docs(collection: string): Doc[] {
    return [...(this.#collections.get(collection)?.values() ?? [])].map((doc) => structuredClone(doc));
  }

  /**
   * Runs one command as a caller named `client` would; a scripted fault strikes the first call it
   * matches, unless `scripted` is false (another writer's calls, which the script is not about).
   */
  async call(client: string, collection: string, method: string, args: readonly unknown[], scripted = true): Promise<Record<string, unknown>> {
    const params = commandParams(method, args);
    const index = !scripted
      ? -1
      : this.#script.findIndex((s) => s.method === method && (s.client ?? client) === client && (s.collection ?? collection) === collection);
    const fault = index >= 0 ? this.#script.splice(index, 1)[0]?.fault : undefined;
    const record = (outcome: string) => this.calls.push({ client, collection, method, params, outcome });
    // Answers come back in a later turn, as over a network.
    await Promise.resolve();
    if (fault === 'drop-request') {
      record('dropped');
      throw new Error('request:fail scripted: the request never reached the server');
    }
    if (typeof fault === 'object') {
      record(fault.code);
      // The SDK throws plain `{ code, message }` objects for server errors.
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the SDK's own shape
      throw { code: fault.code, message: fault.message };
    }
    const answer = this.#apply(collection, method, params);
    if (fault === 'drop-reply') {
      record('reply lost');
      throw new Error('request:fail scripted: the reply was lost after the write was applied');
    }
    record('ok');
    return { success: true, ...answer };
  }

  /** An object with the SDK collection's calls, made by `client`. */
  collection(client: string, name: string): FakeCollection {
    return new Proxy(
      {},
      {
        get: (_target, method) => (typeof method === 'string' ? (...args: unknown[]) => this.call(client, name, method, args) : undefined),
      },
    );
  }

  #apply(collection: string, method: string, params: JsonObject): JsonObject {
    let docs = this.#collections.get(collection);
    if (!docs) this.#collections.set(collection, (docs = new Map()));
    const store = docs;
    const view: CollectionView = { scan: () => store.values(), get: (key) => store.get(key) };
    const { answer, writes } = runCommand(view, method, params, { now: this.#now, newId: this.#newId });
    for (const write of writes) {
      if (write.kind === 'delete') store.delete(write.key);
      else store.set(write.key, write.doc);
    }
    return JSON.parse(JSON.stringify(answer)) as JsonObject;
  }
}
