import { Lazy, type Iterator } from 'mingo/lazy';
import type { Doc } from '../core/json';
import { parseSortStage, sortDocs } from './sort';

/**
 * The aggregation `$sort` stage, registered in place of mingo's: it orders documents exactly as a
 * sorted `find` does (`sortDocs`: BSON type order, arrays by their smallest element ascending and
 * largest descending, parallel arrays refused), where mingo's compares whole arrays. Ties keep
 * their input order.
 *
 * @example fragment
 * runPipeline(docs, [{ $sort: { tags: 1 } }]); // same order as find({}, { sort: { tags: 1 } }) up to ties
 */
export function $sort(collection: Iterator, expr: unknown, _options?: unknown): Iterator {
  const spec = parseSortStage(expr);
  return collection.transform((docs) => Lazy(sortDocs(docs as Doc[], spec)));
}
