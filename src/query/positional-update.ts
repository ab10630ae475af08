import { DbError, DbErrorCode } from '../core/db-error';
import type { Doc, JsonObject } from '../core/json';
import { matchedIndex } from './matched-index';

/**
 * Replaces the positional `$` in the paths of an update with the index the filter records for the
 * document ({@link matchedIndex}, the same index a positional projection uses): `{ 'a.x': 2 }`
 * matching the second element of `a` makes `'a.$.y'` `'a.1.y'`, and so does `{ x: 92 }` for
 * `'y.$'` when `x` matches at index 1. Other operators and paths are returned as they are.
 *
 * @throws `BadValue` when a path uses `$` and no condition of the filter matched through an array
 */
export function resolvePositional(doc: Doc, ops: Readonly<Record<string, JsonObject>>, filter: JsonObject | undefined): Readonly<Record<string, JsonObject>> {
  if (!Object.values(ops).some((arg) => Object.keys(arg).some(isPositional))) return ops;
  const index = matchedIndex(filter ?? {})(doc);
  const out: Record<string, JsonObject> = {};
  for (const [op, arg] of Object.entries(ops)) {
    out[op] = Object.fromEntries(
      Object.entries(arg).map(([path, value]) => {
        if (!isPositional(path)) return [path, value];
        if (index === undefined) throw new DbError(DbErrorCode.BadValue, 'The positional operator did not find the match needed from the query.');
        return [
          path
            .split('.')
            .map((part) => (part === '$' ? String(index) : part))
            .join('.'),
          value,
        ];
      }),
    );
  }
  return out;
}

const POSITIONAL = /(^|\.)\$(\.|$)/;

function isPositional(path: string): boolean {
  return POSITIONAL.test(path);
}
