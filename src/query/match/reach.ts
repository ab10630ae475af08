import { hasOwn, isPlainObject, type JsonValue } from '../../core/json';

/** A value a path reaches; `undefined` stands for a missing field. */
export type Reached = JsonValue | undefined;

const INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * The values a dotted path reaches in a document, the way MongoDB's matcher walks it:
 * - an array met before the last segment is walked element by element: each subdocument goes on
 *   with the rest of the path, any other element (a scalar, null, a nested array) reaches a
 *   missing field; arrays of arrays are never flattened;
 * - a numeric segment over an array also picks the element at that index, besides looking for a
 *   field of that name in the subdocument elements (`a.1` over `[{ 1: 'x' }, 'y']` reaches both);
 * - the last value is returned as it is (an array stays one value; operators decide whether they
 *   look at its elements);
 * - a scalar met before the end, or a path that reaches nothing at all, reaches a missing field.
 *
 * @param doc - the document (or any value)
 * @param parts - the path split on `.`
 * @example
 * reach({ a: [{ b: 1 }, {}] }, ['a', 'b']); // [1, undefined]
 */
export function reach(doc: JsonValue | undefined, parts: readonly string[]): Reached[] {
  const out: Reached[] = [];
  walk(doc, parts, 0, out);
  if (out.length === 0) out.push(undefined);
  return out;
}

function walk(value: Reached, parts: readonly string[], i: number, out: Reached[]): void {
  if (i === parts.length) {
    out.push(value);
    return;
  }
  const part = parts[i] as string;
  if (Array.isArray(value)) {
    if (INDEX.test(part)) {
      const index = Number(part);
      if (index < value.length) walk(value[index], parts, i + 1, out);
      for (const item of value) if (isPlainObject(item) && hasOwn(item, part)) walk(item[part], parts, i + 1, out);
      return;
    }
    for (const item of value) {
      if (isPlainObject(item)) walk(hasOwn(item, part) ? item[part] : undefined, parts, i + 1, out);
      else out.push(undefined);
    }
    return;
  }
  if (isPlainObject(value)) {
    walk(hasOwn(value, part) ? value[part] : undefined, parts, i + 1, out);
    return;
  }
  out.push(undefined);
}
