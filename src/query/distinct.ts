import type { Doc, JsonValue } from '../core/json';
import { compareValues } from './bson-order';
import { valuesAtPath } from './path';

/**
 * MongoDB `distinct`: the distinct values at `key` over `docs`; array values count element by
 * element. Returned in MongoDB sort order so every evaluator answers in the same order.
 *
 * @example
 * distinctValues([{ tags: ['a', 'b'] }, { tags: 'a' }] as Doc[], 'tags'); // ['a', 'b']
 */
export function distinctValues(docs: Iterable<Doc>, key: string): JsonValue[] {
  const seen = new Map<string, JsonValue>();
  for (const doc of docs) {
    for (const value of valuesAtPath(doc, key)) {
      for (const v of Array.isArray(value) ? value : [value]) {
        const k = JSON.stringify(v);
        if (!seen.has(k)) seen.set(k, v);
      }
    }
  }
  return [...seen.values()].sort(compareValues);
}
