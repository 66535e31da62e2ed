import type { FairnessReport } from '@/server/fairness/fairness-report-types';
import { judgedDisparities } from '@/server/fairness/judged-disparities';
import type { FairnessEvidence } from './gate-types';

/** What the fairness gate reads of a stored report. */
export function extractFairnessEvidence(row: { id: string; population: FairnessEvidence['population']; finishedAt: Date | null; rowCount: number | null }, report: FairnessReport): FairnessEvidence {
  return { reportId: row.id, population: row.population, finishedAt: row.finishedAt?.toISOString() ?? null, rows: row.rowCount ?? report.rows, groupings: judgedDisparities(report) };
}
