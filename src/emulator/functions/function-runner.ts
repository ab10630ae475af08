import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { JsonValue } from '../../core/json';
import { EmulatorError, GatewayErrorCode } from '../errors';

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

  constructor(dir: string | undefined) {
    this.#dir = dir;
  }

  /**
   * @throws `FunctionNotFound` for an unknown name, `FunctionExecutionFailed` when the function throws
   */
  async invoke(name: unknown, args: JsonValue, context: FunctionContext): Promise<unknown> {
    const fn = await this.#load(name);
    try {
      return await fn(args, context);
    } catch (error) {
      const message = error instanceof Error ? error.message : typeof error === 'object' && error !== null && 'message' in error ? String(error.message) : String(error);
      throw new EmulatorError(GatewayErrorCode.FunctionExecutionFailed, `function ${String(name)} failed: ${message}`);
    }
  }

  async #load(name: unknown): Promise<CloudFunction> {
    if (typeof name !== 'string' || !NAME.test(name) || !this.#dir) throw notFound(name);
    for (const ext of EXTENSIONS) {
      const file = join(this.#dir, name + ext);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) continue;
      const mod = (await import(`${pathToFileURL(file).href}?mtime=${info.mtimeMs}`)) as Record<string, unknown>;
      const fn = mod.default ?? mod.main;
      if (typeof fn !== 'function') {
        throw new EmulatorError(GatewayErrorCode.FunctionExecutionFailed, `${name}${ext} must export a function (module.exports = async (args, context) => ...)`);
      }
      return fn as CloudFunction;
    }
    throw notFound(name);
  }
}

function notFound(name: unknown): EmulatorError {
  return new EmulatorError(GatewayErrorCode.FunctionNotFound, `no cloud function named ${JSON.stringify(name)}`);
}
