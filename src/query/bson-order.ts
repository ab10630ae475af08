import type { JsonValue } from '../core/json';

/**
 * The place of a value's type in MongoDB's comparison order (BSON canonical types), for the types
 * a JSON document holds: missing and null, numbers, strings, objects, arrays, booleans. Dates and
 * ObjectIds travel as strings on the wire, so they sort as strings.
 */
export function typeRank(value: JsonValue | undefined): number {
  if (value === null || value === undefined) return 5;
  switch (typeof value) {
    case 'number':
      return 10;
    case 'string':
      return 15;
    case 'boolean':
      return 40;
    default:
      return Array.isArray(value) ? 25 : 20;
  }
}

/**
 * Compares two values as MongoDB orders them in a sort: by type first (null < numbers < strings <
 * objects < arrays < booleans), then by value. Strings compare by code point (MongoDB compares
 * their UTF-8 bytes), objects field by field in stored order (type, then name, then value), arrays
 * element by element; a shorter object or array that is a prefix of the other sorts first. A total
 * order, so sorting by it does not depend on the algorithm. `undefined` (a missing field) equals null.
 *
 * @example
 * [true, 'b', 2, null, [1], { a: 1 }].sort(compareValues); // [null, 2, 'b', { a: 1 }, [1], true]
 */
export function compareValues(a: JsonValue | undefined, b: JsonValue | undefined): number {
  const ta = typeof a;
  if (ta === typeof b) {
    if (ta === 'number') return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    if (ta === 'string') return compareStrings(a as string, b as string);
    if (ta === 'boolean') return a === b ? 0 : a ? 1 : -1;
  }
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (ra === 5) return 0;
  if (ra === 25) return compareArrays(a as JsonValue[], b as JsonValue[]);
  return compareObjects(a as Record<string, JsonValue>, b as Record<string, JsonValue>);
}

/**
 * MongoDB equality of two values: numbers by value, embedded documents field by field in order
 * (`{ a: 1, b: 2 }` is not `{ b: 2, a: 1 }`), arrays element by element.
 *
 * @example
 * equalValues({ a: 1, b: 2 }, { b: 2, a: 1 }); // false
 */
export function equalValues(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return compareValues(a, b) === 0;
}

/**
 * Compares strings by code point, the order of their UTF-8 bytes. JavaScript's `<` compares UTF-16
 * units, which puts a character above U+FFFF (a surrogate pair) before U+E000–U+FFFF; only a first
 * difference between two units at or above U+D800 needs the correction.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // Unless both strings hold a unit at or above U+D800, JavaScript's order is already right.
  if (!HIGH_UNIT.test(a) || !HIGH_UNIT.test(b)) return a < b ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) return codePointUnit(x) - codePointUnit(y);
    return x - y;
  }
  return a.length - b.length;
}

const HIGH_UNIT = /[\ud800-\uffff]/;

// Moves surrogates (U+D800–U+DFFF, which start characters above U+FFFF) above U+E000–U+FFFF.
function codePointUnit(unit: number): number {
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

function compareArrays(a: readonly JsonValue[], b: readonly JsonValue[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareObjects(a: Record<string, JsonValue>, b: Record<string, JsonValue>): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const fa = ka[i] as string;
    const fb = kb[i] as string;
    const va = a[fa];
    const vb = b[fb];
    // BSON compares each pair of fields by the type of the value, then the name, then the value.
    const ra = typeRank(va);
    const rb = typeRank(vb);
    if (ra !== rb) return ra < rb ? -1 : 1;
    const names = compareStrings(fa, fb);
    if (names !== 0) return names;
    const values = compareValues(va, vb);
    if (values !== 0) return values;
  }
  return ka.length - kb.length;
}
