import { sortSampleInPlace, type SortedSample } from '@/server/statistics/sorted-sample';
import type { FeatureMatrix } from './drift-types';

// Reading one feature out of a row-major FeatureMatrix. A numeric column is copied without its
// missing values (NaN, and ±Infinity, which Evidently also treats as missing) into an array of
// the matrix's own float width and sorted once; every numeric statistic then reads that sorted
// copy. A categorical column is only counted: category index i (0 ≤ i < k) goes to bucket i,
// anything else that is not NaN (−1, or an index outside the declared list) to the unseen
// bucket k.

export interface NumericColumn {
  sorted: SortedSample;
  missing: number;
}

export interface CategoryCounts {
  /** k + 1 buckets: the declared categories in order, then unseen values. */
  counts: number[];
  missing: number;
}

export function assertMatrixShape(matrix: FeatureMatrix, width: number, what: string): void {
  if (matrix.width !== width) throw new RangeError(`${what} matrix has width ${matrix.width}, the feature schema ${width}`);
  if (matrix.values.length < matrix.count * matrix.width) {
    throw new RangeError(`${what} matrix holds ${matrix.values.length} values, fewer than ${matrix.count} × ${matrix.width}`);
  }
}

/** Finite values of one column, sorted ascending. */
export function sortedNumericColumn(matrix: FeatureMatrix, column: number, scratch?: SortedSample): NumericColumn {
  const { count, width, values } = matrix;
  const out = values instanceof Float32Array ? new Float32Array(count) : new Float64Array(count);
  let n = 0;
  for (let r = 0, at = column; r < count; r++, at += width) {
    const v = values[at]!;
    // v − v is 0 for finite v, NaN for NaN and ±Infinity.
    if (v - v === 0) out[n++] = v;
  }
  const sorted = out.subarray(0, n);
  sortSampleInPlace(sorted, scratch);
  return { sorted, missing: count - n };
}

/** Finite values of a separate score array (predictions), sorted ascending. */
export function sortedScores(scores: ArrayLike<number>): NumericColumn {
  const out = scores instanceof Float32Array ? new Float32Array(scores.length) : new Float64Array(scores.length);
  let n = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (v - v === 0) out[n++] = v;
  }
  const sorted = out.subarray(0, n);
  sortSampleInPlace(sorted);
  return { sorted, missing: scores.length - n };
}

export function categoryCounts(matrix: FeatureMatrix, column: number, categoryCount: number): CategoryCounts {
  const { count, width, values } = matrix;
  const counts = new Array<number>(categoryCount + 1).fill(0);
  let missing = 0;
  for (let r = 0, at = column; r < count; r++, at += width) {
    const v = values[at]!;
    if (v !== v) missing++;
    else if (v >= 0 && v < categoryCount && v === Math.floor(v)) counts[v]!++;
    else counts[categoryCount]!++;
  }
  return { counts, missing };
}
