import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/core/json';
import { applyUpdate, parseUpdate } from '../../src/query/update';

const env = { now: () => Date.UTC(2026, 0, 1) };
const apply = (doc: JsonObject, update: JsonObject, more: { filter?: JsonObject; arrayFilters?: JsonObject[] } = {}) =>
  applyUpdate({ _id: 1, ...doc }, parseUpdate(update), { ...env, ...more }).doc;

describe('array update operators where mpsync takes over from mingo', () => {
  it('$pull with a document query under $[] reaches every element array', () => {
    const doc = { a: [{ b: [{ x: 1 }, { y: 2 }] }, { b: [{ z: 3 }, 4] }] };
    expect(apply(doc, { $pull: { 'a.$[].b': { $or: [{ x: 1 }, { z: 3 }] } } })).toEqual({ _id: 1, a: [{ b: [{ y: 2 }] }, { b: [4] }] });
  });

  it('$push $sort through an index sorts the values whole', () => {
    expect(apply({ a: [{ b: [3, 'x', 1] }] }, { $push: { 'a.0.b': { $each: [2], $sort: -1 } } })).toEqual({ _id: 1, a: [{ b: ['x', 3, 2, 1] }] });
  });

  it('$push $position counts from the end when negative, then $slice keeps the front', () => {
    expect(apply({ a: [1, 2, 3] }, { $push: { a: { $each: [9], $position: -1, $slice: 3 } } })).toEqual({ _id: 1, a: [1, 2, 9] });
  });

  it('the positional $ takes the element index from a condition on another array', () => {
    expect(apply({ x: [5, 6], y: ['a', 'b'] }, { $set: { 'y.$': 'z' } }, { filter: { x: 6 } })).toEqual({ _id: 1, x: [5, 6], y: ['a', 'z'] });
  });

  it('$[id] paths to one array under different identifiers write their own elements', () => {
    expect(apply({ a: [0, 1, 2] }, { $set: { 'a.$[i]': 'i', 'a.$[j]': 'j' } }, { arrayFilters: [{ i: 0 }, { j: 2 }] })).toEqual({ _id: 1, a: ['i', 1, 'j'] });
    expect(() => apply({ a: [0, 1, 2] }, { $set: { 'a.$[i]': 'i', 'a.$[j]': 'j' } }, { arrayFilters: [{ i: 0 }, { j: { $lt: 1 } }] })).toThrow(
      expect.objectContaining({ code: 'BadValue' }),
    );
  });

  it('a $[] path over a missing field or a scalar is refused', () => {
    expect(() => apply({}, { $set: { 'a.$[]': 1 } })).toThrow(expect.objectContaining({ code: 'BadValue' }));
    expect(() => apply({ a: 5 }, { $set: { 'a.$[]': 1 } })).toThrow(expect.objectContaining({ code: 'BadValue' }));
  });
});
