import { docKey } from '../../core/doc-key';
import { isPlainObject, type Doc, type JsonObject, type JsonValue } from '../../core/json';
import { compareValues } from '../bson-order';
import { compileFilter } from '../filter';
import { parseSort, sortDocs, type SortSpec } from '../sort';
import { equalityValue } from '../upsert';
import type { CollectionView } from './types';

/** How many matches to take, and in which order. */
export interface Selection {
  readonly sort?: unknown;
  readonly skip?: number | undefined;
  /** 0 or absent: no limit (MongoDB's meaning). */
  readonly limit?: number | undefined;
}

/**
 * The documents of `view` that match `filter`, sorted, skipped and limited as MongoDB does
 * (sort first, then skip, then limit, whatever order the options came in). A filter on `_id`
 * equality or `_id: { $in }` reads only those documents.
 */
export function selectDocs(view: CollectionView, filter: JsonObject | undefined, selection: Selection = {}): Doc[] {
  const predicate = compileFilter(filter);
  const spec = parseSort(selection.sort);
  const skip = selection.skip ?? 0;
  const limit = selection.limit ?? 0;
  const matched: Doc[] = [];
  // Documents already in the requested order (none to sort, or an index keeps them sorted): the
  // first skip+limit matches are all we need, so the walk can stop early.
  const inOrder = spec ? sortedCandidates(view, filter, spec) : candidates(view, filter);
  const enough = inOrder && limit > 0 ? skip + limit : Infinity;
  for (const doc of inOrder ?? candidates(view, filter)) {
    if (predicate(doc)) {
      matched.push(doc);
      if (matched.length >= enough) break;
    }
  }
  const ordered = spec && !inOrder ? sortDocs(matched, spec, limit > 0 ? skip + limit : undefined) : matched;
  return skip > 0 || limit > 0 ? ordered.slice(skip, limit > 0 ? skip + limit : undefined) : ordered;
}

// The view's sorted order for `spec`, unless the filter names the few documents to read by `_id`.
function sortedCandidates(view: CollectionView, filter: JsonObject | undefined, spec: SortSpec): Iterable<Doc> | undefined {
  const idCondition = filter?._id;
  if (idCondition !== undefined && (equalityValue(idCondition) !== undefined || (isPlainObject(idCondition) && '$in' in idCondition))) return undefined;
  return view.sorted?.(spec);
}

function candidates(view: CollectionView, filter: JsonObject | undefined): Iterable<Doc> {
  const idCondition: JsonValue | undefined = filter?._id;
  if (idCondition === undefined) return view.scan();
  const equal = equalityValue(idCondition);
  if (equal !== undefined) return present([view.get(docKey(equal))]);
  const inList = typeof idCondition === 'object' && idCondition !== null && !Array.isArray(idCondition) ? idCondition.$in : undefined;
  if (Array.isArray(inList) && Object.keys(idCondition as JsonObject).length === 1) {
    const keys = new Set(inList.map((v) => docKey(v)));
    // MongoDB answers an _id $in from the _id index, so in _id order, whatever the list order.
    return present([...keys].map((k) => view.get(k))).sort((x, y) => compareValues(x._id, y._id));
  }
  return view.scan();
}

function present(docs: Array<Doc | undefined>): Doc[] {
  return docs.filter((d): d is Doc => d !== undefined);
}
