import { binomialSample } from '@/server/statistics/bootstrap';
import { percentileOfSorted } from '@/server/statistics/percentiles';
import { seededRandom, type SeededRandom } from '@/server/statistics/seeded-random';
import { encodeExtended, type ExtendedNumber } from './fairness-numbers';

// Percentile-bootstrap confidence intervals for statistics that depend on the rows only
// through each group's four confusion cells (every group rate and every disparity of both
// conventions; not ROC AUC, mean score or calibration, which need the scores).
//
// Stratified by group: each group is resampled with its own size n_g, so a small group is
// never resampled away. A resample of group g is a multinomial draw of n_g rows over its four
// cells, taken exactly as sequential binomials (TN ~ Bin(n, tn/n); FP ~ Bin(n − TN,
// fp/(n − tn)); FN ~ Bin(…, fn/(fn + tp)); TP the rest), so the cost is the same for a
// thousand rows or a billion: groups × replicates × 3 binomials plus the statistics.
// Seeded (mulberry32): the same counts, replicates and seed give the same intervals.
//
// Each interval is over the replicates where the statistic is defined (a rate whose
// denominator was resampled to 0 is skipped and counted). `significant` says the interval
// excludes the "fair" value: 0 for a difference, 1 for a ratio; null for a plain rate.

export const DEFAULT_FAIRNESS_REPLICATES = 1000;
export const DEFAULT_FAIRNESS_SEED = 20240611;
export const DEFAULT_FAIRNESS_LEVEL = 0.95;
export const MAX_FAIRNESS_REPLICATES = 100_000;

export interface BootstrapSettings {
  replicates?: number;
  seed?: number;
  level?: number;
}

export interface ConfidenceInterval {
  /** Bounds as ExtendedNumber: a ratio's replicates may be Infinity. */
  lower: ExtendedNumber;
  upper: ExtendedNumber;
  /** Replicates where the statistic was defined (the interval is over these). */
  definedReplicates: number;
  /** The interval excludes the fair value (0 for differences, 1 for ratios); null for rates. */
  significant: boolean | null;
}

export function resolveBootstrapSettings(settings: BootstrapSettings = {}): Required<BootstrapSettings> {
  const replicates = settings.replicates ?? DEFAULT_FAIRNESS_REPLICATES;
  const seed = settings.seed ?? DEFAULT_FAIRNESS_SEED;
  const level = settings.level ?? DEFAULT_FAIRNESS_LEVEL;
  if (!Number.isInteger(replicates) || replicates < 1 || replicates > MAX_FAIRNESS_REPLICATES) {
    throw new RangeError(`bootstrap replicates must be an integer in [1, ${MAX_FAIRNESS_REPLICATES}], got ${replicates}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`bootstrap seed must be an integer, got ${seed}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`bootstrap level must lie in (0, 1), got ${level}`);
  return { replicates, seed, level };
}

/** One stratified resample: every group's cells redrawn with the group's own size. */
export function resampleCells(random: SeededRandom, observed: Float64Array, out: Float64Array): void {
  for (let at = 0; at < observed.length; at += 4) {
    let remaining = observed[at]! + observed[at + 1]! + observed[at + 2]! + observed[at + 3]!;
    let remainingCount = remaining;
    for (let c = 0; c < 3; c++) {
      const k = observed[at + c]!;
      const drawn = remaining === 0 ? 0 : binomialSample(random, remaining, remainingCount === 0 ? 0 : k / remainingCount);
      out[at + c] = drawn;
      remaining -= drawn;
      remainingCount -= k;
    }
    out[at + 3] = remaining;
  }
}

/** The q-th percentile of sorted values that may hold ±Infinity (lerp of inf − inf is NaN). */
function percentile(sorted: Float64Array, q: number): number {
  const v = percentileOfSorted(sorted, q);
  if (!Number.isNaN(v)) return v;
  return sorted[Math.round((q / 100) * (sorted.length - 1))]!;
}

/**
 * Intervals for the statistics `evaluate` computes from a cells array (NaN = undefined),
 * one per entry of `fair` (the fair value of each statistic, or NaN for none).
 */
export function bootstrapIntervals(
  cells: Float64Array,
  evaluate: (cells: Float64Array) => ArrayLike<number>,
  fair: ArrayLike<number>,
  settings: BootstrapSettings = {},
): (ConfidenceInterval | null)[] {
  const { replicates, seed, level } = resolveBootstrapSettings(settings);
  const stats = fair.length;
  const random = seededRandom(seed);
  const resampled = new Float64Array(cells.length);
  // Column-major: each statistic's replicates side by side, sorted in place afterwards.
  const values = new Float64Array(stats * replicates);
  for (let r = 0; r < replicates; r++) {
    resampleCells(random, cells, resampled);
    const result = evaluate(resampled);
    if (result.length !== stats) throw new RangeError(`bootstrap: evaluate returned ${result.length} statistics, expected ${stats}`);
    for (let s = 0; s < stats; s++) values[s * replicates + r] = result[s]!;
  }
  const tail = ((1 - level) / 2) * 100;
  const intervals: (ConfidenceInterval | null)[] = [];
  for (let s = 0; s < stats; s++) {
    const column = values.subarray(s * replicates, (s + 1) * replicates);
    let defined = 0;
    for (let r = 0; r < replicates; r++) if (!Number.isNaN(column[r]!)) column[defined++] = column[r]!;
    if (defined === 0) {
      intervals.push(null);
      continue;
    }
    const sorted = column.subarray(0, defined).sort();
    const lower = percentile(sorted, tail);
    const upper = percentile(sorted, 100 - tail);
    const f = fair[s]!;
    intervals.push({
      lower: encodeExtended(lower),
      upper: encodeExtended(upper),
      definedReplicates: defined,
      significant: Number.isNaN(f) ? null : lower > f || upper < f,
    });
  }
  return intervals;
}
