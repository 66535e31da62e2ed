import { sortFloat32InPlace, sortFloat64InPlace } from './radix-sort';

// Percentiles with NumPy's default definition (np.percentile(x, q), method='linear'): the
// value at virtual index q/100 · (n − 1), interpolated linearly between its neighbours.
// PostgreSQL's percentile_cont uses the same definition. Pure.

/** NumPy's lerp: a + t·(b − a), evaluated from the nearer end so results stay monotonic. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The q-th percentile (0 ≤ q ≤ 100) of values already sorted ascending (no NaN). */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile: q must lie in [0, 100], got ${q}`);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const index = (q / 100) * (n - 1);
  const below = Math.floor(index);
  if (below >= n - 1) return sorted[n - 1]!;
  return lerp(sorted[below]!, sorted[below + 1]!, index - below);
}

/**
 * Percentiles of unsorted values, NaN ignored (np.nanpercentile); NaN for each q when no
 * value is left. Sorts one copy (radix sort) for all the requested q.
 */
export function percentiles(values: ArrayLike<number>, qs: readonly number[]): number[] {
  // Float32 input sorts as Float32 (half the bytes, same values).
  const finite = values instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) finite[n++] = v;
  }
  const sorted = finite instanceof Float32Array ? sortFloat32InPlace(finite.subarray(0, n)) : sortFloat64InPlace(finite.subarray(0, n));
  return qs.map((q) => percentileOfSorted(sorted, q));
}

export interface LatencyPercentiles {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** p50/p95/p99 of a latency sample (NaN ignored); nulls when there is none. */
export function latencyPercentiles(values: ArrayLike<number>): LatencyPercentiles {
  const [p50, p95, p99] = percentiles(values, [50, 95, 99]);
  let count = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) count++;
  const orNull = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
  return { count, p50: orNull(p50), p95: orNull(p95), p99: orNull(p99) };
}

/**
 * Percentiles of a sample given as distinct values with their counts (e.g. a GROUP BY), with
 * the same definition as `percentiles` on the expanded sample, without expanding it.
 */
export function percentilesOfCounts(values: ArrayLike<number>, counts: ArrayLike<number>, qs: readonly number[]): number[] {
  if (values.length !== counts.length) throw new RangeError('percentilesOfCounts: one count per value');
  const order = Array.from({ length: values.length }, (_, i) => i)
    .filter((i) => !Number.isNaN(values[i]!) && counts[i]! > 0)
    .sort((x, y) => values[x]! - values[y]!);
  const ends: number[] = [];
  let n = 0;
  for (const i of order) {
    n += counts[i]!;
    ends.push(n);
  }
  /** The k-th (0-based) value of the expanded, sorted sample. */
  const at = (k: number): number => {
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! > k) hi = mid;
      else lo = mid + 1;
    }
    return values[order[lo]!]!;
  };
  return qs.map((q) => {
    if (!(q >= 0 && q <= 100)) throw new RangeError(`percentile: q must lie in [0, 100], got ${q}`);
    if (n === 0) return Number.NaN;
    const index = (q / 100) * (n - 1);
    const below = Math.floor(index);
    if (below >= n - 1) return at(n - 1);
    return lerp(at(below), at(below + 1), index - below);
  });
}
