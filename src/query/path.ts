import type { JsonValue } from '../core/json';

/**
 * Every value a dotted path reaches, descending into arrays the way MongoDB does: `a.b` over
 * `{ a: [{ b: 1 }, { b: [2, 3] }] }` reaches `1` and `[2, 3]`. Numeric segments also index arrays.
 *
 * @param value - the document (or any value) to walk
 * @param path - e.g. `'a.b'`
 * @returns the values reached, in document order; empty when the path is missing
 */
export function valuesAtPath(value: JsonValue | undefined, path: string): JsonValue[] {
  const out: JsonValue[] = [];
  walk(value, path.split('.'), 0, out);
  return out;
}

function walk(value: JsonValue | undefined, parts: string[], i: number, out: JsonValue[]): void {
  if (value === undefined) return;
  if (i === parts.length) {
    out.push(value);
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    if (/^\d+$/.test(part)) {
      walk(value[Number(part)], parts, i + 1, out);
      return;
    }
    for (const item of value) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item)) walk(item[part], parts, i + 1, out);
    }
    return;
  }
  if (value !== null && typeof value === 'object') walk(value[part], parts, i + 1, out);
}
