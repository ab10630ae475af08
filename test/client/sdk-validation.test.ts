// Differential test of validateCollectionCall against the official SDK: every call below goes to the
// real @alicloud/mpserverless-sdk (over a fake platform that answers at once) and to our validator,
// and both must end the same way: the same error (name, own keys, code, message) or no error. A call
// the SDK refuses must not reach the platform; one it accepts must send exactly one request.
import { createRequire } from 'node:module';
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { SdkValidationError, validateCollectionCall } from '../../src/sdk/validation';
import type { SdkCallOptions } from '../../src/testing';

type Call = readonly [op: string, ...args: unknown[]];
type CollectionMethod = (...args: unknown[]) => Promise<unknown>;
interface OfficialSdk {
  init(options: { authType: 'anonymous' }): Promise<{ success: boolean }>;
  db: { collection(name: string): Record<string, CollectionMethod | undefined> };
}

const MPServerless = createRequire(import.meta.url)('@alicloud/mpserverless-sdk') as new (app: unknown, options: unknown) => OfficialSdk;

let requests = 0;
const fakePlatform = {
  request(options: SdkCallOptions): void {
    requests += 1;
    const method = (options.data as { method?: unknown }).method;
    const data = method === 'serverless.auth.user.anonymousAuthorize' ? { accessToken: 't', expiresInSecond: 600 } : { affectedDocs: 0, result: null };
    // Without a status the SDK takes the whole answer, not `data`, as the body, and finds no token.
    options.complete({ statusCode: 200, data: { success: true, data } });
  },
};

/** How a call ended: `'passed'`, or what it threw. */
type Outcome = 'passed' | { name: string; keys: string[]; code: unknown; message: unknown };

function outcomeOf(error: unknown): Outcome {
  const e = error as Error & { code?: unknown };
  return { name: e.name, keys: Object.keys(e), code: e.code, message: e.message };
}

const label = ([op, ...args]: Call): string => `${op}(${args.map((a) => inspect(a, { depth: 8, breakLength: Infinity })).join(', ')})`;

let sdk: OfficialSdk;
beforeAll(async () => {
  sdk = new MPServerless(fakePlatform, { appId: 'app', spaceId: 'space', clientSecret: 'secret', endpoint: 'http://fake.invalid' });
  expect(await sdk.init({ authType: 'anonymous' })).toEqual({ success: true });
});

/** Runs `call` through the SDK and through validateCollectionCall; returns a difference, or undefined. */
async function differ([op, ...args]: Call): Promise<Record<string, unknown> | undefined> {
  const collection = sdk.db.collection('todos');
  const method = collection[op];
  if (!method) throw new Error(`the SDK has no ${op}`);
  const before = requests;
  const official: Outcome = await method.apply(collection, args).then(() => 'passed' as const, outcomeOf);
  const sent = requests - before;
  let ours: Outcome = 'passed';
  let oursIsValidationError = false;
  try {
    validateCollectionCall(op, args);
  } catch (error) {
    ours = outcomeOf(error);
    oursIsValidationError = error instanceof SdkValidationError;
  }
  const isValidationFailure = official !== 'passed' && official.code === 'ValidationFailed';
  const same = JSON.stringify(ours) === JSON.stringify(official) && sent === (official === 'passed' ? 1 : 0) && oursIsValidationError === isValidationFailure;
  return same ? undefined : { call: label([op, ...args]), official, ours, sent };
}

async function expectSameAsSdk(calls: readonly Call[]): Promise<void> {
  const differences = [];
  for (const call of calls) {
    const difference = await differ(call);
    if (difference) differences.push(difference);
  }
  expect(differences).toEqual([]);
}

/** Values of every kind; each is tried in every argument position and as every option. */
const VALUES: readonly unknown[] = [
  // missing, and scalars
  undefined,
  null,
  0,
  -0,
  1,
  -1,
  2,
  1.5,
  NaN,
  Infinity,
  -Infinity,
  2 ** 53,
  '',
  'text',
  '1',
  true,
  false,
  Symbol('s'),
  // arrays: empty, of scalars, of documents (legal and not), nested
  [],
  [1],
  [1, -1],
  [{}],
  [{ a: 1 }],
  [{ 'a.b': 1 }],
  [[]],
  [{ $match: {} }],
  // objects: empty, sort/projection shaped, illegal keys at depths 1 to 3, illegal keys inside arrays, undefined members
  {},
  { a: 1 },
  { a: -1 },
  { a: 0 },
  { a: true },
  { a: '1' },
  { a: 1, b: -1 },
  { 'a.b': 1 },
  { $a: 1 },
  { a$: 1 },
  { a: { b: 1 } },
  { a: { 'b.c': 1 } },
  { a: { b: { $c: 1 } } },
  { a: [{ $b: 1 }] },
  { a: undefined },
  { a: undefined, b: 1 },
  { $set: { a: 1 } },
  { $set: { 'a.b': 1 } },
  // values the SDK rewrites before checking: Dates and RegExps become strings, other objects plain copies
  new Date(0),
  /re/i,
  () => 1,
  Object.create(null),
  new Map([['a', 1]]),
  new String('ab'),
  new Number(1),
  new (class Point {
    x = 1;
  })(),
];

/** A valid call of each op; every argument, options last. */
const VALID: Readonly<Record<string, readonly unknown[]>> = {
  aggregate: [[{ $match: {} }], {}],
  count: [{}, {}],
  distinct: ['tag', {}, {}],
  find: [{ a: 1 }, {}],
  findOne: [{ a: 1 }, {}],
  insertOne: [{ a: 1 }, {}],
  insertMany: [[{ a: 1 }], {}],
  findOneAndUpdate: [{}, { $set: { a: 1 } }, {}],
  updateOne: [{}, { $set: { a: 1 } }, {}],
  updateMany: [{}, { $set: { a: 1 } }, {}],
  findOneAndReplace: [{}, { a: 1 }, {}],
  replaceOne: [{}, { a: 1 }, {}],
  findOneAndDelete: [{}, {}],
  deleteOne: [{}, {}],
  deleteMany: [{}, {}],
};

/** Every option any op knows, and one none knows. */
const OPTION_NAMES = [
  'limit',
  'skip',
  'maxTimeMS',
  'sort',
  'projection',
  'hint',
  'upsert',
  'returnNewDocument',
  'explain',
  'allowDiskUse',
  'bypassDocumentValidation',
  'raw',
  'promoteLongs',
  'promoteValues',
  'promoteBuffers',
  'collation',
  'unknownOption',
];

function withArgument(op: string, position: number, value: unknown): Call {
  const args = [...(VALID[op] ?? [])];
  args[position] = value;
  return [op, ...args];
}

describe('every value in every argument position', () => {
  it.each(Object.keys(VALID))('%s', async (op) => {
    const positions = VALID[op]?.length ?? 0;
    await expectSameAsSdk(Array.from({ length: positions }, (_, p) => VALUES.map((v) => withArgument(op, p, v))).flat());
  });
});

describe('every value as every option', () => {
  it.each(Object.keys(VALID))('%s', async (op) => {
    const optionsAt = (VALID[op]?.length ?? 1) - 1;
    await expectSameAsSdk(OPTION_NAMES.flatMap((name) => VALUES.map((v) => withArgument(op, optionsAt, { [name]: v }))));
  });
});

/** Hand-picked calls: combinations, orderings and edge cases the products above do not reach. */
const SPARSE = new Array<unknown>(2);
SPARSE[1] = { a: 1 };
const CASES: readonly Call[] = [
  // no arguments at all: required arguments are reported as missing
  ['aggregate'],
  ['count'],
  ['distinct'],
  ['find'],
  ['findOne'],
  ['insertOne'],
  ['insertMany'],
  ['findOneAndUpdate'],
  ['updateOne'],
  ['updateMany'],
  ['findOneAndReplace'],
  ['replaceOne'],
  ['findOneAndDelete'],
  ['deleteOne'],
  ['deleteMany'],
  // several problems: all reported, in schema order (arguments, then options in the schema's order, not the caller's)
  ['updateOne', 1, {}],
  ['updateMany', null, [], { upsert: 'yes' }],
  ['distinct', '', null, 'x'],
  ['count', undefined, { limit: -1, skip: 1.5, maxTimeMS: 'x' }],
  ['find', 5, { hint: [], projection: { $a: 1 }, sort: { a: 2 }, maxTimeMS: NaN, skip: 'a', limit: -1 }],
  ['aggregate', {}, { collation: [], promoteBuffers: 0, maxTimeMS: -1, explain: 1 }],
  ['findOneAndUpdate', [], [], { returnNewDocument: 1, projection: [], upsert: null, sort: 'a', maxTimeMS: -5 }],
  ['findOneAndReplace', 'f', undefined, { projection: { a: 2 }, upsert: 'no', sort: { $a: 1 }, maxTimeMS: 0.5 }],
  ['findOneAndDelete', [], { projection: 1, sort: [], maxTimeMS: -1 }],
  ['insertMany', [{ 'a.b': 1 }], []],
  // sort and projection: the first bad key decides the reason; '.' is allowed, '$' anywhere is not
  ['find', {}, { sort: { a: 2, $b: 1 } }],
  ['find', {}, { sort: { $b: 2, a: 2 } }],
  ['find', {}, { sort: { 'a.b': 1, c: -1, 'd.e.f': 1 } }],
  ['find', {}, { sort: { a: 1, b$c: 1 } }],
  ['find', {}, { projection: { a: 1, b: 0, 'c.d': 1 } }],
  ['find', {}, { projection: { a: 1, b: -1 } }],
  ['find', {}, { projection: { a: { $slice: 1 } } }],
  ['find', {}, { projection: { a: -0 } }],
  ['find', {}, { sort: { a: -0 } }],
  ['find', {}, { sort: { a: 1.0, b: -1.0 } }],
  ['find', {}, { sort: { a: new Date(0) } }],
  ['findOneAndDelete', {}, { projection: { a: true, $b: 'x' } }],
  // what JSON prints as {} passes; a function passes only when it has own keys
  ['find', {}, { sort: { a: undefined, b: () => 1 } }],
  ['find', {}, { sort: { a: undefined, b: 1 } }],
  ['find', {}, { sort: () => 1 }],
  ['find', {}, { sort: Object.assign(() => 1, { a: 1 }) }],
  ['find', {}, { sort: Object.assign(() => 1, { a: 2 }) }],
  ['find', {}, { sort: { toJSON: () => ({}), a: 5 } }],
  ['find', {}, { projection: { toJSON: () => 'x', a: 1 } }],
  // documents: depth, arrays not looked into, the first bad document of many, holes, non-documents
  ['insertOne', { a: { b: { c: { d: { 'e.f': 1 } } } } }],
  ['insertOne', { a: [{ $b: 1 }, [{ 'c.d': 1 }]] }],
  ['insertOne', { '': 1, ' ': { '\t': 1 } }],
  ['insertOne', { a: { $b: 1 }, c: { 'd.e': 1 } }],
  ['insertOne', { a: new Date(0), b: /x/, c: null, d: undefined, e: Symbol('s') }],
  ['insertOne', () => 1],
  ['insertOne', Object.assign(() => 1, { 'a.b': 1 })],
  ['insertMany', [{}, {}, {}, { a: { $b: 1 } }]],
  ['insertMany', [{}, null]],
  ['insertMany', [{}, 'doc']],
  ['insertMany', [{}, new Date(0)]],
  ['insertMany', [() => 1]],
  ['insertMany', SPARSE],
  ['replaceOne', {}, { 'a.b': 1, $c: 1 }],
  ['findOneAndReplace', {}, { 'a.b': 1 }],
  // update: updateOne/updateMany need a non-empty object (arrays count), findOneAndUpdate any object
  ['updateOne', {}, [{ $set: { a: 1 } }]],
  ['updateMany', {}, [1]],
  ['updateOne', {}, { a: undefined }],
  ['updateOne', {}, new Map([['a', 1]])],
  ['updateOne', {}, () => 1],
  ['findOneAndUpdate', {}, {}],
  ['findOneAndUpdate', {}, [{ $set: { a: 1 } }]],
  // distinct's key: any non-empty string, and a Date or RegExp (they become strings)
  ['distinct', ' ', {}],
  ['distinct', 'a.b', {}],
  ['distinct', '$a', {}],
  ['distinct', new Date(0), {}],
  ['distinct', /x/, {}],
  ['distinct', ['a'], {}],
  // integers: any finite whole number, however large; no strings
  ['find', {}, { limit: 1e21, skip: Number.MAX_SAFE_INTEGER, maxTimeMS: 0 }],
  ['find', {}, { limit: 0.1 + 0.2 }],
  ['find', {}, { limit: new Number(1) }],
  ['count', {}, { limit: -0, skip: 2 ** 31 }],
  // options: falsy ones are replaced by {}, everything else must be a non-array object
  ['find', {}, null],
  ['find', {}, 0],
  ['find', {}, ''],
  ['find', {}, false],
  ['find', {}, NaN],
  ['find', {}, true],
  ['find', {}, 1],
  ['find', {}, 'x'],
  ['find', {}, []],
  ['find', {}, new Date(0)],
  ['find', {}, /x/],
  ['find', {}, () => 1],
  ['find', {}, { limit: null, sort: null, projection: undefined, hint: null }],
  [
    'aggregate',
    [],
    {
      explain: true,
      allowDiskUse: false,
      maxTimeMS: 5,
      bypassDocumentValidation: true,
      raw: false,
      promoteLongs: true,
      promoteValues: true,
      promoteBuffers: false,
      collation: { locale: 'en' },
    },
  ],
  // arguments past the last one the op takes are ignored
  ['find', {}, {}, { limit: -1 }],
  ['count', {}, {}, 'extra'],
  ['deleteOne', {}, {}, null],
  ['updateOne', {}, { $set: { a: 1 } }, {}, []],
  // inherited members are not checked as keys, but are read as options
  ['insertOne', JSON.parse('{"__proto__": {"a.b": 1}}')],
  ['find', {}, JSON.parse('{"__proto__": {"limit": -1}}')],
  ['find', {}, { __proto__: { limit: -1 } }],
  ['find', {}, Object.create({ limit: -1 })],
  ['insertOne', Object.create({ 'a.b': 1 })],
  ['find', {}, Object.defineProperty({}, 'limit', { value: -1, enumerable: false })],
  [
    'find',
    {},
    {
      get limit() {
        return -1;
      },
    },
  ],
  // errors other than ValidationFailed, raised while checking: invalid Dates, BigInts, and the SDK's failing lookup
  ['find', new Date(NaN)],
  ['find', {}, { unknownOption: { at: new Date(NaN) } }],
  ['insertOne', { a: [new Date(NaN)] }],
  ['find', {}, new Date(NaN)],
  ['find', {}, { sort: { a: 1n } }],
  ['find', {}, { limit: 1n }],
  ['find', {}, { limit: -1, tag: 1n }],
  ['count', null, { hint: 1n }],
  ['find', {}, { hasOwnProperty: 1, limit: -1 }],
  ['find', {}, { hasOwnProperty: { a: 1 }, sort: 'a' }],
  ['find', 1, { hasOwnProperty: 1 }],
  ['find', {}, { hasOwnProperty: () => 1, limit: -1 }],
  ['find', {}, { hasOwnProperty: 1 }],
  ['find', {}, { toJSON: () => null, limit: -1 }],
  ['find', {}, { toJSON: () => 5, limit: -1 }],
  ['find', {}, { toJSON: () => ({ hasOwnProperty: 0 }), limit: -1 }],
];

describe('hand-picked calls', () => {
  it.each(CASES.map((call) => ({ call, name: label(call) })))('$name', async ({ call }) => {
    await expectSameAsSdk([call]);
  });

  it('the tables cover all 15 ops with over ten thousand calls', () => {
    const ops = [
      'aggregate',
      'count',
      'deleteOne',
      'deleteMany',
      'distinct',
      'find',
      'findOne',
      'findOneAndDelete',
      'findOneAndReplace',
      'findOneAndUpdate',
      'replaceOne',
      'insertMany',
      'insertOne',
      'updateMany',
      'updateOne',
    ];
    expect(Object.keys(VALID).sort()).toEqual(ops.sort());
    const positions = Object.values(VALID).reduce((sum, args) => sum + args.length, 0);
    expect(positions * VALUES.length + ops.length * OPTION_NAMES.length * VALUES.length + CASES.length).toBe(15249);
  });
});

describe('SdkValidationError', () => {
  it('looks like the SDK error to an app', async () => {
    const official = await sdk.db
      .collection('todos')
      .count?.()
      .catch((error: unknown) => error);
    let ours: unknown;
    try {
      validateCollectionCall('count', []);
    } catch (error) {
      ours = error;
    }
    expect(Object.keys(official as object)).toEqual(['code', 'message']);
    expect((official as Error).message).toMatch(/^\S+: query required$/);
    for (const property of ['name', 'code', 'message'] as const)
      expect((ours as Record<string, unknown>)[property]).toBe((official as Record<string, unknown>)[property]);
    expect(Object.keys(ours as object)).toEqual(['code', 'message']);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(official));
    expect(String(ours)).toBe(String(official));
    expect(ours).toBeInstanceOf(Error);
    expect(ours).toBeInstanceOf(SdkValidationError);
  });

  it('rejects names that are not collection calls', () => {
    expect(() => validateCollectionCall('startTransaction', [])).toThrow(TypeError);
    expect(() => validateCollectionCall('toString', [])).toThrow(TypeError);
  });
});
