// The histogram buckets of traffic_hourly, as the SQL functions traffic_latency_bucket and
// traffic_score_bucket of migration 0009 define them (the database is the definition; these
// mirror it for readers and tests). Pure, client-safe.

export const LATENCY_BUCKETS = 40;
export const SCORE_BUCKETS = 20;

const LATENCY_FLOOR_MS = 0.1;
/** 2 / ln 2: two buckets per doubling. */
const BUCKETS_PER_LN = 2.885390081777927;
/** Lower edge of the last (open-ended) latency bucket: 0.1 ms · 2^19. */
export const LATENCY_CEILING_MS = 52_428.8;

/** The latency bucket of a value in ms (a stored real), as traffic_latency_bucket computes it. */
export function latencyBucket(ms: number): number {
  if (ms < LATENCY_FLOOR_MS) return 0;
  if (ms >= LATENCY_CEILING_MS) return LATENCY_BUCKETS - 1;
  return 1 + Math.floor(Math.log(ms * 10) * BUCKETS_PER_LN);
}

/** [lower, upper) in ms of latency bucket k: [0, 0.1) for 0, √2 wide after it, [52,428.8, ∞) last. */
export function latencyBucketBounds(k: number): { lower: number; upper: number } {
  if (!Number.isInteger(k) || k < 0 || k >= LATENCY_BUCKETS) throw new RangeError(`no latency bucket ${k}`);
  return {
    lower: k === 0 ? 0 : LATENCY_FLOOR_MS * 2 ** ((k - 1) / 2),
    upper: k === LATENCY_BUCKETS - 1 ? Number.POSITIVE_INFINITY : LATENCY_FLOOR_MS * 2 ** (k / 2),
  };
}

/** The score bucket (20 equal buckets on [0, 1], 1 in the last), null outside [0, 1]. */
export function scoreBucket(score: number): number | null {
  if (!(score >= 0 && score <= 1)) return null;
  return score === 1 ? SCORE_BUCKETS - 1 : Math.floor(score * SCORE_BUCKETS);
}

/** [lower, upper) of score bucket k. */
export function scoreBucketBounds(k: number): { lower: number; upper: number } {
  if (!Number.isInteger(k) || k < 0 || k >= SCORE_BUCKETS) throw new RangeError(`no score bucket ${k}`);
  return { lower: k / SCORE_BUCKETS, upper: (k + 1) / SCORE_BUCKETS };
}
