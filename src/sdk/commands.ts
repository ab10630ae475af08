import type { JsonObject } from '../core/json';

/**
 * The argument names of each collection call of the official SDK, in order; `options` always
 * follows them (protocol §4.1). `db.collection(c).find(q, o)` travels as `{ query: q, options: o }`.
 */
const COMMAND_ARGUMENTS = {
  aggregate: ['pipeline'],
  count: ['query'],
  distinct: ['key', 'query'],
  find: ['query'],
  findOne: ['query'],
  insertOne: ['doc'],
  insertMany: ['docs'],
  updateOne: ['filter', 'update'],
  updateMany: ['filter', 'update'],
  replaceOne: ['filter', 'doc'],
  findOneAndUpdate: ['filter', 'update'],
  findOneAndReplace: ['filter', 'replacement'],
  findOneAndDelete: ['filter'],
  deleteOne: ['filter'],
  deleteMany: ['filter'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** One of the SDK's 15 collection calls. */
export type CollectionCommand = keyof typeof COMMAND_ARGUMENTS;

/** The SDK's 15 collection calls, by name. */
export const COLLECTION_COMMANDS = Object.keys(COMMAND_ARGUMENTS) as CollectionCommand[];

/**
 * The `params` object the SDK sends for a call, without `collection` and `command`: each argument
 * under its name (missing ones left out), then `options` (`{}` when absent or falsy), all in wire form
 * (a JSON round trip: dates become ISO strings, RegExps `{}`, undefined members vanish).
 *
 * @example
 * commandParams('find', [{ done: false }, { limit: 20 }]); // { query: { done: false }, options: { limit: 20 } }
 */
export function commandParams(command: string, args: readonly unknown[]): JsonObject {
  const names: readonly string[] = (COMMAND_ARGUMENTS as Readonly<Record<string, readonly string[] | undefined>>)[command] ?? [];
  const params: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (args[i] !== undefined) params[name] = args[i];
  });
  // The SDK sends `{}` for any falsy options argument (null, 0, '', false, NaN).
  params.options = args[names.length] || {};
  return JSON.parse(JSON.stringify(params)) as JsonObject;
}
