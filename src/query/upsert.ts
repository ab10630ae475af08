import { isPlainObject, type JsonObject, type JsonValue } from '../core/json';

/**
 * The document an upsert starts from: the equality conditions of its filter, as MongoDB takes
 * them (`{ a: 1, 'b.c': 2, $and: [{ d: 3 }], e: { $eq: 4 } }` → `{ a: 1, b: { c: 2 }, d: 3, e: 4 }`).
 * Operator conditions such as `$gt` contribute nothing.
 *
 * @example
 * upsertSeed({ listId: 'inbox', n: { $gt: 1 } }); // { listId: 'inbox' }
 */
export function upsertSeed(filter: JsonObject | undefined): JsonObject {
  const seed: JsonObject = {};
  if (filter) collect(filter, seed);
  return seed;
}

function collect(filter: JsonObject, seed: JsonObject): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) collect(part, seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    const equal = equalityValue(value);
    if (equal !== undefined) setPath(seed, key, equal);
  }
}

/**
 * The value a filter condition requires by equality (`'x'`, `{ $eq: 'x' }`), or `undefined` when
 * the condition uses other operators.
 */
export function equalityValue(value: JsonValue): JsonValue | undefined {
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 0 || !keys.some((k) => k.startsWith('$'))) return value;
  if (keys.length === 1 && keys[0] === '$eq') return value.$eq;
  return undefined;
}

function setPath(target: JsonObject, path: string, value: JsonValue): void {
  const parts = path.split('.');
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    const next = node[part];
    if (!isPlainObject(next)) node[part] = {};
    node = node[part] as JsonObject;
  }
  node[parts[parts.length - 1] as string] = value;
}
