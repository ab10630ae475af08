import { describe, expect, it } from 'vitest';
import type { JsonObject, JsonValue } from '../../src/core/json';
import { checkArrayPadding, checkDepth, LIMITS } from '../../src/query/limits';
import { escapeDocKeys, escapeRequest, refuseProtoKeys, unescapeKeys } from '../../src/query/safe-keys';
import { applyUpdateSafely } from '../../src/query/safe-update';
import { parseUpdate } from '../../src/query/update';
import { prototypeExtras } from '../helpers/hostile';

describe('field names a plain object inherits', () => {
  it('escape and unescape round-trip documents and requests, and leave other names alone', () => {
    const doc = { _id: { constructor: 1 }, constructor: { prototype: { K: 1 } }, list: [{ toString: 's' }], plain: 'constructor' } as JsonObject;
    const escaped = escapeDocKeys(doc);
    expect(Object.keys(escaped).some((k) => k === 'constructor')).toBe(false);
    expect(escaped.plain).toBe('constructor');
    expect(unescapeKeys(escaped)).toEqual(doc);
    const request = { $set: { 'a.constructor.b': '$constructor.prototype' }, $rename: { x: 'toString.y' }, note: 'toString' } as JsonObject;
    const req = escapeRequest(request);
    const set = req.$set as JsonObject;
    const [key] = Object.keys(set) as [string];
    // The dotted key and the field-path value both lose the bare name; the plain string keeps it.
    expect(key).not.toBe('a.constructor.b');
    expect(Object.keys(unescapeKeys(set))).toEqual(['a.constructor.b']);
    expect(set[key]).not.toBe('$constructor.prototype');
    expect(set[key]).toMatch(/^\$.+constructor\..+prototype$/);
    expect((req.$rename as JsonObject).x).not.toBe('toString.y');
    expect(req.note).toBe('toString');
  });

  it('a replayed update (the replication rebase) treats them as ordinary fields', () => {
    const now = () => 0;
    expect(applyUpdateSafely({ _id: 1 }, parseUpdate({ $set: { 'toString.n': 1 }, $inc: { 'constructor.prototype.K': 2 } }), { now }).doc).toEqual({
      _id: 1,
      toString: { n: 1 },
      constructor: { prototype: { K: 2 } },
    });
    expect(applyUpdateSafely({ _id: 1, a: 1 }, parseUpdate({ $set: { a: 2 } }), { now }).doc).toEqual({ _id: 1, a: 2 });
    expect(prototypeExtras()).toEqual([]);
  });
});

describe('__proto__ and the limits', () => {
  it('refuses __proto__ as a key, a dotted segment or a field path, not as a value', () => {
    for (const value of [
      JSON.parse('{"__proto__": 1}'),
      { 'a.__proto__': 1 },
      ['$__proto__.x'],
      { $p: '$$ROOT.__proto__' },
      [{ b: [JSON.parse('{"__proto__": {}}')] }],
    ] as JsonValue[]) {
      expect(() => refuseProtoKeys(value, 'arg')).toThrow(expect.objectContaining({ code: 'BadValue' }));
    }
    for (const value of ['__proto__', { a: '__proto__' }, { a: 'x.__proto__' }, { __protox: 1 }] as JsonValue[])
      expect(() => refuseProtoKeys(value, 'arg')).not.toThrow();
  });

  it('measures nesting without recursion, so 100,000 levels are refused like 101', () => {
    let deep: JsonValue = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => checkDepth(deep, LIMITS.documentDepth, 'doc')).toThrow(expect.objectContaining({ code: 'BadValue' }));
    let ok: JsonValue = 1;
    for (let i = 0; i < LIMITS.documentDepth; i++) ok = { a: ok };
    expect(() => checkDepth(ok, LIMITS.documentDepth, 'doc')).not.toThrow();
    expect(() => checkDepth({ b: ok }, LIMITS.documentDepth, 'doc')).toThrow(expect.objectContaining({ code: 'BadValue' }));
  });

  it('refuses padding an array past 1,500,000 elements, counting from its length', () => {
    const doc = { _id: 1, a: [1, 2, 3], o: { a: [] }, m: {} } as JsonObject;
    expect(() => checkArrayPadding(doc, { $set: { 'a.1500002': 1 } })).not.toThrow();
    expect(() => checkArrayPadding(doc, { $set: { 'a.1500003': 1 } })).toThrow(expect.objectContaining({ code: 'BadValue' }));
    expect(() => checkArrayPadding(doc, { $push: { 'o.a.1500000': 1 } })).toThrow(expect.objectContaining({ code: 'BadValue' }));
    expect(() => checkArrayPadding(doc, { $set: { 'm.100000000': 1, 'missing.100000000': 1 } })).not.toThrow();
    expect(() => checkArrayPadding(doc, { $unset: { 'a.100000000': 1 } })).not.toThrow();
    // Positional paths reach every element they may stand for.
    const nested = { _id: 2, a: [[1], [2, 3]], o: [{ x: [] }] } as JsonObject;
    for (const path of ['a.$[].1500001', 'a.$[i].1500001', 'a.$.1500001', 'o.$[].x.1500000']) {
      expect(() => checkArrayPadding(nested, { $set: { [path]: 1 } })).toThrow(expect.objectContaining({ code: 'BadValue' }));
    }
    expect(() => checkArrayPadding(nested, { $set: { 'a.$[].1500000': 1 } })).not.toThrow();
  });
});
