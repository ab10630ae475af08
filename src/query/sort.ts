import { DbError, DbErrorCode, invalidParameter } from '../core/db-error';
import { isPlainObject, type Doc } from '../core/json';
import { compareSortKeys, sortKeysOf, type SortSpec } from './sort-keys';

export { compareSortKeys, sortKeysOf, type SortKey, type SortKeys, type SortSpec } from './sort-keys';

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

/**
 * Validates the argument of an aggregation `$sort` stage. Unlike {@link parseSort} no `_id` is
 * appended (the documents may have none): ties keep their input order.
 *
 * @throws `BadValue` for an empty spec, a direction that is not 1 or -1, or a key that is not a path
 * @example
 * parseSortStage({ n: -1 }); // [['n', -1]]
 */
export function parseSortStage(sort: unknown): SortSpec {
  if (!isPlainObject(sort)) throw new DbError(DbErrorCode.BadValue, 'the $sort key specification must be an object');
  const spec: Array<readonly [string, 1 | -1]> = [];
  for (const [path, dir] of Object.entries(sort)) {
    if (path === '' || path.startsWith('$') || path.split('.').includes('')) throw new DbError(DbErrorCode.BadValue, `$sort key "${path}" is not a field path`);
    if (dir !== 1 && dir !== -1) throw new DbError(DbErrorCode.BadValue, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
    spec.push([path, dir]);
  }
  if (spec.length === 0) throw new DbError(DbErrorCode.BadValue, '$sort stage must have at least one sort key');
  return spec;
}

/**
 * Sorts documents by a {@link SortSpec}, MongoDB order (type order, then value; arrays by their
 * min or max element, see `sortKeysOf`); ties keep their input order. Returns a new array; the
 * input is not touched.
 *
 * @throws `BadValue` when a document's sort paths run through parallel arrays
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
