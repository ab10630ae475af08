import { describe, expect, it } from 'vitest';
import type { Doc, JsonValue } from '../../src/core/json';
import { compareStrings, compareValues } from '../../src/query/bson-order';
import { parseSort, parseSortStage, sortDocs } from '../../src/query/sort';
import { sortKeysOf } from '../../src/query/sort-keys';

describe('compareValues: MongoDB order of JSON values', () => {
  it('orders types null < numbers < strings < objects < arrays < booleans, missing as null', () => {
    const values: JsonValue[] = [true, [1], { a: 1 }, 'b', 2, null];
    expect([...values].sort(compareValues)).toEqual([null, 2, 'b', { a: 1 }, [1], true]);
    expect(compareValues(undefined, null)).toBe(0);
    expect(compareValues(false, true)).toBeLessThan(0);
  });

  it('compares strings by code point, as UTF-8 bytes order them', () => {
    // U+FFFF is one UTF-16 unit, U+10000 a surrogate pair that JavaScript's < puts first.
    expect('\u{10000}' < '\uffff').toBe(true);
    expect(compareStrings('\uffff', '\u{10000}')).toBeLessThan(0);
    expect(compareStrings('a\u{10000}', 'a\ue000')).toBeGreaterThan(0);
    expect(compareStrings('abc', 'abd')).toBeLessThan(0);
    expect(compareStrings('ab', 'abc')).toBeLessThan(0);
  });

  it('compares documents field by field in stored order: value type, then name, then value', () => {
    expect(compareValues({ a: 1, b: 2 }, { b: 2, a: 1 })).toBeLessThan(0);
    expect(compareValues({ a: 'x' }, { b: 1 })).toBeGreaterThan(0); // a string value ranks above a number
    expect(compareValues({ a: 1 }, { a: 1, b: 1 })).toBeLessThan(0);
    expect(compareValues({}, { a: null })).toBeLessThan(0);
  });

  it('compares arrays element by element, a prefix first', () => {
    expect(compareValues([1, 2], [1, 3])).toBeLessThan(0);
    expect(compareValues([1], [1, 0])).toBeLessThan(0);
    expect(compareValues([2], [1, 9])).toBeGreaterThan(0);
    expect(compareValues([], [null])).toBeLessThan(0);
  });
});

describe('sort keys', () => {
  const asc = parseSort({ a: 1 })!;
  it('takes an array by its smallest element ascending and largest descending', () => {
    expect(sortKeysOf({ _id: 1, a: [3, 1, 2] }, asc)[0]).toBe(1);
    expect(sortKeysOf({ _id: 1, a: [3, 1, 2] }, parseSort({ a: -1 })!)[0]).toBe(3);
  });

  it('keeps an array inside an array whole', () => {
    expect(sortKeysOf({ _id: 1, a: [[5], 7] }, asc)[0]).toBe(7);
    expect(sortKeysOf({ _id: 1, a: [[5], 7] }, parseSort({ a: -1 })!)[0]).toEqual([5]);
  });

  it('refuses sort paths through two different arrays', () => {
    expect(() => sortKeysOf({ _id: 1, a: [1], b: [2] }, parseSort({ a: 1, b: 1 })!)).toThrow(expect.objectContaining({ code: 'BadValue' }));
    expect(() => sortKeysOf({ _id: 1, a: [{ b: 1, c: 2 }] }, parseSort({ 'a.b': 1, 'a.c': 1 })!)).not.toThrow();
  });

  it('sorts a 200,000-element array field without recursion per element', () => {
    const big = Array.from({ length: 200_000 }, (_, i) => i);
    const docs = [
      { _id: 'x', a: 5 },
      { _id: 'y', a: big },
    ] as Doc[];
    expect(sortDocs(docs, asc).map((d) => d._id)).toEqual(['y', 'x']);
    expect(sortDocs(docs, parseSort({ a: -1 })!).map((d) => d._id)).toEqual(['y', 'x']);
  });
});

describe('parseSortStage', () => {
  it('takes 1 and -1 and appends no _id', () => {
    expect(parseSortStage({ a: -1, 'b.c': 1 })).toEqual([
      ['a', -1],
      ['b.c', 1],
    ]);
  });

  it.each([[{}], [{ a: 0 }], [{ a: 'asc' }], [{ $a: 1 }], [{ 'a.': 1 }], [[['a', 1]]]])('refuses %j with BadValue', (spec) => {
    expect(() => parseSortStage(spec)).toThrow(expect.objectContaining({ code: 'BadValue' }));
  });
});
