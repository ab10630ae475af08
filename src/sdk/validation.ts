// The argument checks the official client SDK (@alicloud/mpserverless-sdk 3.1.5) runs before it sends
// a database collection call. mpsync answers such calls locally when offline, and an app must not be
// able to tell: the same call has to fail with the same error, message included. The facts here were
// read from the SDK bundle (its command schemas, the bundled `parameter` validator and the custom
// rules it adds) and are checked call by call against the real SDK in
// test/client/sdk-validation.test.ts.

import { hasOwn } from '../core/json';

// The SDK prefixes every message with this Chinese text ("parameter validation error").
const MESSAGE_PREFIX = '\u53c2\u6570\u6821\u9a8c\u9519\u8bef';

/**
 * The error the official SDK throws when a call's arguments fail its client-side checks, reproduced
 * so that a call answered locally fails exactly like the same call sent through the SDK.
 *
 * Like the SDK's own error it is a plain `Error` (`name === 'Error'`) whose only own enumerable
 * properties are, in this order, `code` (always `'ValidationFailed'`) and `message`
 * (`<prefix>: <field> <reason>`, several problems joined with `; `, where `<prefix>` is the SDK's
 * fixed Chinese text for "parameter validation error").
 *
 * @example
 * try { validateCollectionCall('count', []); } catch (e) {
 *   if (e instanceof SdkValidationError) e.message; // '<prefix>: query required'
 * }
 */
export class SdkValidationError extends Error {
  declare readonly code: 'ValidationFailed';

  /** @param detail - the text after the prefix, e.g. `query required` */
  constructor(detail: string) {
    // No message to super(): it would create a non-enumerable `message`, and the SDK's is enumerable.
    super();
    // Defined rather than declared as class fields so that key order and enumerability do not
    // depend on how the class is compiled: apps may log or serialise the error.
    Object.defineProperty(this, 'code', { value: 'ValidationFailed', enumerable: true, writable: true, configurable: true });
    Object.defineProperty(this, 'message', { value: `${MESSAGE_PREFIX}: ${detail}`, enumerable: true, writable: true, configurable: true });
  }
}

/** What a rule checks; the names are the SDK's rule types. */
type RuleType = 'object' | 'array' | 'string' | 'int' | 'boolean' | 'sort' | 'projection' | 'field' | 'fields' | 'nobject';

interface Rule {
  readonly type: RuleType;
  /** `null` and `undefined` are accepted; otherwise they fail with `<field> required`. */
  readonly optional?: true;
  /** For `int`: the smallest allowed value. */
  readonly min?: number;
  /** For `object`: the rules of its members, checked only when the value is an object. */
  readonly members?: Schema;
}

/** Field name to rule. Checks run, and problems are reported, in this key order. */
type Schema = Readonly<Record<string, Rule>>;

const required = (type: RuleType): Rule => ({ type });
const optional = (type: RuleType): Rule => ({ type, optional: true });
const nonNegativeInt: Rule = { type: 'int', optional: true, min: 0 };
const optionsOf = (members: Schema = {}): Rule => ({ type: 'object', optional: true, members });

const READ_OPTIONS: Schema = {
  limit: nonNegativeInt,
  skip: nonNegativeInt,
  maxTimeMS: nonNegativeInt,
  sort: optional('sort'),
  projection: optional('projection'),
  hint: optional('object'),
};
const UPSERT_OPTIONS: Schema = { upsert: optional('boolean') };

/**
 * One schema per collection call. The arguments of a call map to the schema's fields in order
 * (`updateOne(filter, update, options)`); arguments past the last field are ignored, and so are
 * option names a schema does not list.
 */
const SCHEMAS = {
  aggregate: {
    pipeline: required('array'),
    options: optionsOf({
      explain: optional('boolean'),
      allowDiskUse: optional('boolean'),
      maxTimeMS: nonNegativeInt,
      bypassDocumentValidation: optional('boolean'),
      raw: optional('boolean'),
      promoteLongs: optional('boolean'),
      promoteValues: optional('boolean'),
      promoteBuffers: optional('boolean'),
      collation: optional('object'),
    }),
  },
  count: { query: required('object'), options: optionsOf({ limit: nonNegativeInt, skip: nonNegativeInt, maxTimeMS: nonNegativeInt }) },
  distinct: { key: required('string'), query: required('object'), options: optionsOf() },
  find: { query: optional('object'), options: optionsOf(READ_OPTIONS) },
  findOne: { query: optional('object'), options: optionsOf(READ_OPTIONS) },
  insertOne: { doc: required('field'), options: optionsOf() },
  insertMany: { docs: required('fields'), options: optionsOf() },
  // Unlike updateOne/updateMany, findOneAndUpdate accepts an empty update (plain `object` rule).
  findOneAndUpdate: {
    filter: required('object'),
    update: required('object'),
    options: optionsOf({
      maxTimeMS: nonNegativeInt,
      sort: optional('sort'),
      upsert: optional('boolean'),
      projection: optional('projection'),
      returnNewDocument: optional('boolean'),
    }),
  },
  updateOne: { filter: required('object'), update: required('nobject'), options: optionsOf(UPSERT_OPTIONS) },
  updateMany: { filter: required('object'), update: required('nobject'), options: optionsOf(UPSERT_OPTIONS) },
  findOneAndReplace: {
    filter: required('object'),
    replacement: required('object'),
    options: optionsOf({ maxTimeMS: nonNegativeInt, sort: optional('sort'), upsert: optional('boolean'), projection: optional('projection') }),
  },
  // Unlike insertOne's `doc`, a replacement document's keys are not checked.
  replaceOne: { filter: required('object'), doc: required('object'), options: optionsOf(UPSERT_OPTIONS) },
  // Here `projection` is only required to be an object: `{ a: true }` passes.
  findOneAndDelete: { filter: required('object'), options: optionsOf({ maxTimeMS: nonNegativeInt, sort: optional('sort'), projection: optional('object') }) },
  deleteOne: { filter: required('object'), options: optionsOf() },
  deleteMany: { filter: required('object'), options: optionsOf() },
} as const satisfies Readonly<Record<string, Schema>>;

/** The 15 collection calls the SDK validates. */
type CollectionOp = keyof typeof SCHEMAS;

// Reasons, worded exactly as the SDK words them.
const INVALID_TYPE = 'field type is invalid';
const ILLEGAL_KEY = 'field should not contain illegal character';

/** Anything with Object.prototype in its chain: objects, arrays and functions. */
function isObjectLike(value: unknown): value is Record<string, unknown> {
  return value instanceof Object;
}

/** A document for insertOne/insertMany: an object, not an array, with no `.` or `$` in any key of any nested object. */
function checkDocument(value: unknown): string | undefined {
  if (!isObjectLike(value) || Array.isArray(value)) return INVALID_TYPE;
  return findIllegalKey(value);
}

function findIllegalKey(doc: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(doc)) {
    if (/[.$]/.test(key)) return ILLEGAL_KEY;
    const member = doc[key];
    // Arrays are not looked into, so `{ a: [{ $b: 1 }] }` passes.
    if (isObjectLike(member) && !Array.isArray(member)) {
      const problem = findIllegalKey(member);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** A non-empty array of documents; the first bad document decides the reason. */
function checkDocuments(value: unknown): string | undefined {
  if (!Array.isArray(value)) return 'field is not an array';
  if (value.length === 0) return 'should not empty';
  for (let i = 0; i < value.length; i += 1) {
    const problem = checkDocument(value[i]);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * `sort` and `projection`: keys without `$`, every value one of `allowed` (compared like
 * `Array.prototype.includes`, so `-0` counts as `0`). Whatever JSON prints as `{}` passes first,
 * including `{ a: undefined }`; an object with no keys that does not print as `{}` (a function) fails.
 * The first bad key decides the reason.
 */
function checkKeyValues(value: unknown, allowed: readonly number[]): string | undefined {
  if (!isObjectLike(value)) return INVALID_TYPE;
  if (JSON.stringify(value) === '{}') return undefined;
  if (Array.isArray(value)) return INVALID_TYPE;
  const keys = Object.keys(value);
  for (const key of keys) {
    if (key.includes('$')) return ILLEGAL_KEY;
    if (!allowed.includes(value[key] as number)) return INVALID_TYPE;
  }
  return keys.length === 0 ? INVALID_TYPE : undefined;
}

/** A value the `object` rule accepts (`null` never gets here: it counts as missing). */
function isObjectValue(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && !Array.isArray(value);
}

/** The reason a present (non-null) value breaks a rule, or `undefined`. `object` members are checked separately. */
const CHECKS: Readonly<Record<RuleType, (value: unknown, rule: Rule) => string | undefined>> = {
  object: (value) => (isObjectValue(value) ? undefined : 'should be an object'),
  array: (value) => (Array.isArray(value) ? undefined : 'should be an array'),
  string: (value) => (typeof value !== 'string' ? 'should be a string' : value === '' ? 'should not be empty' : undefined),
  int: (value, rule) => {
    // `% 1` also rejects NaN and the infinities.
    if (typeof value !== 'number' || value % 1 !== 0) return 'should be an integer';
    return rule.min !== undefined && value < rule.min ? `should bigger than ${rule.min}` : undefined;
  },
  boolean: (value) => (typeof value === 'boolean' ? undefined : 'should be a boolean'),
  sort: (value) => checkKeyValues(value, [1, -1]),
  projection: (value) => checkKeyValues(value, [1, 0]),
  field: checkDocument,
  fields: checkDocuments,
  // Arrays are objects here: `[]` is "empty" and `[1]` passes.
  nobject: (value) =>
    typeof value !== 'object' ? 'should be an object' : Object.keys(value as object).length === 0 ? 'field should not be an empty object' : undefined,
};

interface Problem {
  readonly field: string;
  readonly reason: string;
}

/** Every problem of `values`, in schema order; object members are reported as `<field>.<member>`. */
function findProblems(schema: Schema, values: Readonly<Record<string, unknown>>, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  for (const [name, rule] of Object.entries(schema)) {
    const field = prefix + name;
    // Inherited members count too (see encodeLikeSdk for how an object can inherit one).
    const value = values[name];
    if (value === undefined || value === null) {
      if (rule.optional !== true) problems.push({ field, reason: 'required' });
      continue;
    }
    const reason = CHECKS[rule.type](value, rule);
    if (reason !== undefined) problems.push({ field, reason });
    else if (rule.members && isObjectValue(value)) problems.push(...findProblems(rule.members, value, `${field}.`));
  }
  return problems;
}

/**
 * The SDK checks a copy of the arguments in which Dates are ISO strings and RegExps are strings,
 * objects are rebuilt from their own enumerable keys and arrays item by item (holes kept);
 * functions, symbols and other primitives stay as they are. An invalid Date throws here, before any
 * check. The copy is built by assignment, so an own `__proto__` key (from JSON.parse) becomes the
 * copy's prototype: its members are then invisible to key checks but are read as options.
 */
function encodeLikeSdk(value: unknown): unknown {
  // The SDK's text differs for escaped slashes; no check can see that, only that it is a string.
  if (value instanceof RegExp) return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(encodeLikeSdk);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = encodeLikeSdk((value as Record<string, unknown>)[key]);
    return copy;
  }
  return value;
}

/**
 * Before throwing, the SDK looks up each failing field in a JSON copy of the arguments (for a value
 * it never shows), calling the copy's own `hasOwnProperty` at each step. That lookup can fail first:
 * BigInts do not serialise, and options whose JSON has its own `hasOwnProperty` member, or which
 * print as `null`, break the call. The app then sees these TypeErrors instead of the validation
 * error, so they are thrown the same way here.
 */
function failLikeSdkLookup(args: Readonly<Record<string, unknown>>, problems: readonly Problem[]): void {
  const copy: unknown = JSON.parse(JSON.stringify(args));
  for (const { field } of problems) {
    let node = copy;
    for (const step of field.split('.')) {
      if (node === null || node === undefined) throw new TypeError(`Cannot read properties of ${String(node)} (reading 'hasOwnProperty')`);
      // `r` is the variable name in the SDK's minified code; V8 puts it in the message.
      if (typeof (node as { hasOwnProperty?: unknown }).hasOwnProperty !== 'function') throw new TypeError('r.hasOwnProperty is not a function');
      if (!hasOwn(node, step)) break;
      node = (node as Record<string, unknown>)[step];
    }
  }
}

function isCollectionOp(op: string): op is CollectionOp {
  return hasOwn(SCHEMAS, op);
}

/**
 * Checks the arguments of `db.collection(name)[op](...args)` the way the official SDK does before
 * it sends anything, and throws what the SDK would throw.
 *
 * Throws {@link SdkValidationError} exactly when the SDK rejects the call with `ValidationFailed`,
 * with the identical message (all problems, in the SDK's order, joined with `; `). It also throws
 * the few other errors the SDK itself raises while checking, with the SDK's messages: a `RangeError`
 * for an invalid Date anywhere in the arguments, and, when a check fails, a `TypeError` if the
 * arguments hold a BigInt or the options' JSON form is `null` or has its own `hasOwnProperty`
 * member. Returns when the SDK would go on to send the call. Arguments are not modified.
 *
 * @param op - one of the 15 collection calls (`find`, `insertOne`, `updateMany`, ...)
 * @param args - the arguments exactly as the app passed them
 * @throws TypeError when `op` is not one of the 15 collection calls
 *
 * @example
 * validateCollectionCall('find', [{ done: false }, { limit: 10, sort: { at: -1 } }]); // returns
 * validateCollectionCall('find', [{}, { limit: -1 }]);
 * // throws SdkValidationError with message '<prefix>: options.limit should bigger than 0'
 */
export function validateCollectionCall(op: string, args: readonly unknown[]): void {
  if (!isCollectionOp(op)) throw new TypeError(`not a collection call the SDK validates: ${op}`);
  const schema: Schema = SCHEMAS[op];
  const encoded: Record<string, unknown> = {};
  Object.keys(schema).forEach((name, position) => {
    let value = args[position];
    // The SDK replaces falsy options (null, 0, '', false, NaN) with `{}` before checking.
    if (name === 'options' && !value) value = {};
    encoded[name] = encodeLikeSdk(value);
  });
  const problems = findProblems(schema, encoded);
  if (problems.length === 0) return;
  failLikeSdkLookup(encoded, problems);
  throw new SdkValidationError(problems.map((p) => `${p.field} ${p.reason}`).join('; '));
}
