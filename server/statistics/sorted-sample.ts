import { sortFloat32InPlace, sortFloat64InPlace } from './radix-sort';

// A sample sorted ascending with no NaN: the form every two-sample statistic here works on,
// so a column is sorted once and shared by KS, Wasserstein, frozen bins and unique counts.
// Float32 columns stay Float32 (half the memory, a cheaper sort); values widen exactly to
// float64 whenever they are read.
export type SortedSample = Float32Array | Float64Array;

/** A sorted float64 copy of the values with NaN dropped (the documented NaN policy). */
export function sortedWithoutNaN(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === v) out[n++] = v;
  }
  return sortFloat64InPlace(out.subarray(0, n));
}

/** Sorts a NaN-free column of either float width in place. */
export function sortSampleInPlace<T extends SortedSample>(values: T, scratch?: SortedSample): T {
  if (values instanceof Float32Array) sortFloat32InPlace(values, scratch instanceof Float32Array ? scratch : undefined);
  else sortFloat64InPlace(values as Float64Array, scratch instanceof Float64Array ? scratch : undefined);
  return values;
}

/** Number of distinct values of a sorted sample (−0 and +0 count as one). */
export function distinctCountSorted(sorted: SortedSample): number {
  const n = sorted.length;
  if (n === 0) return 0;
  let distinct = 1;
  let last = sorted[0]!;
  for (let i = 1; i < n; i++) {
    const v = sorted[i]!;
    if (v !== last) {
      distinct++;
      last = v;
    }
  }
  return distinct;
}

/** Index of the first element greater than x (numpy's searchsorted(side='right')). */
export function upperBound(sorted: SortedSample, x: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element not less than x (numpy's searchsorted(side='left')). */
export function lowerBound(sorted: SortedSample, x: number, from = 0, to = sorted.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
