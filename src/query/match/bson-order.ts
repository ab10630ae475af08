import type { JsonObject, JsonValue } from '../../core/json';

/**
 * MongoDB's canonical type order for the values JSON can carry (missing and MinKey/MaxKey aside):
 * null < numbers < strings < objects < arrays < booleans. Dates travel as ISO strings on the
 * mpserverless wire, so they rank as strings here.
 */
export function typeRank(value: JsonValue): number {
  if (value === null) return 1;
  switch (typeof value) {
    case 'number':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 6;
    default:
      return Array.isArray(value) ? 5 : 4;
  }
}

/**
 * Compares two JSON values in MongoDB's BSON order: first by canonical type, then by value.
 * Strings compare by code unit; embedded documents field by field in their stored order (type,
 * then name, then value), a prefix first; arrays element by element, a prefix first.
 *
 * @returns a negative number, 0 or a positive number
 * @example
 * compareBson([1, 2], [1, 3]); // < 0
 * compareBson({ a: 1 }, 'x');  // > 0: every object ranks above every string
 */
export function compareBson(a: JsonValue, b: JsonValue): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 1:
      return 0;
    case 2:
    case 3:
    case 6:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case 5:
      return compareArrays(a as JsonValue[], b as JsonValue[]);
    default:
      return compareObjects(a as JsonObject, b as JsonObject);
  }
}

function compareArrays(a: readonly JsonValue[], b: readonly JsonValue[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareBson(a[i] as JsonValue, b[i] as JsonValue);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

// BSON compares an embedded document element by element: each element's type first, then its
// field name, then its value; a document that is a prefix of the other is smaller.
function compareObjects(a: JsonObject, b: JsonObject): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const x = a[ka[i] as string] as JsonValue;
    const y = b[kb[i] as string] as JsonValue;
    const byType = typeRank(x) - typeRank(y);
    if (byType !== 0) return byType;
    const name = ka[i] as string;
    const other = kb[i] as string;
    if (name !== other) return name < other ? -1 : 1;
    const c = compareBson(x, y);
    if (c !== 0) return c;
  }
  return ka.length - kb.length;
}

/**
 * MongoDB equality of two JSON values: numbers by value, embedded documents field by field in
 * order (`{ a: 1, b: 2 }` is not `{ b: 2, a: 1 }`), arrays element by element.
 */
export function equalBson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return compareBson(a, b) === 0;
}
