import type { JsonObject, JsonValue } from '../../../src/core/json';
import { ID_ONLY } from '../helpers';
import type { CorpusCase } from '../types';

/**
 * The `_id`s of `data` that MongoDB's test lists as matching, in the collection's natural
 * (insertion) order: a collection scan answers in that order, and the jstests compare as sets.
 */
export function matching(data: readonly JsonObject[], wanted: readonly JsonValue[]): { affectedDocs: number; result: Array<{ _id: JsonValue }> } {
  const set = new Set(wanted.map((v) => JSON.stringify(v)));
  const missing = wanted.filter((v) => !data.some((d) => JSON.stringify(d._id) === JSON.stringify(v)));
  if (missing.length > 0) throw new Error(`corpus: ${JSON.stringify(missing)} are not in the data`);
  const result = data.filter((d) => set.has(JSON.stringify(d._id))).map((d) => ({ _id: d._id as JsonValue }));
  return { affectedDocs: result.length, result };
}

/** Builds the cases of one jstest file over one data set. */
export function casesFrom(source: string, prefix: string, data: readonly JsonObject[]) {
  return {
    /** `find(filter)` lists exactly the documents `wanted` names. */
    find: (filter: JsonObject, wanted: readonly JsonValue[], note = ''): CorpusCase => ({
      name: `${prefix}: find ${JSON.stringify(filter)}${note}`,
      source,
      data,
      op: 'find',
      args: [filter, ID_ONLY],
      expect: matching(data, wanted),
    }),
    /** `count(filter)` is the number of documents `wanted` names. */
    count: (filter: JsonObject, wanted: readonly JsonValue[] | number): CorpusCase => {
      const n = typeof wanted === 'number' ? wanted : matching(data, wanted).affectedDocs;
      return { name: `${prefix}: count ${JSON.stringify(filter)}`, source, data, op: 'count', args: [filter], expect: { affectedDocs: n, result: n } };
    },
    /** Both of the above for one filter, as the jstests assert both. */
    both: (filter: JsonObject, wanted: readonly JsonValue[]): CorpusCase[] => [
      casesFrom(source, prefix, data).find(filter, wanted),
      casesFrom(source, prefix, data).count(filter, wanted),
    ],
    /** `find(filter, { projection })` answers these documents, in natural order. */
    project: (filter: JsonObject, projection: JsonObject, result: readonly JsonObject[], note = ''): CorpusCase => ({
      name: `${prefix}: find ${JSON.stringify(filter)} projected ${JSON.stringify(projection)}${note}`,
      source,
      data,
      op: 'find',
      args: [filter, { projection }],
      expect: { affectedDocs: result.length, result },
    }),
    /** The call fails with `code`, as MongoDB refuses it. */
    fails: (op: 'find' | 'count', filter: JsonObject, code: string, note = ''): CorpusCase => ({
      name: `${prefix}: ${op} ${JSON.stringify(filter)} fails${note}`,
      source,
      data,
      op,
      args: op === 'find' ? [filter, ID_ONLY] : [filter],
      expect: { error: code },
    }),
  };
}
