import { decodeExtended, type ExtendedNumber } from './fairness-numbers';
import type { FairnessReport } from './fairness-report-types';

// The headline disparities a gate and an alert judge, per grouping, over its judged groups:
// disparate impact (AIF360's where a privileged value is set, else Fairlearn's selection-rate
// ratio) and Fairlearn's equalized-odds difference, each with its bootstrap interval.

export interface JudgedDisparity {
  value: number | null;
  lower: number | null;
  upper: number | null;
}

export interface JudgedGrouping {
  key: string;
  judgedGroups: number;
  tooSmallGroups: number;
  disparateImpact: JudgedDisparity;
  disparateImpactSource: 'aif360' | 'selection-rate-ratio';
  equalizedOddsDifference: JudgedDisparity;
}

const finite = (v: ExtendedNumber | undefined): number | null => {
  if (v === undefined) return null;
  const n = decodeExtended(v);
  return Number.isNaN(n) ? null : n;
};

function judged(grouping: FairnessReport['groupings'][number], pointer: string, value: number | null): JudgedDisparity {
  const interval = grouping.intervals?.[pointer] ?? null;
  return { value, lower: finite(interval?.lower), upper: finite(interval?.upper) };
}

export function judgedDisparities(report: FairnessReport): JudgedGrouping[] {
  return report.groupings.map((g) => {
    const j = g.judged;
    const aif = j?.aif360 ?? null;
    return {
      key: g.key,
      judgedGroups: j?.groups.length ?? 0,
      tooSmallGroups: g.groups.filter((x) => x.tooSmall).length,
      disparateImpact: aif
        ? judged(g, '/judged/aif360/pooled/disparities/disparateImpact', finite(aif.pooled.disparities.disparateImpact))
        : judged(g, '/judged/fairlearn/demographicParity/ratioBetweenGroups', j?.fairlearn.demographicParity.ratioBetweenGroups ?? null),
      disparateImpactSource: aif ? 'aif360' : 'selection-rate-ratio',
      equalizedOddsDifference: judged(g, '/judged/fairlearn/equalizedOdds/differenceBetweenGroups', j?.fairlearn.equalizedOdds.differenceBetweenGroups ?? null),
    };
  });
}
