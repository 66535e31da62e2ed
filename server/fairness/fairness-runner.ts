import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { fairnessReports, registeredModels, shadowRuns } from '@/db/schema';
import { evaluateFairnessAlerts } from '@/server/alerts/evaluate-alerts';
import { AppError } from '@/server/errors/app-error';
import { DEFAULT_DECISION_THRESHOLD } from '@/server/onnx/decision-rule';
import { decisionThresholds } from '@/server/registry/inference-artifact';
import { computeFairnessReport } from './fairness-report';
import type { FairnessOptions } from './fairness-report-types';
import { readShadowPopulation, readTrafficPopulation } from './fairness-population';
import { readReferencePopulation } from './reference-population';
import { judgedDisparities } from './judged-disparities';
import { MAX_DISTINCT_VALUES, type FairnessSettings } from './fairness-settings';

// The fairness-report job: reads the pending report's population, computes it and stores the
// result once. Safe to retry: only a pending row is written, and the frozen-row trigger
// refuses any later change.

export function reportOptions(settings: FairnessSettings): FairnessOptions {
  const privileged = Object.fromEntries(settings.attributes.filter((a) => a.privileged).map((a) => [a.name, a.privileged!]));
  return {
    groupings: [...settings.attributes.map((a) => [a.name]), ...settings.intersections],
    privileged,
    minGroupSize: settings.minGroupSize,
    maxDistinctValues: MAX_DISTINCT_VALUES,
    bootstrap: { replicates: settings.bootstrapReplicates, seed: settings.bootstrapSeed },
  };
}

export async function runFairnessReport(database: Database, reportId: string): Promise<'completed' | 'failed' | 'skipped'> {
  const [row] = await database
    .select({ report: fairnessReports, model: registeredModels })
    .from(fairnessReports)
    .innerJoin(registeredModels, eq(registeredModels.id, fairnessReports.modelId))
    .where(eq(fairnessReports.id, reportId));
  if (!row || row.report.status !== 'pending') return 'skipped';
  const { report, model } = row;
  const started = Date.now();
  try {
    let input;
    if (report.population === 'shadow') {
      const [run] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, report.shadowRunId ?? ''));
      if (!run) throw new AppError('not_found', 'The shadow run of this report no longer exists.');
      const side = run.candidateVersionId === report.versionId ? 'candidate' : 'serving';
      input = await readShadowPopulation(database, { id: run.id, modelId: model.id }, model.label, report.settings, side);
    } else if (report.population === 'reference') {
      if (!report.referenceId) throw new AppError('not_found', 'The reference dataset of this report no longer exists.');
      input = await readReferencePopulation(database, model, report.versionId, report.referenceId, report.settings);
    } else {
      const threshold = (await decisionThresholds(database, [report.versionId])).get(report.versionId) ?? DEFAULT_DECISION_THRESHOLD;
      input = await readTrafficPopulation(database, { modelId: model.id, versionId: report.versionId, label: model.label, threshold, from: report.windowFrom!, to: report.windowTo! }, report.settings);
    }
    if (input.actual.length === 0) throw new AppError('unprocessable', 'The population has no labelled rows.');
    const computed = computeFairnessReport(input, reportOptions(report.settings));
    await database.transaction(async (tx) => {
      const [stored] = await tx
        .update(fairnessReports)
        .set({ status: 'completed', report: computed, rowCount: computed.rows, finishedAt: new Date() })
        .where(and(eq(fairnessReports.id, reportId), eq(fairnessReports.status, 'pending')))
        .returning({ id: fairnessReports.id });
      // Scheduled reports watch the serving traffic: they open and resolve fairness alerts.
      if (stored && report.trigger === 'schedule') {
        const byGrouping = Object.fromEntries(judgedDisparities(computed).map((g) => [g.key, { disparateImpact: g.disparateImpact.value, equalizedOddsDifference: g.equalizedOddsDifference.value }]));
        await evaluateFairnessAlerts(tx, { modelId: model.id, modelName: model.name, windowFrom: report.windowFrom!, windowTo: report.windowTo!, reportId, byGrouping });
      }
    });
    console.log(`[worker] fairness report ${model.name} (${report.population}, ${computed.rows} rows) in ${Date.now() - started} ms`);
    return 'completed';
  } catch (error) {
    // A refusal the data causes is the report's outcome; anything else is retried by the job.
    if (!(error instanceof AppError)) throw error;
    await database
      .update(fairnessReports)
      .set({ status: 'failed', error: error.message, finishedAt: new Date() })
      .where(and(eq(fairnessReports.id, reportId), eq(fairnessReports.status, 'pending')));
    return 'failed';
  }
}
