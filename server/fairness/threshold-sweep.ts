import { type ConfusionMatrix } from '@/server/statistics/classification-metrics';
import { aif360Disparities, violatesFourFifths } from './aif360-disparities';
import { fairlearnDisparities, type UndefinedRatePolicy } from './fairlearn-disparities';
import { ratesFromConfusion } from './group-rates';
import { binOf, type ScoreBins } from './score-bins';

// The headline disparities of a score-based model if it predicted positive at other
// thresholds (ŷ = score ≥ t). The scores were binned once per group with every threshold as
// a bin edge (score-bins.ts), so each threshold is a cumulative sum over bins: the rows are
// never sorted or re-read per threshold, and the counts are exactly those of the rows.

/** 0.05, 0.10, …, 0.95 as k/20: the doubles nearest to the decimals. */
export const DEFAULT_THRESHOLDS: readonly number[] = Array.from({ length: 19 }, (_, k) => (k + 1) / 20);

export interface ThresholdPoint {
  threshold: number;
  /** Over the rows in scope. */
  selectionRate: number | null;
  accuracy: number | null;
  demographicParityDifference: number | null;
  demographicParityRatio: number | null;
  equalizedOddsDifference: number | null;
  /** AIF360 disparate impact of the other groups against the privileged one; may be Infinity. */
  disparateImpact: number | null;
  fourFifthsViolated: boolean | null;
}

export interface SweepScope {
  /** Groups in scope (all, or the judged ones). */
  groups: readonly number[];
  /** Privileged group, or null when there is none to compare with. */
  privileged: number | null;
}

/** Confusion matrices of every group at threshold edges[j]: predicted positive = bins above j. */
function confusionAt(bins: ScoreBins, j: number): ConfusionMatrix[] {
  const nb = bins.edges.length + 1;
  const result: ConfusionMatrix[] = [];
  for (let g = 0; g < bins.groupCount; g++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    for (let b = 0; b < nb; b++) {
      const at = 2 * (g * nb + b);
      if (b > j) {
        fp += bins.counts[at]!;
        tp += bins.counts[at + 1]!;
      } else {
        tn += bins.counts[at]!;
        fn += bins.counts[at + 1]!;
      }
    }
    result.push({ tp, fp, tn, fn });
  }
  return result;
}

function pool(cms: readonly ConfusionMatrix[], groups: readonly number[]): ConfusionMatrix {
  const total: ConfusionMatrix = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const g of groups) {
    const cm = cms[g]!;
    total.tp += cm.tp;
    total.fp += cm.fp;
    total.tn += cm.tn;
    total.fn += cm.fn;
  }
  return total;
}

/** The sweep over the given thresholds (each must be one of the bins' edges). */
export function thresholdSweep(bins: ScoreBins, thresholds: readonly number[], scope: SweepScope, policy: UndefinedRatePolicy = 'as-fairlearn'): ThresholdPoint[] {
  return thresholds.map((threshold) => {
    const j = binOf(bins.edges, threshold) - 1;
    if (j < 0 || bins.edges[j] !== threshold) throw new RangeError(`thresholdSweep: ${threshold} is not a bin edge`);
    const cms = confusionAt(bins, j);
    const overall = pool(cms, scope.groups);
    const total = overall.tp + overall.fp + overall.tn + overall.fn;
    const overallRates = ratesFromConfusion(overall, total);
    const fairlearn = fairlearnDisparities({ groups: scope.groups.map((g) => ratesFromConfusion(cms[g]!, total)), overall: overallRates }, policy);
    let disparateImpact: number | null = null;
    const others = scope.groups.filter((g) => g !== scope.privileged);
    if (scope.privileged !== null && others.length > 0) {
      disparateImpact = aif360Disparities(pool(cms, others), cms[scope.privileged]!).disparateImpact;
    }
    return {
      threshold,
      selectionRate: overallRates.selectionRate,
      accuracy: overallRates.accuracy,
      demographicParityDifference: fairlearn.demographicParity.differenceBetweenGroups,
      demographicParityRatio: fairlearn.demographicParity.ratioBetweenGroups,
      equalizedOddsDifference: fairlearn.equalizedOdds.differenceBetweenGroups,
      disparateImpact,
      fourFifthsViolated: violatesFourFifths(disparateImpact),
    };
  });
}
