import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonValue } from '../../core/json';
import type { Scheduler } from '../../core/scheduler';
import { EmulatorError, GatewayErrorCode } from '../errors';
import { runAttributed } from './async-failures';

/** What a cloud function receives as its second argument. */
export interface FunctionContext {
  /** The calling user (from the access token). */
  readonly userId: string;
  readonly authType: string;
  readonly authProvider?: string;
  readonly spaceId: string;
  readonly requestId: string;
  /** Server-side access to the emulator's database, bypassing the network and its faults. */
  readonly mpserverless: { readonly db: ServerDb };
}

/** `context.mpserverless.db`: the database as a cloud function sees it. */
export interface ServerDb {
  collection(name: string): ServerCollection;
}

/** The 15 collection calls with the client SDK's argument lists; each resolves to `{ success, affectedDocs, result, ... }`. */
export type ServerCollection = Record<string, (...args: unknown[]) => Promise<Record<string, JsonValue>>>;

/** A cloud function: `module.exports = async (args, context) => result` (or an ESM default export). */
export type CloudFunction = (args: JsonValue, context: FunctionContext) => unknown;

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const EXTENSIONS = ['.js', '.mjs', '.cjs'];

/**
 * Loads and runs cloud functions from a folder: `NAME.js` answers `function.invoke('NAME', args)`.
 * A file is re-imported when its modification time changes, so editing a function needs no
 * emulator restart.
 */
export class FunctionRunner {
  readonly #dir: string | undefined;
  readonly #timeoutMs: number;
  readonly #scheduler: Scheduler;

  /**
   * @param timeoutMs - how long a call may take before it answers `FunctionExecutionFailed`
   * @param scheduler - the timer of that limit
   */
  constructor(dir: string | undefined, timeoutMs: number, scheduler: Scheduler) {
    this.#dir = dir;
    this.#timeoutMs = timeoutMs;
    this.#scheduler = scheduler;
  }

  /**
   * @throws `FunctionNotFound` for an unknown name; `FunctionExecutionFailed` when the file does not
   *   load, the function throws (also later, from a timer or an unawaited promise), or it does not
   *   settle within the time limit
   */
  async invoke(name: unknown, args: JsonValue, context: FunctionContext): Promise<unknown> {
    const fn = await this.#load(name);
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (settle: () => void): void => {
        if (done) return;
        done = true;
        cancel();
        settle();
      };
      const fail = (error: unknown): void => finish(() => reject(failed(name, `failed: ${messageOf(error)}`)));
      const cancel = this.#scheduler.setTimer(() => finish(() => reject(failed(name, `did not finish within ${this.#timeoutMs} ms`))), this.#timeoutMs);
      // An exception the function raises after it answered has nobody left to tell; it is dropped.
      runAttributed(fail, () => {
        Promise.resolve()
          .then(() => fn(args, context))
          .then((value) => finish(() => resolve(value)), fail);
      });
    });
  }

  async #load(name: unknown): Promise<CloudFunction> {
    if (typeof name !== 'string' || !NAME.test(name) || !this.#dir) throw notFound(name);
    for (const ext of EXTENSIONS) {
      const file = join(this.#dir, name + ext);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) continue;
      let mod: Record<string, unknown>;
      try {
        mod = (await import(`${pathToFileURL(file).href}?mtime=${info.mtimeMs}`)) as Record<string, unknown>;
      } catch (error) {
        // A syntax error, or a throw while the module loads.
        throw failed(name, `could not be loaded from ${name}${ext}: ${messageOf(error)}`);
      }
      const fn = mod.default ?? mod.main;
      if (typeof fn !== 'function') {
        throw new EmulatorError(
          GatewayErrorCode.FunctionExecutionFailed,
          `${name}${ext} must export a function (module.exports = async (args, context) => ...)`,
        );
      }
      return fn as CloudFunction;
    }
    throw notFound(name);
  }
}

function failed(name: unknown, what: string): EmulatorError {
  return new EmulatorError(GatewayErrorCode.FunctionExecutionFailed, `function ${String(name)} ${what}`);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) return String(error.message);
  return String(error);
}

function notFound(name: unknown): EmulatorError {
  return new EmulatorError(GatewayErrorCode.FunctionNotFound, `no cloud function named ${JSON.stringify(name)}`);
}
