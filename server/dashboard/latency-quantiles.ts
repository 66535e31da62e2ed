import { LATENCY_BUCKETS, latencyBucketBounds } from '@/server/traffic/rollup-buckets';

// Latency percentiles read from the rollups' log-bucket histograms (pure, client-safe).
//
// Stated error: the percentile is the nearest-rank one (the ⌈q·n⌉-th smallest latency), and
// it always lies in the reported bucket [lower, upper). Buckets are √2 wide, so the value,
// interpolated geometrically inside the bucket by rank, is within a factor √2 (−29 %…+41 %)
// of the true percentile, and usually far closer. Below 0.1 ms the bucket is [0, 0.1),
// interpolation is linear and the error under 0.1 ms; from 52,428.8 ms up the bucket is open and the value is its lower
// edge ("at least").

export interface LatencyQuantile {
  /** ms */
  value: number;
  /** The bucket the true percentile lies in, ms (upper is Infinity for the last). */
  lower: number;
  upper: number;
}

/** Element-wise sum of histograms (all of the same length). */
export function addHistograms(into: number[], add: readonly number[]): number[] {
  for (let i = 0; i < add.length; i++) into[i] = (into[i] ?? 0) + add[i]!;
  return into;
}

export const emptyLatencyHistogram = (): number[] => new Array<number>(LATENCY_BUCKETS).fill(0);

/** The q-th quantile (0 < q ≤ 1) of a latency histogram; null when it counts nothing. */
export function latencyQuantile(histogram: readonly number[], q: number): LatencyQuantile | null {
  if (!(q > 0 && q <= 1)) throw new RangeError(`quantile must be in (0, 1], got ${q}`);
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil(q * total - 1e-9));
  let before = 0;
  for (let k = 0; k < histogram.length; k++) {
    const count = histogram[k]!;
    if (count > 0 && before + count >= rank) {
      const { lower, upper } = latencyBucketBounds(k);
      // Position of the rank inside the bucket, the rank-th of `count` spread evenly (in (0, 1]).
      const f = (rank - before - 0.5) / count;
      const value = upper === Number.POSITIVE_INFINITY ? lower : lower === 0 ? f * upper : lower * (upper / lower) ** f;
      return { value, lower, upper };
    }
    before += count;
  }
  return null;
}

export interface LatencyPercentiles {
  p50: LatencyQuantile | null;
  p95: LatencyQuantile | null;
  p99: LatencyQuantile | null;
}

export function latencyPercentiles(histogram: readonly number[]): LatencyPercentiles {
  return { p50: latencyQuantile(histogram, 0.5), p95: latencyQuantile(histogram, 0.95), p99: latencyQuantile(histogram, 0.99) };
}
