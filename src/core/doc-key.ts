import type { JsonValue } from './json';

/**
 * The storage key of a document id. MongoDB compares `_id` values by type and value, and
 * compares embedded documents field by field in order, so the JSON text of the id is a
 * faithful key: `1` and `"1"` differ, `{a:1,b:2}` and `{b:2,a:1}` differ, as in MongoDB.
 *
 * @example
 * docKey('abc'); // '"abc"'
 * docKey(7);     // '7'
 */
export function docKey(id: JsonValue): string {
  return JSON.stringify(id);
}
