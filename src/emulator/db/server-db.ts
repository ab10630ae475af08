import type { JsonValue } from '../../core/json';
import { COLLECTION_COMMANDS, commandParams } from '../../sdk/commands';
import type { ServerCollection, ServerDb } from '../functions/function-runner';
import type { Caller, DbService } from './execute';

/**
 * The database handed to cloud functions as `context.mpserverless.db`: the same 15 calls as the
 * client SDK, evaluated directly (no network, no faults), answering `{ success: true, ...data }`.
 * Values go through JSON as they would on the wire, so a function writing a `Date` stores an ISO string.
 */
export function serverDb(db: DbService, caller: Caller): ServerDb {
  return {
    collection(name: string): ServerCollection {
      const collection: ServerCollection = {};
      for (const command of COLLECTION_COMMANDS) {
        collection[command] = async (...args: unknown[]) => {
          const answer = await db.execute({ collection: name, ...commandParams(command, args), command }, caller);
          return JSON.parse(JSON.stringify({ success: true, ...answer })) as Record<string, JsonValue>;
        };
      }
      return collection;
    },
  };
}
