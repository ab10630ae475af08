import { compare } from 'mingo/util';
import { invalidParameter } from '../core/db-error';
import { isPlainObject, type Doc, type JsonValue } from '../core/json';
import { valuesAtPath } from './path';

/** A validated sort: `[path, direction]` pairs in priority order. */
export type SortSpec = ReadonlyArray<readonly [string, 1 | -1]>;

/**
 * Validates a sort option (`{ createdAt: -1 }`) and appends `_id` ascending as the last key when
 * it is absent. MongoDB leaves the order of ties unspecified; breaking them by `_id` makes the
 * emulator and mpsync's local evaluator give the same order for the same data.
 *
 * @throws `InvalidParameter` when a direction is not 1 or -1 or a key starts with `$`
 * @example
 * parseSort({ n: -1 }); // [['n', -1], ['_id', 1]]
 */
export function parseSort(sort: unknown): SortSpec | undefined {
  if (sort === undefined || sort === null) return undefined;
  if (!isPlainObject(sort)) throw invalidParameter('options.sort must be an object');
  const spec: Array<readonly [string, 1 | -1]> = [];
  for (const [path, dir] of Object.entries(sort)) {
    if (path === '' || path.startsWith('$')) throw invalidParameter(`options.sort key "${path}" is not a field path`);
    if (dir !== 1 && dir !== -1) throw invalidParameter(`options.sort.${path} must be 1 or -1`);
    spec.push([path, dir]);
  }
  if (spec.length === 0) return undefined;
  if (!spec.some(([path]) => path === '_id')) spec.push(['_id', 1]);
  return spec;
}

// An empty array sorts below null in MongoDB; this marker stands for it.
const EMPTY_ARRAY = Symbol('empty array');
/** One sort key: a value, or the marker for an empty array. */
export type SortKey = JsonValue | typeof EMPTY_ARRAY;

function keyFor(doc: Doc, path: string, dir: 1 | -1): SortKey {
  // Fast path: a top-level field holding a scalar (the common case) needs no path walk.
  if (!path.includes('.')) {
    const v = doc[path];
    if (v === undefined) return null;
    if (!Array.isArray(v)) return v;
  }
  const reached = valuesAtPath(doc, path);
  if (reached.length === 0) return null;
  const candidates: JsonValue[] = [];
  let sawEmptyArray = false;
  for (const v of reached) {
    if (Array.isArray(v)) {
      if (v.length === 0) sawEmptyArray = true;
      candidates.push(...v);
    } else candidates.push(v);
  }
  if (candidates.length === 0) return sawEmptyArray ? EMPTY_ARRAY : null;
  // Ascending sorts use an array's smallest element, descending sorts its largest (MongoDB rule).
  let best = candidates[0] as JsonValue;
  for (let i = 1; i < candidates.length; i++) {
    const c = candidates[i] as JsonValue;
    if (dir * compare(c, best) < 0) best = c;
  }
  return best;
}

function compareKeys(a: SortKey, b: SortKey): number {
  // Two scalars of one type (nearly every sort key) compare as mingo compares them, without its dispatch.
  const type = typeof a;
  if (type === typeof b && (type === 'string' || type === 'number' || type === 'boolean')) return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  if (a === EMPTY_ARRAY) return b === EMPTY_ARRAY ? 0 : -1;
  if (b === EMPTY_ARRAY) return 1;
  return compare(a, b);
}

/** The sort keys of a document under a spec, one per `[path, direction]`. */
export type SortKeys = readonly SortKey[];

/** A document's {@link SortKeys}: per path its value, an array's min (ascending) or max (descending). */
export function sortKeysOf(doc: Doc, spec: SortSpec): SortKeys {
  return spec.map(([p, d]) => keyFor(doc, p, d));
}

/** Compares two documents' {@link SortKeys} under `spec`: negative when `x` sorts first, 0 on a tie. */
export function compareSortKeys(spec: SortSpec, x: SortKeys, y: SortKeys): number {
  for (let i = 0; i < spec.length; i++) {
    const c = compareKeys(x[i] as SortKey, y[i] as SortKey) * (spec[i] as readonly [string, 1 | -1])[1];
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * Whether keys compare in a total order with every other such keys: scalars (null, numbers but
 * NaN, strings, booleans) and the empty-array marker. A key that is itself an array (from nested
 * arrays) or an object compares by mingo's rules, which are not transitive across such values, so
 * the order of a sort depends on the algorithm.
 */
export function totallyOrdered(keys: SortKeys): boolean {
  for (const key of keys) {
    if (key === null || key === EMPTY_ARRAY || typeof key === 'string' || typeof key === 'boolean') continue;
    if (typeof key === 'number' && !Number.isNaN(key)) continue;
    return false;
  }
  return true;
}

/**
 * Sorts documents by a {@link SortSpec}, MongoDB order (type order, then value; arrays by their
 * min or max element); ties keep their input order. Returns a new array; the input is not touched.
 *
 * @param limit - when given (> 0), only the first `limit` documents are needed, so a bounded
 *   insertion buffer is used instead of a full sort
 */
export function sortDocs(docs: readonly Doc[], spec: SortSpec, limit?: number): Doc[] {
  const rows = docs.map((doc, index) => ({ doc, index, keys: sortKeysOf(doc, spec) }));
  type Row = (typeof rows)[number];
  const cmp = (x: Row, y: Row): number => compareSortKeys(spec, x.keys, y.keys) || x.index - y.index;
  if (limit === undefined || limit <= 0 || limit >= rows.length / 8) return rows.sort(cmp).map((r) => r.doc);
  const top: Row[] = [];
  for (const row of rows) {
    if (top.length === limit && cmp(row, top[limit - 1] as Row) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(top[mid] as Row, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, row);
    if (top.length > limit) top.pop();
  }
  return top.map((r) => r.doc);
}
