import { and, eq, inArray, max } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, registeredModels, shadowBatches, shadowRuns } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import { systemActor } from '@/server/auth/actor';
import type { JobPayload } from '@/server/jobs/job-catalog';
import { aggregateResults } from '@/server/shadow/shadow-aggregates';
import { requestShadowFairnessReport } from './fairness';
import type { TaskType } from '@/server/registry/feature-schema';
import { normalizeLabel } from '@/server/registry/label-classes';
import { failShadowRun } from '@/server/shadow/shadow-failure';
import { compareMulticlassRun } from '@/server/shadow/shadow-multiclass';
import { compareRegressionRun } from '@/server/shadow/shadow-regression';
import { recodeLabels } from '@/server/shadow/shadow-result-columns';
import { countStoredResults, readRunResults, readServingVersionCounts } from '@/server/shadow/shadow-results-store';
import { sliceBreakdown } from '@/server/shadow/shadow-slices';
import { buildShadowSummary, type ServingVersionCount, type ShadowSummary } from '@/server/shadow/shadow-summary';
import { sliceKind } from '@/server/shadow/slice-values';

// Turns a run's stored results into its summary, once every batch is done: the batches'
// result columns are read back as one set of typed arrays (a million events are a few
// megabytes), aggregated in a few passes (shadow-aggregates.ts, shadow-slices.ts), and the
// statistics (metrics, AUC, McNemar, bootstrap, percentiles) are the pure functions of
// server/statistics applied to those aggregates — per the model's task type: binary,
// multiclass (shadow-multiclass.ts) or regression (shadow-regression.ts, exact over every
// row's stored truth and predictions). Safe to retry: the summary is stored, and the
// completion audited, only while the run is still running.

/** Which versions served the run's events, most events first. */
async function servingVersions(database: Database, runId: string): Promise<ServingVersionCount[]> {
  const counts = await readServingVersionCounts(database, runId);
  if (counts.size === 0) return [];
  const known = await database.select({ id: modelVersions.id, version: modelVersions.version }).from(modelVersions).where(inArray(modelVersions.id, [...counts.keys()]));
  const numbers = new Map(known.map((k) => [k.id, k.version]));
  return [...counts]
    .map(([versionId, events]) => ({ versionId, version: numbers.get(versionId) ?? null, events }))
    .sort((a, b) => b.events - a.events || (a.versionId < b.versionId ? -1 : 1));
}

/** Computes the summary of a run from its stored results (also used by tests and the bench). */
export async function computeShadowSummary(database: Database, runId: string): Promise<ShadowSummary> {
  const [ctx] = await database
    .select({ run: shadowRuns, model: registeredModels })
    .from(shadowRuns)
    .innerJoin(registeredModels, eq(registeredModels.id, shadowRuns.modelId))
    .where(eq(shadowRuns.id, runId));
  if (!ctx) throw new Error(`shadow run ${runId} does not exist`);
  const taskType = ctx.model.taskType as TaskType;
  const regression = taskType === 'regression';
  const classes = regression ? [] : (ctx.model.label.classes ?? ['0', '1']);
  const positive = taskType === 'binary_classification' && classes.length === 2 ? classes[1]! : null;
  const sliceFeature = ctx.run.sliceFeature;
  const [columns, serving, batches, [lastDone]] = await Promise.all([
    readRunResults(database, runId, classes, sliceFeature ? sliceKind(ctx.model, sliceFeature) : null, { numericLabels: regression }),
    servingVersions(database, runId),
    database.select({ durationMs: shadowBatches.durationMs }).from(shadowBatches).where(and(eq(shadowBatches.runId, runId), eq(shadowBatches.status, 'done'))),
    database.select({ at: max(shadowBatches.doneAt) }).from(shadowBatches).where(eq(shadowBatches.runId, runId)),
  ]);
  // A label logged as a class index ("2") names the same class as its name ("C").
  if (!regression) recodeLabels(columns, (value) => normalizeLabel(value, ctx.model.label));
  const { inferenceMsTotal, ...results } = aggregateResults(columns, positive);
  return buildShadowSummary({
    ...results,
    taskType,
    multiclass: taskType === 'multiclass_classification' ? compareMulticlassRun(columns, classes) : null,
    regression: regression ? compareRegressionRun(columns) : null,
    servingVersions: serving,
    batches: { durationMs: batches.map((b) => b.durationMs ?? Number.NaN), inferenceMsTotal },
    startedAt: ctx.run.startedAt,
    finishedAt: lastDone?.at ?? new Date(),
    processed: ctx.run.processedEvents,
    slices: sliceFeature ? sliceBreakdown(columns, sliceFeature) : null,
  });
}

export async function shadowFinalizeTask(database: Database, payload: JobPayload<'shadowFinalize'>): Promise<boolean> {
  const [run] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, payload.runId));
  if (!run || run.status !== 'running') return false;
  // Every done batch stored its results with its "done" mark; a gap means they were lost
  // (e.g. a run in flight while an upgrade replaced the results table): never summarize part of a run.
  const stored = await countStoredResults(database, run.id);
  if (stored.batches !== run.batchesDone || stored.events !== run.processedEvents) {
    await failShadowRun(database, run.id, `The results of ${run.batchesDone - stored.batches} of its ${run.batchesDone} done batches are missing; start the run again.`);
    return false;
  }
  const summary = await computeShadowSummary(database, run.id);
  return database.transaction(async (tx) => {
    const [completed] = await tx
      .update(shadowRuns)
      .set({ status: 'completed', summary: summary, finishedAt: new Date() })
      .where(and(eq(shadowRuns.id, run.id), eq(shadowRuns.status, 'running')))
      .returning({ id: shadowRuns.id });
    if (!completed) return false;
    // The candidate's fairness report over the same replayed traffic, enqueued with the
    // completion (fairness judges binary decisions: none for the other task types).
    const [model] = await tx.select({ name: registeredModels.name, taskType: registeredModels.taskType }).from(registeredModels).where(eq(registeredModels.id, run.modelId));
    if (model!.taskType === 'binary_classification') await requestShadowFairnessReport(tx, { id: run.id, model: model!.name });
    await recordAudit(tx, systemActor('shadow evaluation worker'), {
      action: 'shadow_run.completed',
      target: { type: 'shadow_run', id: run.id },
      after: {
        status: 'completed',
        rows: summary.rows,
        agreement: summary.agreement.rate,
        taskType: summary.taskType,
        accuracyDifference: summary.labelled?.accuracyDifference.estimate ?? null,
        mcnemarPValue: summary.labelled?.accuracyDifference.mcnemar.pValue ?? null,
        ...(summary.regression ? { maeDifference: summary.regression.maeDifference?.estimate ?? null, wilcoxonPValue: summary.regression.wilcoxon?.pValue ?? null } : {}),
      },
    });
    return true;
  });
}
