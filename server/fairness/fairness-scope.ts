import { aif360Disparities, type Aif360Disparities } from './aif360-disparities';
import { encodeExtended } from './fairness-numbers';
import { type Aif360Report, type InequalityReport } from './fairness-report-types';
import { fairlearnDisparities, type FairlearnDisparities, type UndefinedRatePolicy } from './fairlearn-disparities';
import { generalizedEntropyIndex, theilIndex } from './generalized-entropy';
import { confusionOf, pooledConfusion } from './group-counts';
import { ratesFromConfusion, type GroupRates } from './group-rates';

// The disparities of one scope of groups (all groups, or the judged ones) computed from the
// confusion cells alone, so the same function gives the point estimates and every bootstrap
// replicate. Scores enter only as fixed per-group values (ROC AUC, mean score) for the point
// estimate; the bootstrap leaves them out.

export interface ScopeContext {
  groups: readonly number[];
  labels: readonly string[];
  /** Privileged group index in scope, or null (then aif360Unavailable says why). */
  privileged: number | null;
  policy: UndefinedRatePolicy;
  alpha: number;
  scores: {
    rocAuc: readonly (number | null)[];
    meanScore: readonly (number | null)[];
    overallRocAuc: number | null;
    overallMeanScore: number | null;
  } | null;
}

/** Aif360Report with the disparate impact still a number (Infinity possible). */
export interface Aif360Section {
  privileged: string;
  pooled: { unprivileged: string[]; disparities: Aif360Disparities; privilegedRates: GroupRates; unprivilegedRates: GroupRates };
  perGroup: { group: string; disparities: Aif360Disparities }[];
}

export interface ScopeStatistics {
  fairlearn: FairlearnDisparities;
  aif360: Aif360Section | null;
  inequality: { alpha: number; theilIndex: number | null; generalizedEntropyIndex: number | null };
}

export function scopeStatistics(cells: Float64Array, ctx: ScopeContext): ScopeStatistics {
  const overallCm = pooledConfusion(cells, ctx.groups);
  const total = overallCm.tp + overallCm.fp + overallCm.tn + overallCm.fn;
  const rates = ctx.groups.map((g) => ratesFromConfusion(confusionOf(cells, g), total));
  const scores = ctx.scores;
  const fairlearn = fairlearnDisparities(
    {
      groups: rates,
      overall: ratesFromConfusion(overallCm, total),
      scores: scores && {
        rocAuc: ctx.groups.map((g) => scores.rocAuc[g]!),
        meanScore: ctx.groups.map((g) => scores.meanScore[g]!),
        overallRocAuc: scores.overallRocAuc,
        overallMeanScore: scores.overallMeanScore,
      },
    },
    ctx.policy,
  );
  let aif360: Aif360Section | null = null;
  const privileged = ctx.privileged;
  if (privileged !== null) {
    const others = ctx.groups.filter((g) => g !== privileged);
    const privilegedCm = confusionOf(cells, privileged);
    const unprivilegedCm = pooledConfusion(cells, others);
    aif360 = {
      privileged: ctx.labels[privileged]!,
      pooled: {
        unprivileged: others.map((g) => ctx.labels[g]!),
        disparities: aif360Disparities(unprivilegedCm, privilegedCm),
        privilegedRates: ratesFromConfusion(privilegedCm, total),
        unprivilegedRates: ratesFromConfusion(unprivilegedCm, total),
      },
      perGroup: others.map((g) => ({ group: ctx.labels[g]!, disparities: aif360Disparities(confusionOf(cells, g), privilegedCm) })),
    };
  }
  return {
    fairlearn,
    aif360,
    inequality: { alpha: ctx.alpha, theilIndex: theilIndex(overallCm), generalizedEntropyIndex: generalizedEntropyIndex(overallCm, ctx.alpha) },
  };
}

function encodeAif(d: Aif360Disparities) {
  return { ...d, disparateImpact: encodeExtended(d.disparateImpact) };
}

/** The JSON form: infinite values as ExtendedNumber. */
export function encodeAif360Section(section: Aif360Section | null): Aif360Report | null {
  if (!section) return null;
  return {
    privileged: section.privileged,
    pooled: { ...section.pooled, disparities: encodeAif(section.pooled.disparities) },
    perGroup: section.perGroup.map((p) => ({ group: p.group, disparities: encodeAif(p.disparities) })),
  };
}

export function encodeInequality(inequality: ScopeStatistics['inequality']): InequalityReport {
  return { alpha: inequality.alpha, theilIndex: inequality.theilIndex, generalizedEntropyIndex: encodeExtended(inequality.generalizedEntropyIndex) };
}
