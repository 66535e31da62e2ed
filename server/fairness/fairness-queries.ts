import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { fairnessReports, modelVersions, referenceDatasets, shadowRuns } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { requireModel } from '@/server/registry/models-service';
import type { FairnessReport } from './fairness-report-types';
import { decodeExtended } from './fairness-numbers';
import { judgedDisparities } from './judged-disparities';
import type { FairnessPopulation } from './fairness-settings';

// Reading stored reports: lists with the headline disparities (for trends and the report
// picker), one report whole, and the latest finished report a gate judges.

type ReportRow = typeof fairnessReports.$inferSelect;

export interface Headline {
  /** Largest Fairlearn demographic parity difference over the judged groups of any grouping. */
  demographicParityDifference: number | null;
  /** Largest Fairlearn equalized odds difference over the judged groups of any grouping. */
  equalizedOddsDifference: number | null;
  /** AIF360 disparate impact furthest from 1 (pooled, judged groups), where a privileged value is set. */
  disparateImpact: number | null;
}

function maxOf(values: (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return defined.length ? Math.max(...defined) : null;
}

export function headline(report: FairnessReport | null): Headline {
  const judged = (report?.groupings ?? []).flatMap((g) => (g.judged ? [g.judged] : []));
  const impacts = judged.flatMap((j) => (j.aif360 ? [decodeExtended(j.aif360.pooled.disparities.disparateImpact)] : [])).filter((v) => !Number.isNaN(v));
  const furthest = impacts.length ? impacts.reduce((a, b) => (Math.abs(Math.log(b)) > Math.abs(Math.log(a)) ? b : a)) : null;
  return {
    demographicParityDifference: maxOf(judged.map((j) => j.fairlearn.demographicParity.differenceBetweenGroups)),
    equalizedOddsDifference: maxOf(judged.map((j) => j.fairlearn.equalizedOdds.differenceBetweenGroups)),
    disparateImpact: furthest,
  };
}

/** A shadow report judges the run's candidate or the serving version, on the same replayed rows. */
function sideOf(row: ReportRow, candidateVersionId: string | null): 'candidate' | 'serving' | null {
  if (!row.shadowRunId) return null;
  return candidateVersionId === row.versionId ? 'candidate' : 'serving';
}

function summary(row: ReportRow, version: number, candidateVersionId: string | null) {
  const { report, settings: _settings, ...rest } = row;
  return { ...rest, version, side: sideOf(row, candidateVersionId), headline: headline(report) };
}
export type FairnessReportSummary = ReturnType<typeof summary>;

export async function listFairnessReports(executor: Executor, input: { model: string; population?: FairnessPopulation; limit?: number }) {
  const model = await requireModel(executor, input.model);
  const conditions = [eq(fairnessReports.modelId, model.id)];
  if (input.population) conditions.push(eq(fairnessReports.population, input.population));
  const rows = await executor
    .select({ report: fairnessReports, version: modelVersions.version, candidateVersionId: shadowRuns.candidateVersionId })
    .from(fairnessReports)
    .innerJoin(modelVersions, eq(modelVersions.id, fairnessReports.versionId))
    .leftJoin(shadowRuns, eq(shadowRuns.id, fairnessReports.shadowRunId))
    .where(and(...conditions))
    .orderBy(desc(fairnessReports.createdAt))
    .limit(input.limit ?? 50);
  return { model: { name: model.name, protectedAttributes: model.protectedAttributes }, reports: rows.map((r) => summary(r.report, r.version, r.candidateVersionId)) };
}

export async function getFairnessReport(executor: Executor, input: { model: string; id: string }) {
  const model = await requireModel(executor, input.model);
  const [row] = await executor
    .select({ report: fairnessReports, version: modelVersions.version, candidateVersionId: shadowRuns.candidateVersionId, referenceSha256: referenceDatasets.contentSha256 })
    .from(fairnessReports)
    .innerJoin(modelVersions, eq(modelVersions.id, fairnessReports.versionId))
    .leftJoin(shadowRuns, eq(shadowRuns.id, fairnessReports.shadowRunId))
    .leftJoin(referenceDatasets, eq(referenceDatasets.id, fairnessReports.referenceId))
    .where(and(eq(fairnessReports.id, input.id), eq(fairnessReports.modelId, model.id)));
  if (!row) throw new AppError('not_found', 'No such fairness report.');
  const judged = row.report.report ? judgedDisparities(row.report.report) : [];
  // The digest of the reference's bytes ties a reference-population report to exactly what it read (null: traffic or shadow run, or uploaded before digests).
  return { ...row.report, version: row.version, side: sideOf(row.report, row.candidateVersionId), headline: headline(row.report.report), judged, referenceSha256: row.referenceSha256 };
}
export type FairnessReportDetail = Awaited<ReturnType<typeof getFairnessReport>>;

/** The newest completed report of a version over a population, for the gate. */
export async function latestCompletedReport(executor: Executor, versionId: string, population: FairnessPopulation): Promise<ReportRow | null> {
  const [row] = await executor
    .select()
    .from(fairnessReports)
    .where(and(eq(fairnessReports.versionId, versionId), eq(fairnessReports.population, population), eq(fairnessReports.status, 'completed')))
    .orderBy(desc(fairnessReports.finishedAt))
    .limit(1);
  return row ?? null;
}

/** The model's newest finished report, judged per grouping: the model card's fairness section. */
export async function latestFairnessOfModel(executor: Executor, input: { model: string }) {
  const model = await requireModel(executor, input.model);
  const [row] = await executor
    .select({ id: fairnessReports.id })
    .from(fairnessReports)
    .where(and(eq(fairnessReports.modelId, model.id), eq(fairnessReports.status, 'completed')))
    .orderBy(desc(fairnessReports.finishedAt))
    .limit(1);
  if (!row) return null;
  const { report: _report, ...detail } = await getFairnessReport(executor, { model: model.name, id: row.id });
  return detail;
}
