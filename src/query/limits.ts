import { DbError, DbErrorCode } from '../core/db-error';
import type { JsonObject, JsonValue } from '../core/json';

/**
 * The limits every database command is held to, on the emulator and offline alike, so one
 * request can neither exhaust memory nor hold the process. Each is listed in `docs/emulator.md`.
 */
export const LIMITS = {
  /** Levels of nesting of a stored document (MongoDB's limit for user documents). */
  documentDepth: 100,
  /** Levels of nesting of any request argument (a filter, an update, a pipeline). */
  requestDepth: 200,
  /** Elements an update may add to an array to reach an index (MongoDB refuses more). */
  arrayPadding: 1_500_000,
  /** Elements of one array an expression computes (`$range`, `$concatArrays`, ...). */
  arrayElements: 1_000_000,
  /** Characters of one string an expression computes (`$concat`, ...). */
  stringLength: 16 * 1024 * 1024,
  /** Array elements all expressions of one command may compute together. */
  elementsPerCommand: 20_000_000,
} as const;

/**
 * Throws `BadValue` when `value` nests deeper than `limit` levels (`{ a: 1 }` is one level,
 * `{ a: { b: 1 } }` two). Iterative, so a value nested thousands of levels deep is refused
 * without exhausting the stack.
 *
 * @example
 * checkDepth({ a: { b: 1 } }, 1, 'doc'); // throws BadValue: doc is nested more than 1 levels deep
 */
export function checkDepth(value: JsonValue | undefined, limit: number, what: string): void {
  if (value === null || typeof value !== 'object') return;
  const stack: Array<[JsonValue, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [JsonValue, number];
    if (depth > limit) {
      throw new DbError(DbErrorCode.BadValue, `${what} is nested more than ${limit} levels deep`);
    }
    const children = Array.isArray(item) ? item : Object.values(item as JsonObject);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
}

// Update operators that create the path they name, padding an array with nulls up to an index.
const PADDING_OPS = ['$set', '$setOnInsert', '$inc', '$mul', '$min', '$max', '$currentDate', '$push', '$addToSet', '$bit'];

/**
 * Refuses, before anything runs, an operator update that would pad an array of `doc` by more than
 * {@link LIMITS.arrayPadding} elements to reach an index (`$set: { 'a.100000000': 1 }` on an
 * array `a`), as MongoDB does. An index into an object or a missing field is an ordinary field name.
 *
 * @throws `BadValue`
 * @example
 * checkArrayPadding({ _id: 1, a: [] }, { $set: { 'a.1500001': 1 } }); // throws BadValue
 */
export function checkArrayPadding(doc: JsonObject, ops: Readonly<Record<string, JsonObject>>): void {
  for (const op of PADDING_OPS) {
    const fields = ops[op];
    if (!fields) continue;
    for (const path of Object.keys(fields)) {
      if (!/\.\d{7,}(\.|$)/.test(path)) continue;
      // The values the path has reached so far; a positional segment ($, $[], $[name]) may stand
      // for any element, so it reaches them all.
      let reached: JsonValue[] = [doc];
      for (const segment of path.split('.')) {
        const next: JsonValue[] = [];
        for (const value of reached) {
          if (Array.isArray(value) && /^\d+$/.test(segment)) {
            if (Number(segment) + 1 - value.length > LIMITS.arrayPadding) {
              throw new DbError(DbErrorCode.BadValue, `can't backfill more than ${LIMITS.arrayPadding} elements (${op} ${path})`);
            }
            const item = value[Number(segment)];
            if (item !== undefined) next.push(item);
          } else if (Array.isArray(value) && segment.startsWith('$')) {
            next.push(...value);
          } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, segment)) {
            next.push(value[segment] as JsonValue);
          }
        }
        reached = next;
      }
    }
  }
}
