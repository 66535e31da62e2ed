import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: true, c: null }, A: 'x' })).toBe('{"A":"x","a":{"c":null,"d":true},"b":1}');
    // "\u20ac" (€) sorts after "\r" and before the astral "\ud83d\ude00" by code unit, as RFC 8785 §3.2.3 requires.
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ud83d\ude00': 3 })).toBe('{"\\r":2,"€":1,"😀":3}');
  });

  it('writes numbers in ECMAScript shortest form', () => {
    expect(canonicalJson([1e21, 1e-7, 0.1, -0, 123456789012345680000, 4.5])).toBe('[1e+21,1e-7,0.1,0,123456789012345680000,4.5]');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow();
  });

  it('is stable regardless of insertion order', () => {
    expect(canonicalJson({ x: 1, y: [3, 2] })).toBe(canonicalJson({ y: [3, 2], x: 1 }));
  });
});
