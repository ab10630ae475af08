import type { JsonObject, JsonValue } from '../../../src/core/json';
import { updated } from '../helpers';
import type { CorpusCase } from '../types';

const FIELDS = 'jstests/core/write/update/upsert_fields.js';
const AND = 'jstests/core/write/update/upsert_and.js';
const DUPLICATE_OR = 'jstests/core/write/update/upsert_fields_duplicate_or.js';
const NOR = 'jstests/core/write/update/upsert_nor.js';

// The three update styles upsert_fields.js runs each filter with.
const STYLES: ReadonlyArray<{ readonly label: string; readonly update: JsonObject }> = [
  { label: 'replacement', update: {} },
  { label: '$set', update: { $set: { a: 1 } } },
  { label: '$setOnInsert', update: { $setOnInsert: { a: 1 } } },
];
const isReplacement = (update: JsonObject) => Object.keys(update).length === 0;
const withA = (update: JsonObject, doc: JsonObject): JsonObject => (isReplacement(update) ? doc : { ...doc, a: 1 });

/** An upsert that inserts a document with `_id` `id` (what the filter gave), as updateOne or replaceOne. */
function upsertsId(source: string, style: string, update: JsonObject, filter: JsonObject, id: JsonValue, rest: JsonObject = {}): CorpusCase {
  const replacement = isReplacement(update);
  return {
    name: `upsert (${style}) takes _id from ${JSON.stringify(filter)}`,
    source,
    data: [],
    op: replacement ? 'replaceOne' : 'updateOne',
    args: [filter, update, { upsert: true }],
    expect: updated(0, 0, id),
    after: [withA(update, { _id: id, ...(replacement ? {} : rest) })],
  };
}

/**
 * An upsert whose `_id` MongoDB does not take from the filter. The jstest only asserts the new `_id`
 * is not the filter's; here the update names another `_id`, which MongoDB would refuse had it
 * taken one from the filter.
 */
function keepsIdOut(source: string, style: string, update: JsonObject, filter: JsonObject): CorpusCase {
  const replacement = isReplacement(update);
  const named = replacement ? { _id: 'new' } : { ...update, $setOnInsert: { ...(update.$setOnInsert as JsonObject | undefined), _id: 'new' } };
  return {
    name: `upsert (${style}) does not take _id from ${JSON.stringify(filter)}`,
    source,
    data: [],
    op: replacement ? 'replaceOne' : 'updateOne',
    args: [filter, named, { upsert: true }],
    expect: updated(0, 0, 'new'),
    after: [withA(update, { _id: 'new' })],
  };
}

/** The inserted document, without its generated `_id`, through findOneAndUpdate/Replace with returnNewDocument. */
function inserts(source: string, style: string, update: JsonObject, filter: JsonObject, doc: JsonObject): CorpusCase {
  const replacement = isReplacement(update);
  return {
    name: `upsert (${style}) from ${JSON.stringify(filter)} inserts ${JSON.stringify(withA(update, doc))}`,
    source,
    data: [],
    op: replacement ? 'findOneAndReplace' : 'findOneAndUpdate',
    args: [filter, update, { upsert: true, returnNewDocument: true, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: withA(update, doc) },
  };
}

function refused(source: string, style: string, update: JsonObject, filter: JsonObject): CorpusCase {
  return {
    name: `upsert (${style}) refuses ${JSON.stringify(filter)}`,
    source,
    data: [],
    op: isReplacement(update) ? 'replaceOne' : 'updateOne',
    args: [filter, update, { upsert: true }],
    expect: { error: 'BadValue' },
    after: [],
  };
}

const fields: CorpusCase[] = STYLES.flatMap(({ label, update }) => {
  const replacement = isReplacement(update);
  const x = (doc: JsonObject) => (replacement ? {} : doc);
  return [
    ...[
      { _id: 1 },
      { _id: { $eq: 1 } },
      { _id: { $all: [1] } },
      { _id: { $in: [1] } },
      { $and: [{ _id: 1 }] },
      { $and: [{ _id: { $eq: 1 } }] },
      { $or: [{ _id: 1 }] },
      { $or: [{ _id: { $eq: 1 } }] },
    ].map((filter) => upsertsId(FIELDS, label, update, filter, 1)),
    ...[
      { _id: { $gt: 1 } },
      { _id: { $ne: 1 } },
      { _id: { $in: [1, 2] } },
      { _id: { $elemMatch: { $eq: 1 } } },
      { _id: { $exists: true } },
      { _id: { $not: { $eq: 1 } } },
      { $or: [{ _id: { $eq: 1 } }, { _id: 2 }] },
      { $nor: [{ _id: 1 }] },
      { $nor: [{ _id: { $eq: 1 } }] },
      { $nor: [{ _id: { $eq: 1 } }, { _id: 1 }] },
    ].map((filter) => keepsIdOut(FIELDS, label, update, filter)),
    ...[
      { _id: [1, 2] },
      { _id: { $eq: [1, 2] } },
      { _id: { $all: [1, 2] } },
      { $and: [{ _id: 1 }, { _id: 2 }] },
      { $and: [{ _id: { $eq: 1 } }, { _id: 2 }] },
      { _id: 1, '_id.x': 1 },
      { _id: { x: 1 }, '_id.x': 1 },
    ].map((filter) => refused(FIELDS, label, update, filter)),
    replacement ? refused(FIELDS, label, update, { '_id.x': 1, '_id.y': 2 }) : upsertsId(FIELDS, label, update, { '_id.x': 1, '_id.y': 2 }, { x: 1, y: 2 }),
    ...[
      { x: 1 },
      { x: { $eq: 1 } },
      { x: { $in: [1] } },
      { x: { $all: [1] } },
      { $and: [{ x: 1 }] },
      { $and: [{ x: { $eq: 1 } }] },
      { $or: [{ x: 1 }] },
      { $or: [{ x: { $eq: 1 } }] },
    ].map((filter) => inserts(FIELDS, label, update, filter, x({ x: 1 }))),
    inserts(FIELDS, label, update, { x: [1, 2] }, x({ x: [1, 2] })),
    ...[
      { x: { $gt: 1 } },
      { x: { $ne: 1 } },
      { x: { $in: [1, 2] } },
      { x: { $elemMatch: { $eq: 1 } } },
      { x: { $exists: true } },
      { x: { $not: { $eq: 1 } } },
      { $or: [{ x: { $eq: 1 } }, { x: 2 }] },
      { $nor: [{ x: 1 }] },
      { $nor: [{ x: { $eq: 1 } }] },
      { $nor: [{ x: { $eq: 1 } }, { x: 1 }] },
    ].map((filter) => inserts(FIELDS, label, update, filter, {})),
    ...(replacement
      ? [{ x: { $all: [1, 2] } }, { $and: [{ x: 1 }, { x: 1 }] }, { $and: [{ x: { $eq: 1 } }, { x: 2 }] }].map((filter) =>
          inserts(FIELDS, label, update, filter, {}),
        )
      : [{ x: { $all: [1, 2] } }, { $and: [{ x: 1 }, { x: 2 }] }, { $and: [{ x: { $eq: 1 } }, { x: 2 }] }].map((filter) =>
          refused(FIELDS, label, update, filter),
        )),
    ...[
      { 'x.x': 1 },
      { 'x.x': { $eq: 1 } },
      { 'x.x': { $all: [1] } },
      { $and: [{ 'x.x': 1 }] },
      { $and: [{ 'x.x': { $eq: 1 } }] },
      { $or: [{ 'x.x': 1 }] },
      { $or: [{ 'x.x': { $eq: 1 } }] },
    ].map((filter) => inserts(FIELDS, label, update, filter, x({ x: { x: 1 } }))),
    ...[
      { x: 1, 'x.x': 1 },
      { x: {}, 'x.x': 1 },
      { x: { x: 1 }, 'x.x': 1 },
      { x: { x: 1 }, 'x.y': 1 },
      { x: [1, { x: 1 }], 'x.x': 1 },
    ].map((filter) => (replacement ? inserts(FIELDS, label, update, filter, {}) : refused(FIELDS, label, update, filter))),
  ];
});

const fieldsMore: CorpusCase[] = [
  upsertsId(FIELDS, 'replacement', {}, { _id: 1, x: [1, { x: 1 }], 'x.x': 1 }, 1),
  {
    name: 'upsert: _id from the replacement itself',
    source: FIELDS,
    data: [],
    op: 'replaceOne',
    args: [{}, { _id: 1 }, { upsert: true }],
    expect: updated(0, 0, 1),
    after: [{ _id: 1 }],
  },
  {
    name: 'upsert: _id from $set',
    source: FIELDS,
    data: [],
    op: 'updateOne',
    args: [{}, { $set: { _id: 1 } }, { upsert: true }],
    expect: updated(0, 0, 1),
    after: [{ _id: 1 }],
  },
  {
    name: 'upsert: _id from $setOnInsert',
    source: FIELDS,
    data: [],
    op: 'updateOne',
    args: [{}, { $setOnInsert: { _id: 1 } }, { upsert: true }],
    expect: updated(0, 0, 1),
    after: [{ _id: 1 }],
  },
  {
    name: 'upsert: an array _id in $set is refused',
    source: FIELDS,
    data: [],
    op: 'updateOne',
    args: [{}, { $set: { _id: [1, 2] } }, { upsert: true }],
    expect: { error: 'BadValue' },
    after: [],
  },
  {
    name: 'upsert: an array _id in the replacement is refused',
    source: FIELDS,
    data: [],
    op: 'replaceOne',
    args: [{}, { _id: [1, 2] }, { upsert: true }],
    expect: { error: 'BadValue' },
    after: [],
  },
  {
    name: 'upsert: $set with an empty filter inserts the field',
    source: FIELDS,
    data: [],
    op: 'findOneAndUpdate',
    args: [{}, { $set: { a: 1 } }, { upsert: true, returnNewDocument: true, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: { a: 1 } },
  },
  {
    name: 'upsert: $setOnInsert with an empty filter inserts the field',
    source: FIELDS,
    data: [],
    op: 'findOneAndUpdate',
    args: [{}, { $setOnInsert: { a: 1 } }, { upsert: true, returnNewDocument: true, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: { a: 1 } },
  },
  {
    name: 'upsert: a replacement with an empty filter inserts the replacement',
    source: FIELDS,
    data: [],
    op: 'findOneAndReplace',
    args: [{}, { a: 1 }, { upsert: true, returnNewDocument: true, projection: { _id: 0 } }],
    expect: { affectedDocs: 1, result: { a: 1 } },
  },
];

const and: CorpusCase[] = [
  {
    name: 'upsert: $and fields join the filter fields',
    source: AND,
    data: [],
    op: 'updateOne',
    args: [{ _id: 1, $and: [{ c: 1 }, { d: 1 }], a: 12 }, { $inc: { y: 1 } }, { upsert: true }],
    expect: updated(0, 0, 1),
    after: [{ _id: 1, c: 1, d: 1, a: 12, y: 1 }],
  },
  {
    name: 'upsert: $and fields with _id from $setOnInsert',
    source: AND,
    data: [],
    op: 'updateOne',
    args: [{ $and: [{ c: 1 }, { d: 1 }] }, { $setOnInsert: { _id: 1 } }, { upsert: true }],
    expect: updated(0, 0, 1),
    after: [{ _id: 1, c: 1, d: 1 }],
  },
  {
    name: 'upsert: a one-clause $or inside $and',
    source: AND,
    data: [],
    op: 'updateOne',
    args: [{ $and: [{ c: 1 }, { d: 1 }, { $or: [{ x: 1 }] }] }, { $setOnInsert: { _id: 1 } }, { upsert: true }],
    expect: updated(0, 0, 1),
    after: [{ _id: 1, c: 1, d: 1, x: 1 }],
  },
  {
    name: 'upsert: a two-clause $or beside $and gives nothing',
    source: AND,
    data: [],
    op: 'updateOne',
    args: [{ $and: [{ c: 1 }, { d: 1 }], $or: [{ x: 1 }, { x: 2 }] }, { $setOnInsert: { _id: 1 } }, { upsert: true }],
    expect: updated(0, 0, 1),
    after: [{ _id: 1, c: 1, d: 1 }],
  },
  {
    name: 'upsert: $gt beside $and and $or gives nothing',
    source: AND,
    data: [],
    op: 'updateOne',
    args: [{ r: { $gt: 3 }, $and: [{ c: 1 }, { d: 1 }], $or: [{ x: 1 }, { x: 2 }] }, { $setOnInsert: { _id: 1 } }, { upsert: true }],
    expect: updated(0, 0, 1),
    after: [{ _id: 1, c: 1, d: 1 }],
  },
  {
    name: 'upsert: $regex beside $and and $or gives nothing',
    source: AND,
    data: [],
    op: 'updateOne',
    args: [{ r: { $regex: 's' }, $and: [{ c: 1 }, { d: 1 }], $or: [{ x: 1 }, { x: 2 }] }, { $setOnInsert: { _id: 1 } }, { upsert: true }],
    expect: updated(0, 0, 1),
    after: [{ _id: 1, c: 1, d: 1 }],
  },
  {
    name: 'upsert: a field and an $and clause that disagree are refused',
    source: AND,
    data: [],
    op: 'updateOne',
    args: [{ c: 2, $and: [{ c: 1 }, { d: 1 }] }, { $setOnInsert: { _id: 1 } }, { upsert: true }],
    expect: { error: 'BadValue' },
    after: [],
  },
];

const duplicateOr: CorpusCase[] = [
  upsertsId(DUPLICATE_OR, 'replacement', {}, { $or: [{ _id: 1 }, { _id: 1 }] }, 1),
  upsertsId(DUPLICATE_OR, '$set', { $set: { a: 1 } }, { $or: [{ _id: 1 }, { _id: 1 }] }, 1),
  upsertsId(DUPLICATE_OR, '$setOnInsert', { $setOnInsert: { a: 1 } }, { $or: [{ _id: 1 }, { _id: 1 }] }, 1),
  inserts(DUPLICATE_OR, 'replacement', {}, { $or: [{ x: 1 }, { x: 1 }] }, {}),
  inserts(DUPLICATE_OR, '$set', { $set: { a: 1 } }, { $or: [{ x: 1 }, { x: 1 }] }, { x: 1 }),
  inserts(DUPLICATE_OR, '$setOnInsert', { $setOnInsert: { a: 1 } }, { $or: [{ x: 1 }, { x: 1 }] }, { x: 1 }),
];

const nor: CorpusCase[] = [
  // The filter also names the _id, so the inserted document can be compared whole.
  {
    name: 'upsert: nothing is taken from behind $nor (pipeline update)',
    source: NOR,
    data: [],
    op: 'updateOne',
    args: [{ _id: 'n', $nor: [{ $or: [{ x: 1 }, { y: 2 }] }, { x: { $ne: 3 } }] }, [{ $unset: 'z' }], { upsert: true }],
    expect: updated(0, 0, 'n'),
    after: [{ _id: 'n' }],
  },
];

/** Upsert cases transcribed from MongoDB's jstests. */
export const upsertCases: CorpusCase[] = [...fields, ...fieldsMore, ...and, ...duplicateOr, ...nor];
