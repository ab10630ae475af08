import { DbError, DbErrorCode } from '../../core/db-error';
import { hasOwn, type JsonObject } from '../../core/json';
import { runGuarded } from './guarded';
import { findOneAndDelete, findOneAndReplace, findOneAndUpdate } from './find-and-modify';
import { insertMany, insertOne } from './insert';
import { aggregate, count, distinct, find, findOne } from './read';
import type { CollectionView, CommandEnv, CommandOutcome } from './types';
import { deleteMany, deleteOne, replaceOne, updateMany, updateOne } from './write';

export type { CollectionView, CommandEnv, CommandOutcome, DbAnswer, Write } from './types';

type Command = (view: CollectionView, params: JsonObject, env: CommandEnv) => CommandOutcome;

/** The 15 collection commands of `serverless.db.default.execute`, by wire name. */
export const DB_COMMANDS: Readonly<Record<string, Command>> = {
  aggregate,
  count,
  deleteMany,
  deleteOne,
  distinct,
  find,
  findOne,
  findOneAndDelete,
  findOneAndReplace,
  findOneAndUpdate,
  insertMany,
  insertOne,
  replaceOne,
  updateMany,
  updateOne,
};

/** Commands that only read. */
export const READ_COMMANDS: ReadonlySet<string> = new Set(['aggregate', 'count', 'distinct', 'find', 'findOne']);

/**
 * Evaluates one collection command with MongoDB semantics. Pure: it reads `view` and returns the
 * answer plus the writes that produce it; the caller applies the writes atomically (or not at all).
 *
 * @param command - the wire name, e.g. `'updateOne'`
 * @param params - the decoded params object (`filter`, `update`, `options`, ...)
 * @throws `DbError` with a documented code; nothing is to be written then
 * @example fragment
 * const { answer, writes } = runCommand(view, 'insertOne', { doc: { title: 'a' } }, env);
 */
export function runCommand(view: CollectionView, command: string, params: JsonObject, env: CommandEnv): CommandOutcome {
  const fn = hasOwn(DB_COMMANDS, command) ? DB_COMMANDS[command] : undefined;
  if (!fn) throw new DbError(DbErrorCode.CommandNotFound, `unknown command "${command}"`);
  return runGuarded(fn, view, params, env);
}
