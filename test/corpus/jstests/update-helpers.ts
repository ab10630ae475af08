import type { JsonObject } from '../../../src/core/json';
import { updated } from '../helpers';
import type { CorpusCase } from '../types';

/** `_id` order, as a case's `after` lists the collection. */
export function byId(docs: readonly JsonObject[]): JsonObject[] {
  return [...docs].sort((x, y) => (JSON.stringify(x._id) < JSON.stringify(y._id) ? -1 : JSON.stringify(x._id) > JSON.stringify(y._id) ? 1 : 0));
}

/** An `updateMany` over `data` that matches `matched` documents, modifies `modified` of them and leaves `after`. */
export function updates(
  source: string,
  name: string,
  data: readonly JsonObject[],
  filter: JsonObject,
  update: unknown,
  after: readonly JsonObject[],
  counts: { matched?: number; modified?: number; options?: JsonObject } = {},
): CorpusCase {
  const matched = counts.matched ?? data.length;
  const modified = counts.modified ?? matched;
  return {
    name: `update: ${name}`,
    source,
    data,
    op: 'updateMany',
    args: counts.options ? [filter, update, counts.options] : [filter, update],
    expect: updated(matched, modified),
    after: byId(after),
  };
}

/** An `updateMany` MongoDB refuses with `code`; nothing stored changes. */
export function refuses(
  source: string,
  name: string,
  data: readonly JsonObject[],
  filter: JsonObject,
  update: unknown,
  code = 'BadValue',
  options?: JsonObject,
): CorpusCase {
  return {
    name: `update fails: ${name}`,
    source,
    data,
    op: 'updateMany',
    args: options ? [filter, update, options] : [filter, update],
    expect: { error: code },
    after: byId(data),
  };
}
