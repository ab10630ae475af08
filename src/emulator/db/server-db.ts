import type { JsonObject, JsonValue } from '../../core/json';
import type { ServerCollection, ServerDb } from '../functions/function-runner';
import type { Caller, DbService } from './execute';

// The SDK's argument names per command, in order (protocol §4.1); `options` always comes last.
const ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  aggregate: ['pipeline'], count: ['query'], distinct: ['key', 'query'], find: ['query'], findOne: ['query'],
  insertOne: ['doc'], insertMany: ['docs'], updateOne: ['filter', 'update'], updateMany: ['filter', 'update'],
  replaceOne: ['filter', 'doc'], findOneAndUpdate: ['filter', 'update'], findOneAndReplace: ['filter', 'replacement'],
  findOneAndDelete: ['filter'], deleteOne: ['filter'], deleteMany: ['filter'],
};

/**
 * The database handed to cloud functions as `context.mpserverless.db`: the same 15 calls as the
 * client SDK, evaluated directly (no network, no faults), answering `{ success: true, ...data }`.
 * Values go through JSON as they would on the wire, so a function writing a `Date` stores an ISO string.
 */
export function serverDb(db: DbService, caller: Caller): ServerDb {
  return {
    collection(name: string): ServerCollection {
      const collection: ServerCollection = {};
      for (const [command, names] of Object.entries(ARGUMENTS)) {
        collection[command] = (...args: unknown[]) => {
          const params: Record<string, unknown> = { collection: name };
          names.forEach((n, i) => (params[n] = args[i]));
          params.options = args[names.length] ?? {};
          params.command = command;
          const wire = JSON.parse(JSON.stringify(params)) as JsonObject;
          try {
            const answer = db.execute(wire, caller);
            return Promise.resolve(JSON.parse(JSON.stringify({ success: true, ...answer })) as Record<string, JsonValue>);
          } catch (error) {
            return Promise.reject(error instanceof Error ? error : new Error(String(error)));
          }
        };
      }
      return collection;
    },
  };
}
