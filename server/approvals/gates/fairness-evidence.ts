import { decodeExtended, type ExtendedNumber } from '@/server/fairness/fairness-numbers';
import type { FairnessReport } from '@/server/fairness/fairness-report-types';
import type { FairnessEvidence, JudgedDisparity } from './gate-types';

// The one place that knows where a fairness report keeps what the gate judges: per grouping,
// the judged groups' disparate impact and equalized-odds difference with their intervals.

const finite = (v: ExtendedNumber | undefined): number | null => {
  if (v === undefined) return null;
  const n = decodeExtended(v);
  return Number.isNaN(n) ? null : n;
};

function judged(grouping: FairnessReport['groupings'][number], pointer: string, value: number | null): JudgedDisparity {
  const interval = grouping.intervals?.[pointer] ?? null;
  return { value, lower: finite(interval?.lower), upper: finite(interval?.upper) };
}

export function extractFairnessEvidence(row: { id: string; population: FairnessEvidence['population']; finishedAt: Date | null; rowCount: number | null }, report: FairnessReport): FairnessEvidence {
  return {
    reportId: row.id,
    population: row.population,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    rows: row.rowCount ?? report.rows,
    groupings: report.groupings.map((g) => {
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
    }),
  };
}
