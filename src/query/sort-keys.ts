import { DbError, DbErrorCode } from '../core/db-error';
import { isPlainObject, type Doc, type JsonValue } from '../core/json';
import { compareValues } from './bson-order';

/** A validated sort: `[path, direction]` pairs in priority order. */
export type SortSpec = ReadonlyArray<readonly [string, 1 | -1]>;

/**
 * Stands for an empty array at the end of a sort path, which sorts before null and missing
 * (MongoDB keys it as `undefined`).
 */
const EMPTY_ARRAY = Symbol('empty array');
/** One sort key: a value, or the marker for an empty array. */
export type SortKey = JsonValue | typeof EMPTY_ARRAY;
/** The sort keys of a document under a spec, one per `[path, direction]`. */
export type SortKeys = readonly SortKey[];

/** Compares two sort keys in MongoDB order (the empty-array marker first, then null and the rest). */
function compareKeys(a: SortKey, b: SortKey): number {
  if (a === EMPTY_ARRAY) return b === EMPTY_ARRAY ? 0 : -1;
  if (b === EMPTY_ARRAY) return 1;
  return compareValues(a, b);
}

/** Compares two documents' {@link SortKeys} under `spec`: negative when `x` sorts first, 0 on a tie. */
export function compareSortKeys(spec: SortSpec, x: SortKeys, y: SortKeys): number {
  for (let i = 0; i < spec.length; i++) {
    const c = compareKeys(x[i] as SortKey, y[i] as SortKey);
    if (c !== 0) return c * (spec[i] as readonly [string, 1 | -1])[1];
  }
  return 0;
}

/**
 * A document's sort keys, as MongoDB makes them: every path yields its values the way an index
 * key does (an array in the path or at its end is taken element by element, an element without the
 * field yields null, an empty array at the end yields the marker that sorts before null, an array
 * directly inside an array stays whole), keys under the same array come from the same element, and
 * of all the combinations the one that sorts first under `spec` is the document's: an array sorts
 * by its smallest element ascending and its largest descending.
 *
 * @throws `BadValue` when two sort paths run through different arrays ("parallel arrays"), which
 *   MongoDB cannot sort
 */
export function sortKeysOf(doc: Doc, spec: SortSpec): SortKeys {
  // Fast path: top-level fields holding no array (the common case) need no walk.
  const simple: SortKey[] = [];
  for (const [path] of spec) {
    if (path.includes('.')) break;
    const value = doc[path];
    if (Array.isArray(value)) break;
    simple.push(value === undefined ? null : value);
  }
  if (simple.length === spec.length) return simple;

  let best: SortKey[] | undefined;
  const states = spec.map(([path]): State => ({ parts: path.split('.'), i: 0, value: doc, inArray: false }));
  generate(states, (tuple) => {
    if (best === undefined || compareSortKeys(spec, tuple, best) < 0) best = tuple;
  });
  return best as SortKey[];
}

/** One sort path on its way through a document, or the key it has come to. */
type State =
  { readonly parts: readonly string[]; readonly i: number; readonly value: JsonValue | undefined; readonly inArray: boolean } | { readonly key: SortKey };

// What one path needs next: nothing (its key is known), or the array it stands on, taken element
// by element as keys (at the end of the path) or walked into (inside the path).
type Step =
  | { readonly kind: 'key'; readonly key: SortKey }
  | { readonly kind: 'leaf'; readonly array: readonly JsonValue[] }
  | { readonly kind: 'walk'; readonly array: readonly JsonValue[]; readonly parts: readonly string[]; readonly i: number };

const NUMERIC = /^\d+$/;

function advance(state: State): Step {
  if ('key' in state) return { kind: 'key', key: state.key };
  let { i, value, inArray } = state;
  const { parts } = state;
  for (;;) {
    if (value === undefined) return { kind: 'key', key: null };
    if (i === parts.length) {
      // An array directly inside an array stays whole.
      if (Array.isArray(value) && !inArray) return { kind: 'leaf', array: value };
      return { kind: 'key', key: value };
    }
    const part = parts[i] as string;
    if (Array.isArray(value)) {
      if (NUMERIC.test(part)) {
        // A numeric component picks that element.
        value = value[Number(part)];
        inArray = true;
        i++;
        continue;
      }
      // Any other component walks on inside every element, but not inside arrays of arrays.
      if (inArray) return { kind: 'key', key: null };
      return { kind: 'walk', array: value, parts, i };
    }
    // A scalar has no fields: the path yields null there.
    if (!isPlainObject(value)) return { kind: 'key', key: null };
    value = value[part];
    inArray = false;
    i++;
  }
}

function generate(states: readonly State[], emit: (tuple: SortKey[]) => void): void {
  const steps = states.map(advance);
  let array: readonly JsonValue[] | undefined;
  for (const step of steps) {
    if (step.kind === 'key') continue;
    if (array !== undefined && array !== step.array) throw new DbError(DbErrorCode.BadValue, 'cannot sort with keys that are parallel arrays');
    array = step.array;
  }
  if (array === undefined) {
    emit(steps.map((s) => (s as { key: SortKey }).key));
    return;
  }
  if (array.length === 0) {
    // An empty array ends every path on it: the marker at a path's end, null inside a path.
    emit(steps.map((s) => (s.kind === 'key' ? s.key : s.kind === 'leaf' ? EMPTY_ARRAY : null)));
    return;
  }
  // Paths that end at the array take its elements as keys; with none walking into it, no recursion.
  if (steps.every((s) => s.kind !== 'walk')) {
    const tuple = steps.map((s) => (s.kind === 'key' ? s.key : null));
    const leaves = steps.flatMap((s, k) => (s.kind === 'leaf' ? [k] : []));
    for (const element of array) {
      const next = tuple.slice();
      for (const k of leaves) next[k] = element;
      emit(next);
    }
    return;
  }
  // Paths under one array take their keys from the same element.
  for (const element of array) {
    generate(
      steps.map((s): State => {
        if (s.kind === 'key') return { key: s.key };
        if (s.kind === 'leaf') return { key: element };
        return { parts: s.parts, i: s.i, value: element, inArray: true };
      }),
      emit,
    );
  }
}
