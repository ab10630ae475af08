import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';
import { casesFrom } from './query-helpers';

// Documents holding `undefined` are left out: the SDK's JSON drops undefined members (and turns
// undefined array elements into null), so those documents cannot be stored through it.
const NULL_SEMANTICS = 'jstests/core/query/null_query_semantics.js';
const flat: JsonObject[] = [
  { _id: 'a_empty_subobject', a: {} },
  { _id: 'a_null', a: null },
  { _id: 'a_number', a: 4 },
  { _id: 'a_subobject_b_not_null', a: { b: 'hi' } },
  { _id: 'a_subobject_b_null', a: { b: null } },
  { _id: 'no_a' },
];
const withArrays: JsonObject[] = [
  ...flat,
  { _id: 'a_double_array', a: [[]] },
  { _id: 'a_empty_array', a: [] },
  { _id: 'a_object_array_no_b_nulls', a: [{ b: 1 }, { b: 3 }, { b: 'string' }] },
  { _id: 'a_object_array_some_b_nulls', a: [{ b: null }, { b: 3 }, { b: null }] },
  { _id: 'a_object_array_some_b_missing', a: [{ b: 3 }, {}] },
  { _id: 'a_value_array_all_nulls', a: [null, null] },
  { _id: 'a_value_array_no_nulls', a: [1, 'string', 4] },
  { _id: 'a_value_array_with_null', a: [1, 'string', null, 4] },
];

const f = casesFrom(NULL_SEMANTICS, 'null semantics, no arrays', flat);
const g = casesFrom(NULL_SEMANTICS, 'null semantics, with arrays', withArrays);

const EQ_NULL_FLAT = ['a_null', 'no_a'];
const DOTTED_NULL_FLAT = ['a_empty_subobject', 'a_null', 'a_number', 'a_subobject_b_null', 'no_a'];
const EQ_NULL = ['a_null', 'no_a', 'a_value_array_all_nulls', 'a_value_array_with_null'];
const NE_NULL = withArrays.map((d) => d._id as string).filter((id) => !EQ_NULL.includes(id));
const DOTTED_NULL = [
  ...DOTTED_NULL_FLAT,
  'a_double_array',
  'a_empty_array',
  'a_object_array_some_b_nulls',
  'a_object_array_some_b_missing',
  'a_value_array_all_nulls',
  'a_value_array_no_nulls',
  'a_value_array_with_null',
];
const DOTTED_NOT_NULL = ['a_subobject_b_not_null', 'a_object_array_no_b_nulls'];

/** `null`, missing fields, `$ne`, `$nin`, `$exists` and `$not` around null, through dotted paths and arrays. */
export const nullCases: CorpusCase[] = [
  ...f.both({ a: { $eq: null } }, EQ_NULL_FLAT),
  ...f.both({ a: { $ne: null } }, ['a_empty_subobject', 'a_number', 'a_subobject_b_not_null', 'a_subobject_b_null']),
  ...f.both({ a: { $in: [null, 4] } }, ['a_null', 'a_number', 'no_a']),
  ...f.both({ $or: [{ a: null }, { a: 4 }] }, ['a_null', 'a_number', 'no_a']),
  ...f.both({ a: { $nin: [null, 4] } }, ['a_empty_subobject', 'a_subobject_b_not_null', 'a_subobject_b_null']),
  ...f.both({ a: { $exists: false } }, ['no_a']),
  ...f.both({ 'a.b': { $eq: null } }, DOTTED_NULL_FLAT),
  ...f.both({ 'a.b': { $ne: null } }, ['a_subobject_b_not_null']),
  ...f.both({ 'a.b': { $exists: false } }, ['no_a', 'a_empty_subobject', 'a_null', 'a_number']),
  ...[
    { a: { $elemMatch: { $eq: null } } },
    { a: { $elemMatch: { $ne: null } } },
    { 'a.b': { $elemMatch: { $eq: null } } },
    { 'a.b': { $elemMatch: { $ne: null } } },
    { a: { $elemMatch: { b: { $eq: null } } } },
    { a: { $elemMatch: { b: { $ne: null } } } },
  ].flatMap((q) => f.both(q, [])),
  f.project({ a: { $eq: null } }, { _id: 0, a: 1 }, [{ a: null }, {}]),
  f.project({ a: { $ne: null } }, { _id: 0, a: 1 }, [{ a: {} }, { a: 4 }, { a: { b: 'hi' } }, { a: { b: null } }]),
  f.project({ a: { $exists: false } }, { _id: 0, a: 1 }, [{}]),
  f.project({ 'a.b': { $eq: null } }, { _id: 0, 'a.b': 1 }, [{ a: {} }, {}, {}, { a: { b: null } }, {}]),
  f.project({ 'a.b': { $ne: null } }, { _id: 0, 'a.b': 1 }, [{ a: { b: 'hi' } }]),
  f.project({ 'a.b': { $exists: false } }, { _id: 0, 'a.b': 1 }, [{ a: {} }, {}, {}, {}]),

  ...g.both({ a: { $eq: null } }, EQ_NULL),
  ...g.both({ a: { $ne: null } }, NE_NULL),
  ...g.both({ a: { $not: { $gte: null } } }, NE_NULL),
  ...g.both({ a: { $in: [null, 75] } }, EQ_NULL),
  ...g.both({ $or: [{ a: null }, { a: 75 }] }, EQ_NULL),
  ...g.both({ a: { $nin: [null, 75] } }, NE_NULL),
  ...g.both(
    { a: { $nin: [null, []] } },
    NE_NULL.filter((id) => id !== 'a_double_array' && id !== 'a_empty_array'),
  ),
  ...g.both({ a: { $elemMatch: { $eq: null } } }, ['a_value_array_all_nulls', 'a_value_array_with_null']),
  ...g.both({ a: { $elemMatch: { $ne: null } } }, [
    'a_double_array',
    'a_object_array_no_b_nulls',
    'a_object_array_some_b_nulls',
    'a_object_array_some_b_missing',
    'a_value_array_no_nulls',
    'a_value_array_with_null',
  ]),
  ...g.both({ 'a.b': { $eq: null } }, DOTTED_NULL),
  ...g.both({ 'a.b': { $ne: null } }, DOTTED_NOT_NULL),
  ...g.both({ 'a.b': { $in: [null, 75] } }, DOTTED_NULL),
  ...g.both({ $or: [{ 'a.b': null }, { 'a.b': 75 }] }, DOTTED_NULL),
  ...g.both({ 'a.b': { $nin: [null, 75] } }, DOTTED_NOT_NULL),
  ...g.both({ 'a.b': { $elemMatch: { $eq: null } } }, []),
  ...g.both({ 'a.b': { $elemMatch: { $ne: null } } }, []),
  ...g.both({ a: { $elemMatch: { b: { $eq: null } } } }, ['a_double_array', 'a_object_array_some_b_nulls', 'a_object_array_some_b_missing']),
  ...g.both({ a: { $elemMatch: { b: { $ne: null } } } }, ['a_object_array_no_b_nulls', 'a_object_array_some_b_nulls', 'a_object_array_some_b_missing']),
  g.project({ a: { $eq: null } }, { _id: 0, a: 1 }, [{ a: null }, {}, { a: [null, null] }, { a: [1, 'string', null, 4] }]),
  g.project({ 'a.b': { $eq: null } }, { _id: 0, 'a.b': 1 }, [
    { a: {} },
    {},
    {},
    { a: { b: null } },
    {},
    { a: [[]] },
    { a: [] },
    { a: [{ b: null }, { b: 3 }, { b: null }] },
    { a: [{ b: 3 }, {}] },
    { a: [] },
    { a: [] },
    { a: [] },
  ]),
  g.project({ 'a.b': { $ne: null } }, { _id: 0, 'a.b': 1 }, [{ a: { b: 'hi' } }, { a: [{ b: 1 }, { b: 3 }, { b: 'string' }] }]),
  g.project({ a: { $elemMatch: { b: { $eq: null } } } }, { _id: 0, 'a.b': 1 }, [
    { a: [[]] },
    { a: [{ b: null }, { b: 3 }, { b: null }] },
    { a: [{ b: 3 }, {}] },
  ]),
];
