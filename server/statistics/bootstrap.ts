import { seededRandom, type SeededRandom } from '@/server/statistics/seeded-random';
import { percentileOfSorted } from './percentiles';

// Paired bootstrap confidence interval for the difference in accuracy of two models judged on
// the same labelled rows. Pure and seeded: the same counts, B and seed give the same interval.
//
// Method: draw n rows with replacement from the n labelled rows (a row's pair of outcomes
// stays together, which is what makes it paired), compute accuracy(A) − accuracy(B) on the
// resample, repeat B times, and take the (1−level)/2 and (1+level)/2 percentiles of the B
// differences (percentile method, NumPy's linear definition). Defaults: B = 2000 resamples,
// level 0.95, seed 20240601.
//
// A row contributes +1 when only A is right, −1 when only B is right and 0 otherwise, so a
// resample is fully described by how many "only A" and "only B" rows it drew: a multinomial
// draw of n over the three kinds of row. It is sampled exactly as two binomials — K ~ Bin(n,
// (onlyA + onlyB)/n) discordant rows, of which Bin(K, onlyA/(onlyA + onlyB)) are "only A" —
// so a million labelled rows cost the same as a thousand (drawing n row indices per resample
// would be 2·10⁹ draws for B = 2000, n = 10⁶).

export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;
export const DEFAULT_BOOTSTRAP_SEED = 20240601;
export const DEFAULT_CONFIDENCE_LEVEL = 0.95;

export interface PairedOutcomes {
  bothRight: number;
  /** Rows only model A gets right. */
  onlyA: number;
  /** Rows only model B gets right. */
  onlyB: number;
  bothWrong: number;
}

export interface BootstrapInterval {
  /** accuracy(A) − accuracy(B) on all rows. */
  estimate: number;
  lower: number;
  upper: number;
  level: number;
  resamples: number;
  seed: number;
  method: 'paired-percentile';
}

export interface BootstrapOptions {
  resamples?: number;
  level?: number;
  seed?: number;
}

/** Counts the paired outcomes of two models from per-row correctness. */
export function pairedOutcomes(aRight: ArrayLike<boolean | number>, bRight: ArrayLike<boolean | number>): PairedOutcomes {
  if (aRight.length !== bRight.length) throw new RangeError('pairedOutcomes: both models need one outcome per row');
  const counts: PairedOutcomes = { bothRight: 0, onlyA: 0, onlyB: 0, bothWrong: 0 };
  for (let i = 0; i < aRight.length; i++) {
    const a = Boolean(aRight[i]);
    const b = Boolean(bRight[i]);
    if (a && b) counts.bothRight += 1;
    else if (a) counts.onlyA += 1;
    else if (b) counts.onlyB += 1;
    else counts.bothWrong += 1;
  }
  return counts;
}

/** Percentile-bootstrap interval for accuracy(A) − accuracy(B); null without rows. */
export function accuracyDifferenceInterval(outcomes: PairedOutcomes, options: BootstrapOptions = {}): BootstrapInterval | null {
  const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  const level = options.level ?? DEFAULT_CONFIDENCE_LEVEL;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError('resamples must be a positive integer');
  if (!(level > 0 && level < 1)) throw new RangeError('level must lie in (0, 1)');
  for (const value of Object.values(outcomes)) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError('outcome counts must be non-negative integers');
  }
  const { onlyA, onlyB } = outcomes;
  const n = outcomes.bothRight + onlyA + onlyB + outcomes.bothWrong;
  if (n === 0) return null;

  const random = seededRandom(seed);
  const discordant = onlyA + onlyB;
  const differences = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    const drawnDiscordant = binomialSample(random, n, discordant / n);
    const drawnA = binomialSample(random, drawnDiscordant, discordant === 0 ? 0 : onlyA / discordant);
    differences[r] = (2 * drawnA - drawnDiscordant) / n;
  }
  differences.sort();
  const tail = ((1 - level) / 2) * 100;
  return {
    estimate: (onlyA - onlyB) / n,
    lower: percentileOfSorted(differences, tail),
    upper: percentileOfSorted(differences, 100 - tail),
    level,
    resamples,
    seed,
    method: 'paired-percentile',
  };
}

/**
 * One draw from Binomial(n, p) by inversion, searching outward from the mode (so the expected
 * work is a few standard deviations, not n·p). Exact up to the rounding of the probabilities.
 */
export function binomialSample(random: SeededRandom, n: number, p: number): number {
  if (n === 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const q = 1 - p;
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const atMode = Math.exp(logChoose(n, mode) + mode * Math.log(p) + (n - mode) * Math.log(q));
  let u = random.next() - atMode;
  if (u < 0) return mode;
  let up = mode;
  let down = mode;
  let pUp = atMode;
  let pDown = atMode;
  const ratio = p / q;
  while (up < n || down > 0) {
    if (up < n) {
      pUp *= ((n - up) / (up + 1)) * ratio;
      up += 1;
      u -= pUp;
      if (u < 0) return up;
    }
    if (down > 0) {
      pDown *= (down / (n - down + 1)) / ratio;
      down -= 1;
      u -= pDown;
      if (u < 0) return down;
    }
  }
  // The probabilities summed to a hair under 1 and u fell in the rounding residue.
  return mode;
}

const LOG_FACTORIALS: number[] = [0];
for (let k = 1; k <= 32; k++) LOG_FACTORIALS.push(LOG_FACTORIALS[k - 1]! + Math.log(k));

/** ln(k!): exact sums below 33, else Stirling's series (error below 1e-16 relative there). */
function logFactorial(k: number): number {
  if (k <= 32) return LOG_FACTORIALS[k]!;
  const inv = 1 / k;
  const inv2 = inv * inv;
  return (k + 0.5) * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI) + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)));
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}
