import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/server/statistics/seeded-random';
import { LATENCY_BUCKETS, latencyBucket, latencyBucketBounds, LATENCY_CEILING_MS, scoreBucket, SCORE_BUCKETS } from '@/server/traffic/rollup-buckets';
import { emptyLatencyHistogram, latencyPercentiles, latencyQuantile } from './latency-quantiles';

// Percentiles from √2-wide log buckets: always in the bucket of the true (nearest-rank)
// percentile, and within a factor √2 of it.

function histogramOf(values: number[]) {
  const histogram = emptyLatencyHistogram();
  for (const v of values) histogram[latencyBucket(v)]! += 1;
  return histogram;
}

/** The ⌈q·n⌉-th smallest value: numpy.percentile(method='inverted_cdf'). */
function nearestRank(values: number[], q: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

describe('latency buckets', () => {
  it('tile [0, ∞) in √2 steps from 0.1 ms, each value in the bucket whose bounds hold it', () => {
    expect(latencyBucketBounds(0)).toEqual({ lower: 0, upper: 0.1 });
    expect(latencyBucketBounds(LATENCY_BUCKETS - 1)).toEqual({ lower: LATENCY_CEILING_MS, upper: Number.POSITIVE_INFINITY });
    for (let k = 0; k < LATENCY_BUCKETS; k++) {
      const { lower, upper } = latencyBucketBounds(k);
      if (k > 0) expect(latencyBucketBounds(k - 1).upper).toBeCloseTo(lower, 9);
      expect(latencyBucket(lower === 0 ? 0 : lower * (1 + 1e-9))).toBe(k);
      if (Number.isFinite(upper)) expect(latencyBucket(upper * (1 - 1e-9))).toBe(k);
    }
    expect(latencyBucket(0.1)).toBe(1);
    expect(latencyBucket(LATENCY_CEILING_MS)).toBe(LATENCY_BUCKETS - 1);
    expect(latencyBucket(1e9)).toBe(LATENCY_BUCKETS - 1);
  });

  it('put scores in 20 equal buckets, 1 in the last, nothing outside [0, 1]', () => {
    expect([0, 0.049, 0.05, 0.5, 0.99, 1].map(scoreBucket)).toEqual([0, 0, 1, 10, 19, SCORE_BUCKETS - 1]);
    expect([-0.1, 1.01, Number.NaN].map(scoreBucket)).toEqual([null, null, null]);
  });
});

describe('latencyQuantile', () => {
  it('lands in the true percentile’s bucket, within a factor √2, on skewed data', () => {
    const random = seededRandom(7);
    for (const [mu, sigma, n] of [[1, 0.5, 1000], [3, 1.5, 20_000], [-3, 2, 5000], [8, 1, 3000]] as const) {
      // Log-normal latencies, stored as reals as the table stores them.
      const values = Array.from({ length: n }, () => Math.fround(Math.exp(mu + sigma * random.normal())));
      const histogram = histogramOf(values);
      for (const q of [0.01, 0.5, 0.9, 0.95, 0.99, 1]) {
        const exact = nearestRank(values, q);
        const estimate = latencyQuantile(histogram, q)!;
        expect(latencyBucket(exact), `q=${q}`).toBe(latencyBucket(estimate.lower === 0 ? 0 : estimate.lower * (1 + 1e-9)));
        expect(exact).toBeGreaterThanOrEqual(estimate.lower * (1 - 1e-9));
        expect(exact).toBeLessThan(estimate.upper);
        // Below 0.1 ms the error is absolute (< 0.1 ms), not relative.
        if (estimate.lower > 0 && Number.isFinite(estimate.upper)) {
          expect(estimate.value / exact).toBeLessThan(Math.SQRT2 + 1e-9);
          expect(exact / estimate.value).toBeLessThan(Math.SQRT2 + 1e-9);
        }
      }
    }
  });

  it('reads one bucket geometrically by rank, the first linearly and the last as "at least"', () => {
    const histogram = emptyLatencyHistogram();
    histogram[10] = 4; // [0.1·2^4.5, 0.1·2^5) = [2.26, 3.2) ms
    const { lower, upper } = latencyBucketBounds(10);
    // The 2nd of 4: at (2 − 0.5) / 4 of the way, on a log scale.
    expect(latencyQuantile(histogram, 0.5)!.value).toBeCloseTo(lower * (upper / lower) ** (1.5 / 4), 12);
    expect(latencyQuantile([2, ...new Array(39).fill(0)], 1)!.value).toBeCloseTo(0.075, 12);
    const slow = emptyLatencyHistogram();
    slow[LATENCY_BUCKETS - 1] = 1;
    expect(latencyQuantile(slow, 0.99)).toEqual({ value: LATENCY_CEILING_MS, lower: LATENCY_CEILING_MS, upper: Number.POSITIVE_INFINITY });
  });

  it('says nothing about an empty histogram and refuses a quantile outside (0, 1]', () => {
    expect(latencyPercentiles(emptyLatencyHistogram())).toEqual({ p50: null, p95: null, p99: null });
    expect(() => latencyQuantile([1], 0)).toThrow(RangeError);
    expect(() => latencyQuantile([1], 1.5)).toThrow(RangeError);
  });
});
