/** The fake's own JSON writer (core/json.ts) against JSON.stringify: the same text for every value, or the same throw. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonString, toJson } from '../../src/core/json.js';

/** JSON.stringify's text, or the name of what it threw. */
const stringified = (value: unknown): string | undefined => {
  try {
    return JSON.stringify(value);
  } catch (error) {
    return `threw ${(error as Error).name}`;
  }
};
const written = (value: unknown): string | undefined => {
  try {
    return toJson(value);
  } catch (error) {
    return `threw ${(error as Error).name}`;
  }
};

describe('toJson', () => {
  it('writes what JSON.stringify writes for JSON values, strings with escapes and surrogates included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(written(value)).toBe(stringified(value));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: 'binary' }), fc.oneof(fc.string({ unit: 'binary' }), fc.double())),
        (value) => {
          expect(written(value)).toBe(stringified(value));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('writes what JSON.stringify writes for anything else: undefined, functions, dates, boxed values, sparse arrays', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withDate: true,
          withBoxedValues: true,
          withSparseArray: true,
          withNullPrototype: true,
          withMap: true,
          withSet: true,
        }),
        (value) => {
          expect(written(value)).toBe(stringified(value));
        },
      ),
      { numRuns: 2000 },
    );
    const dated = { at: new Date(0), list: [undefined, () => 1, Symbol('s')], skip: undefined, n: -0, inf: Infinity };
    expect(toJson(dated)).toBe(JSON.stringify(dated));
    expect(toJson({ toJSON: () => 'own' })).toBe('"own"');
    expect(toJson(undefined)).toBeUndefined();
  });

  it('throws where JSON.stringify throws: a cycle, a bigint', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => toJson(cyclic)).toThrow(TypeError);
    expect(() => toJson({ big: 1n })).toThrow(TypeError);
  });

  it('writes keys past those it keeps (over 1024, or long) as well as the kept ones', () => {
    const long = 'k'.repeat(1000);
    for (let i = 0; i < 1500; i++) {
      const value = { [`key${i}`]: i, [`${long}${i}`]: 'v', 'q"uote': true };
      expect(toJson(value)).toBe(JSON.stringify(value));
    }
  });
});

describe('jsonString', () => {
  it('writes a string as JSON.stringify does', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(jsonString(text)).toBe(JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });
});
