import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/core/json';
import { compareValues, equalValues } from '../../src/query/bson-order';
import { typeTest } from '../../src/query/match/bson-types';
import { reach } from '../../src/query/match/reach';

describe('compareValues', () => {
  it('orders types as MongoDB does: null, numbers, strings, objects, arrays, booleans', () => {
    const sorted: JsonValue[] = [true, [1], { a: 1 }, 'a', 2, null].sort(compareValues);
    expect(sorted).toEqual([null, 2, 'a', { a: 1 }, [1], true]);
  });

  it('compares arrays element by element, a prefix first', () => {
    expect(compareValues([1, 2], [1, 3])).toBeLessThan(0);
    expect(compareValues([3], [3, 2])).toBeLessThan(0);
    expect(compareValues([{ test: 7 }], [15])).toBeGreaterThan(0);
  });

  it('compares documents field by field in stored order: type, name, value', () => {
    expect(compareValues({ a: 1, b: 2 }, { a: 1, b: 3 })).toBeLessThan(0);
    expect(compareValues({ a: 'x' }, { a: 1 })).toBeGreaterThan(0);
    expect(compareValues({ a: 1 }, { b: 1 })).toBeLessThan(0);
    expect(equalValues({ h: 10, w: 5 }, { w: 5, h: 10 })).toBe(false);
    expect(equalValues({ h: 10, w: 5 }, { h: 10, w: 5 })).toBe(true);
  });
});

describe('reach', () => {
  it('walks arrays of subdocuments, a missing field for every element without it', () => {
    expect(reach({ a: [{ b: 1 }, {}, 5, [{ b: 2 }]] }, ['a', 'b'])).toEqual([1, undefined, undefined, undefined]);
  });

  it('takes a numeric segment both as an index and as a field name', () => {
    expect(reach({ a: [{ 1: 4 }, 5] }, ['a', '1'])).toEqual([5, 4]);
  });

  it('reaches a missing field when nothing is on the path', () => {
    expect(reach({ a: [] }, ['a', 'b'])).toEqual([undefined]);
    expect(reach({ a: 3 }, ['a', 'b'])).toEqual([undefined]);
  });

  it('never reads inherited names', () => {
    expect(reach({ a: {} }, ['a', 'constructor'])).toEqual([undefined]);
  });
});

describe('typeTest', () => {
  it('types JSON numbers as the Node driver stores them: 32-bit integers are int, the rest double', () => {
    expect(typeTest('int')(5)).toBe(true);
    expect(typeTest('double')(5)).toBe(false);
    expect(typeTest('double')(5.5)).toBe(true);
    expect(typeTest('double')(2 ** 40)).toBe(true);
    expect(typeTest('long')(2 ** 40)).toBe(false);
  });

  it('refuses unknown aliases, invalid codes and an empty list', () => {
    expect(() => typeTest('text')).toThrow(/Unknown type name alias/);
    expect(() => typeTest(99)).toThrow(/Invalid numerical type code/);
    expect(() => typeTest(2.5)).toThrow(/Invalid numerical type code/);
    expect(() => typeTest([])).toThrow(/at least one type/);
  });
});
