import type { JsonObject } from '../../../src/core/json';
import type { CorpusCase } from '../types';

const SOURCE = 'jstests/core/query/find_and_modify/find_and_modify_positional_new_remove.js';

const ab = { _id: 42, a: [1, 2], b: 3 };
const abc = { _id: 42, a: [1, 2], b: 3, c: 4 };
const named = {
  _id: 42,
  b: [
    { name: 'first', value: 1 },
    { name: 'second', value: 2 },
    { name: 'third', value: 3 },
  ],
};
const people = {
  _id: 42,
  a: 5,
  b: [
    { name: 'john', value: 1 },
    { name: 'jess', value: 2 },
    { name: 'jeff', value: 3 },
  ],
};
const peopleOnly = {
  _id: 42,
  b: [
    { name: 'john', value: 1 },
    { name: 'jess', value: 2 },
    { name: 'jeff', value: 3 },
  ],
};
const pairs = {
  _id: 1,
  a: [
    { x: 1, y: 1 },
    { x: 1, y: 2 },
  ],
};
const john = { b: { $elemMatch: { name: 'john', value: { $lt: 2 } } } };

interface Fam {
  readonly what: string;
  readonly doc: JsonObject;
  readonly query: JsonObject;
  readonly fields: JsonObject;
  readonly update?: JsonObject;
  readonly returnNew?: boolean;
  /** The projected document MongoDB answers, or the error code when it refuses. */
  readonly answer: JsonObject | string;
}

// The official SDK checks find, findOne and findOneAndUpdate projections before sending them:
// values other than 1 and 0, and keys holding `$` ($elemMatch, positional) are refused
// (ValidationFailed), and mpsync's client runs the same checks. findOneAndDelete sends them.
const SDK_REFUSES = 'the official SDK refuses projection values other than 1/0 and keys with $ (ValidationFailed)';
const refusedBySdk = (op: string, fields: JsonObject): boolean =>
  op !== 'findOneAndDelete' && Object.entries(fields).some(([k, v]) => k.includes('$') || (v !== 0 && v !== 1));

function withSdk(c: CorpusCase, fields: JsonObject): CorpusCase {
  return refusedBySdk(c.op, fields) ? { ...c, compat: { note: SDK_REFUSES, expect: { error: 'ValidationFailed' } } } : c;
}

// Each findAndModify of the test, as the SDK's findOneAndDelete or findOneAndUpdate; where the test
// also checks find() with the same query and projection, a findOne case says the same.
function cases(f: Fam): CorpusCase[] {
  const name = `findAndModify ${f.update ? (f.returnNew ? 'update, new document' : 'update, old document') : 'remove'}: ${f.what}`;
  const expect = typeof f.answer === 'string' ? { error: f.answer } : { affectedDocs: 1, result: f.answer };
  const out: CorpusCase[] = [
    f.update
      ? {
          name,
          source: SOURCE,
          data: [f.doc],
          op: 'findOneAndUpdate',
          args: [f.query, f.update, { projection: f.fields, returnNewDocument: f.returnNew ?? false }],
          expect,
        }
      : { name, source: SOURCE, data: [f.doc], op: 'findOneAndDelete', args: [f.query, { projection: f.fields }], expect, after: [] },
  ];
  if (!f.returnNew && typeof f.answer !== 'string') {
    out.push({
      name: `findOne before ${name}`,
      source: SOURCE,
      data: [f.doc],
      op: 'findOne',
      args: [f.query, { projection: f.fields }],
      expect: { affectedDocs: 1, result: f.answer },
    });
  }
  return out.map((c) => withSdk(c, f.fields));
}

/** Projections of `findOneAndDelete`/`findOneAndUpdate` answers: inclusion, exclusion, `$elemMatch`, positional `$`. */
export const findAndModifyCases: CorpusCase[] = [
  { what: 'inclusion', doc: ab, query: { _id: 42 }, fields: { _id: 0, b: 1 }, answer: { b: 3 } },
  { what: 'exclusion', doc: abc, query: { _id: 42 }, fields: { a: 0, b: 0 }, answer: { _id: 42, c: 4 } },
  {
    what: '$elemMatch projection',
    doc: named,
    query: { _id: 42 },
    fields: { b: { $elemMatch: { value: 2 } } },
    answer: { _id: 42, b: [{ name: 'second', value: 2 }] },
  },
  { what: 'positional projection on an array of values', doc: { _id: 42, a: [1, 2] }, query: { a: 2 }, fields: { 'a.$': 1 }, answer: { _id: 42, a: [2] } },
  {
    what: 'positional projection on an array of subdocuments',
    doc: named,
    query: { _id: 42, 'b.name': 'third' },
    fields: { 'b.$': 1 },
    answer: { _id: 42, b: [{ name: 'third', value: 3 }] },
  },
  { what: 'inclusion after an $elemMatch query', doc: people, query: john, fields: { _id: 0, a: 5 }, answer: { a: 5 } },
  {
    what: 'positional projection after an $elemMatch query',
    doc: peopleOnly,
    query: john,
    fields: { _id: 0, 'b.$': 1 },
    answer: { b: [{ name: 'john', value: 1 }] },
  },

  { what: 'inclusion', doc: ab, query: { _id: 42 }, fields: { _id: 0, b: 1 }, update: { $inc: { b: 1 } }, answer: { b: 3 } },
  { what: 'exclusion', doc: abc, query: { _id: 42 }, fields: { a: 0, b: 0 }, update: { $set: { c: 5 } }, answer: { _id: 42, c: 4 } },
  {
    what: '$elemMatch projection',
    doc: named,
    query: { _id: 42 },
    fields: { b: { $elemMatch: { value: 2 } } },
    update: { $set: { name: '2nd' } },
    answer: { _id: 42, b: [{ name: 'second', value: 2 }] },
  },
  {
    what: 'positional projection on an array of values',
    doc: { _id: 42, a: [1, 2] },
    query: { a: 2 },
    fields: { 'a.$': 1 },
    update: { $set: { 'b.kind': 'xyz' } },
    answer: { _id: 42, a: [2] },
  },
  {
    what: 'positional projection on an array of subdocuments',
    doc: named,
    query: { _id: 42, 'b.name': 'third' },
    fields: { 'b.$': 1 },
    update: { $set: { 'b.$.kind': 'xyz' } },
    answer: { _id: 42, b: [{ name: 'third', value: 3 }] },
  },
  {
    what: '$elemMatch projection of a popped element',
    doc: pairs,
    query: { _id: 1 },
    fields: { a: { $elemMatch: { x: 1 } } },
    update: { $pop: { a: -1 } },
    answer: { _id: 1, a: [{ x: 1, y: 1 }] },
  },
  { what: 'inclusion after an $elemMatch query', doc: people, query: john, fields: { _id: 0, a: 5 }, update: { $inc: { a: 6 } }, answer: { a: 5 } },
  {
    what: 'positional projection after an $elemMatch query',
    doc: peopleOnly,
    query: john,
    fields: { _id: 0, 'b.$': 1 },
    update: { $set: { name: 'james' } },
    answer: { b: [{ name: 'john', value: 1 }] },
  },

  { what: 'inclusion', doc: ab, query: { _id: 42 }, fields: { _id: 0, b: 1 }, update: { $inc: { b: 1 } }, returnNew: true, answer: { b: 4 } },
  { what: 'exclusion', doc: abc, query: { _id: 42 }, fields: { a: 0, b: 0 }, update: { $set: { c: 5 } }, returnNew: true, answer: { _id: 42, c: 5 } },
  {
    what: '$elemMatch projection',
    doc: named,
    query: { _id: 42 },
    fields: { b: { $elemMatch: { value: 2 } } },
    update: { $set: { 'b.1.name': '2nd' } },
    returnNew: true,
    answer: { _id: 42, b: [{ name: '2nd', value: 2 }] },
  },
  {
    what: 'positional projection on an array of values',
    doc: { _id: 42, a: [1, 2] },
    query: { a: 2 },
    fields: { 'a.$': 1 },
    update: { $set: { 'b.kind': 'xyz' } },
    returnNew: true,
    answer: 'BadValue',
  },
  {
    what: 'positional projection on an array of subdocuments',
    doc: named,
    query: { _id: 42, 'b.name': 'third' },
    fields: { 'b.$': 1 },
    update: { $set: { 'b.$.kind': 'xyz' } },
    returnNew: true,
    answer: 'BadValue',
  },
  {
    what: '$elemMatch projection and an included field',
    doc: named,
    query: { _id: 42 },
    fields: { b: { $elemMatch: { value: 2 } }, c: 1 },
    update: { $set: { c: 'xyz' } },
    returnNew: true,
    answer: { _id: 42, c: 'xyz', b: [{ name: 'second', value: 2 }] },
  },
  {
    what: '$elemMatch projection of a popped element',
    doc: pairs,
    query: { _id: 1 },
    fields: { a: { $elemMatch: { x: 1 } } },
    update: { $pop: { a: -1 } },
    returnNew: true,
    answer: { _id: 1, a: [{ x: 1, y: 2 }] },
  },
  {
    what: 'inclusion after an $elemMatch query',
    doc: people,
    query: john,
    fields: { _id: 0, a: 5 },
    update: { $inc: { a: 6 } },
    returnNew: true,
    answer: { a: 11 },
  },
  {
    what: 'positional projection after an $elemMatch query',
    doc: peopleOnly,
    query: john,
    fields: { _id: 0, 'b.$': 1 },
    update: { $set: { name: 'james' } },
    returnNew: true,
    answer: 'BadValue',
  },
]
  .flatMap((f: Fam) => cases(f))
  .concat([
    // The test's "$elemMatch projection and an included field" shows the field order MongoDB
    // answers ({ _id, c, b }); the SDK refuses that projection with findOneAndUpdate but sends it
    // with findOneAndDelete, so the same document and projection are checked through a delete.
    {
      name: 'findAndModify remove: $elemMatch projection and an included field (field order)',
      source: SOURCE,
      data: [{ ...named, c: 'xyz' }],
      op: 'findOneAndDelete',
      args: [{ _id: 42 }, { projection: { b: { $elemMatch: { value: 2 } }, c: 1 } }],
      expect: { affectedDocs: 1, result: { _id: 42, c: 'xyz', b: [{ name: 'second', value: 2 }] } },
      after: [],
    },
  ]);
