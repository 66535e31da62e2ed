import { describe, expect, it } from 'vitest';
import { sortFloat32InPlace, sortFloat64InPlace } from './radix-sort';
import { distinctCountSorted, lowerBound, sortedWithoutNaN, upperBound } from './sorted-sample';

function scrambled(n: number, seed: number): Float64Array {
  let s = seed;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    const u = s / 2147483647;
    // Mixed signs, magnitudes, ties, zeros of both signs and infinities.
    out[i] = i % 97 === 0 ? -0 : i % 101 === 0 ? 0 : i % 499 === 0 ? (i % 2 ? Infinity : -Infinity) : i % 7 === 0 ? Math.round(u * 10) : (u - 0.5) * 10 ** ((i % 13) - 6);
  }
  return out;
}

describe('radix sorts agree with the comparison sort', () => {
  it.each([10, 5_000, 40_000, 200_000])('float64, %i values', (n) => {
    const values = scrambled(n, 7);
    const expected = values.slice().sort();
    expect(Array.from(sortFloat64InPlace(values))).toEqual(Array.from(expected));
  });

  it.each([10, 5_000, 200_000])('float32, %i values', (n) => {
    const values = Float32Array.from(scrambled(n, 11));
    const expected = values.slice().sort();
    expect(Array.from(sortFloat32InPlace(values))).toEqual(Array.from(expected));
  });

  it('sorts a sample whose low digits are all equal (skipped passes)', () => {
    const values = Float64Array.from(Float32Array.from(scrambled(100_000, 3)));
    const expected = values.slice().sort();
    expect(Array.from(sortFloat64InPlace(values))).toEqual(Array.from(expected));
  });
});

describe('sorted samples', () => {
  it('drop NaN, count distinct values and search like numpy.searchsorted', () => {
    const sorted = sortedWithoutNaN([3, Number.NaN, 1, 2, 2, -0, 0]);
    expect(Array.from(sorted)).toEqual([-0, 0, 1, 2, 2, 3]);
    expect(distinctCountSorted(sorted)).toBe(4);
    expect(upperBound(sorted, 2)).toBe(5);
    expect(lowerBound(sorted, 2)).toBe(3);
  });
});
