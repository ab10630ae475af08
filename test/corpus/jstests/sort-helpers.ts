import type { JsonObject, JsonValue } from '../../../src/core/json';
import { ID_ONLY, ids } from '../helpers';
import type { CorpusCase } from '../types';

/**
 * The cases of one sort assertion of a jstest: `find` sorted (and with a large limit, which takes
 * the bounded-sort path), and the same order from aggregate `$sort`, since MongoDB orders both alike.
 * `expected` lists the `_id`s in MongoDB's order.
 */
export function sortCasesOf(
  source: string,
  name: string,
  data: readonly JsonObject[],
  sort: JsonObject,
  expected: readonly JsonValue[],
  filter: JsonObject = {},
): CorpusCase[] {
  const label = `${name} ${JSON.stringify(sort)}`;
  const pipeline: JsonObject[] = [{ $match: filter }, { $sort: sort }, { $project: { _id: 1 } }];
  return [
    { name: `sort: ${label}`, source, data, op: 'find', args: [filter, { ...ID_ONLY, sort }], expect: ids(...expected) },
    { name: `sort with limit: ${label}`, source, data, op: 'find', args: [filter, { ...ID_ONLY, sort, limit: 500 }], expect: ids(...expected) },
    { name: `aggregate $sort: ${label}`, source, data, op: 'aggregate', args: [pipeline], expect: ids(...expected) },
  ];
}

/** A sort MongoDB refuses with `code`, as `find` and as aggregate `$sort`. */
export function sortErrorCases(source: string, name: string, data: readonly JsonObject[], sort: JsonObject, code: string): CorpusCase[] {
  const label = `${name} ${JSON.stringify(sort)}`;
  return [
    { name: `sort fails: ${label}`, source, data, op: 'find', args: [{}, { sort }], expect: { error: code } },
    { name: `aggregate $sort fails: ${label}`, source, data, op: 'aggregate', args: [[{ $sort: sort }]], expect: { error: code } },
  ];
}
