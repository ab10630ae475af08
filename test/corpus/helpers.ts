import type { JsonValue } from '../../src/core/json';

/** `find` options that keep only `_id`, so a case can list which documents matched. */
export const ID_ONLY = { projection: { _id: 1 } } as const;

/** The answer of a `find` with {@link ID_ONLY}: these `_id`s, in this order. */
export function ids(...list: JsonValue[]): { affectedDocs: number; result: Array<{ _id: JsonValue }> } {
  return { affectedDocs: list.length, result: list.map((_id) => ({ _id })) };
}

/** The answer of `updateOne`, `updateMany` and `replaceOne`. */
export function updated(matchedCount: number, modifiedCount: number, upsertedId: JsonValue = null): Record<string, unknown> {
  return {
    affectedDocs: modifiedCount + (upsertedId === null ? 0 : 1),
    result: { matchedCount, modifiedCount, upsertedId },
  };
}
