import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, registeredModels, shadowBatches, shadowRuns } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import { requireModel } from '@/server/registry/models-service';
import { readLargestDifferences } from './shadow-results-store';
import type { ShadowSummary } from './shadow-summary';

// Reading shadow runs for pages and the API: progress while running, the summary after.

type Run = typeof shadowRuns.$inferSelect;

export interface ShadowProgress {
  processed: number;
  total: number | null;
  /** 0 … 1 (processed may briefly exceed a planned total when late events land inside a batch's range). */
  fraction: number | null;
  batchesDone: number;
  batchCount: number | null;
  elapsedSeconds: number | null;
  eventsPerSecond: number | null;
  etaSeconds: number | null;
}

export function progressOf(run: Pick<Run, 'status' | 'processedEvents' | 'totalEvents' | 'batchesDone' | 'batchCount' | 'startedAt' | 'finishedAt'>, now: Date = new Date()): ShadowProgress {
  const total = run.totalEvents;
  const end = run.status === 'running' || run.status === 'pending' ? now : (run.finishedAt ?? now);
  const elapsedSeconds = run.startedAt ? Math.max(0, (end.getTime() - run.startedAt.getTime()) / 1000) : null;
  const eventsPerSecond = elapsedSeconds && run.processedEvents > 0 ? run.processedEvents / elapsedSeconds : null;
  const remaining = total === null ? null : Math.max(0, total - run.processedEvents);
  return {
    processed: run.processedEvents,
    total,
    fraction: total ? Math.min(1, run.processedEvents / total) : null,
    batchesDone: run.batchesDone,
    batchCount: run.batchCount,
    elapsedSeconds,
    eventsPerSecond,
    etaSeconds: run.status === 'running' && eventsPerSecond && remaining !== null ? remaining / eventsPerSecond : null,
  };
}

const runColumns = {
  run: shadowRuns,
  candidateVersion: modelVersions.version,
  modelName: registeredModels.name,
};

function present(row: { run: Run; candidateVersion: number; modelName: string }) {
  const { summary: stored, ...run } = row.run;
  const summary = stored;
  // The numbers a list shows (a regressor's MAE difference in place of agreement and accuracy); the whole summary comes with `results`.
  const headline = summary
    ? {
        agreement: summary.agreement.rate,
        accuracyDifference: summary.labelled?.accuracyDifference.estimate ?? null,
        maeDifference: summary.regression?.maeDifference?.estimate ?? null,
        rows: summary.rows,
      }
    : null;
  // The other side of the comparison: the versions that served the replayed events (known once
  // summarized; summaries from before the field existed lack it).
  const served = (summary as { servingVersions?: ShadowSummary['servingVersions'] } | null)?.servingVersions;
  const servingVersions = served ? served.map((s) => ({ version: s.version, events: s.events })) : null;
  return { ...run, modelName: row.modelName, candidateVersion: row.candidateVersion, progress: progressOf(row.run), headline, servingVersions };
}

/** A model's runs, newest first (without their summaries); a page of them for the API. */
export async function listShadowRuns(database: Database, modelName: string, page: { limit: number; offset: number } = { limit: 100, offset: 0 }) {
  const model = await requireModel(database, modelName);
  const rows = await database
    .select(runColumns)
    .from(shadowRuns)
    .innerJoin(modelVersions, eq(modelVersions.id, shadowRuns.candidateVersionId))
    .innerJoin(registeredModels, eq(registeredModels.id, shadowRuns.modelId))
    .where(eq(shadowRuns.modelId, model.id))
    .orderBy(desc(shadowRuns.createdAt), desc(shadowRuns.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map(present);
}

/**
 * The runs whose candidate is one of `versionIds`, newest first, each with the registered
 * versions that served its replayed traffic (its "serving" side, once the run finished).
 */
export async function shadowRunsOfVersions(database: Database, modelId: string, versionIds: string[]) {
  if (versionIds.length === 0) return [];
  const rows = await database
    .select(runColumns)
    .from(shadowRuns)
    .innerJoin(modelVersions, eq(modelVersions.id, shadowRuns.candidateVersionId))
    .innerJoin(registeredModels, eq(registeredModels.id, shadowRuns.modelId))
    .where(and(eq(shadowRuns.modelId, modelId), inArray(shadowRuns.candidateVersionId, versionIds)))
    .orderBy(desc(shadowRuns.createdAt))
    .limit(50);
  return rows.map((row) => ({
    ...present(row),
    servedBy: (row.run.summary?.servingVersions ?? []).flatMap((s) => (s.version === null ? [] : [s.version])).sort((x, y) => x - y),
  }));
}

/**
 * The runs a version took part in: as the candidate, and as the serving side (a version
 * that served some of the replayed events of another version's run), newest first.
 */
export async function listVersionShadowRuns(database: Database, input: { model: string; version: number }) {
  const model = await requireModel(database, input.model);
  const [version] = await database.select({ id: modelVersions.id }).from(modelVersions).where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, input.version)));
  if (!version) throw new AppError('not_found', `Model '${model.name}' has no version ${input.version}.`);
  const runsWhere = (condition: SQL) =>
    database
      .select(runColumns)
      .from(shadowRuns)
      .innerJoin(modelVersions, eq(modelVersions.id, shadowRuns.candidateVersionId))
      .innerJoin(registeredModels, eq(registeredModels.id, shadowRuns.modelId))
      .where(and(eq(shadowRuns.modelId, model.id), condition))
      .orderBy(desc(shadowRuns.createdAt))
      .limit(50);
  const [asCandidate, asBaseline] = await Promise.all([
    runsWhere(eq(shadowRuns.candidateVersionId, version.id)),
    runsWhere(sql`${shadowRuns.summary} -> 'servingVersions' @> ${JSON.stringify([{ versionId: version.id }])}::jsonb and ${shadowRuns.candidateVersionId} <> ${version.id}`),
  ]);
  return { asCandidate: asCandidate.map(present), asBaseline: asBaseline.map(present) };
}

/** The run, when it exists (and, given a model name, is one of that model's: the API's paths name both). */
async function requireRun(database: Database, runId: string, modelName?: string) {
  const model = modelName === undefined ? null : await requireModel(database, modelName);
  const [row] = await database
    .select(runColumns)
    .from(shadowRuns)
    .innerJoin(modelVersions, eq(modelVersions.id, shadowRuns.candidateVersionId))
    .innerJoin(registeredModels, eq(registeredModels.id, shadowRuns.modelId))
    .where(and(eq(shadowRuns.id, runId), model ? eq(shadowRuns.modelId, model.id) : undefined));
  if (!row) throw new AppError('not_found', model ? `'${model.name}' has no shadow run ${runId}.` : 'No such shadow run.');
  return row;
}

/** One run with its progress and its batches' state. */
export async function getShadowRun(database: Database, runId: string) {
  const row = await requireRun(database, runId);
  const [batches] = await database
    .select({
      pending: sql<number>`count(*) filter (where ${shadowBatches.status} = 'pending')::int`,
      done: sql<number>`count(*) filter (where ${shadowBatches.status} = 'done')::int`,
      retries: sql<number>`coalesce(sum(greatest(${shadowBatches.attempts} - 1, 0)), 0)::int`,
      slowestMs: sql<number | null>`max(${shadowBatches.durationMs})`,
    })
    .from(shadowBatches)
    .where(eq(shadowBatches.runId, runId));
  return { ...present(row), batches: batches ?? { pending: 0, done: 0, retries: 0, slowestMs: null } };
}

/** One of a model's runs as the API reports it: state and progress, and once completed the whole summary. */
export async function getModelShadowRun(database: Database, modelName: string, runId: string) {
  const row = await requireRun(database, runId, modelName);
  return { ...present(row), summary: row.run.summary ?? null };
}

/** The summary of a completed run, and the rows where the two versions differ most. */
export async function getShadowResults(database: Database, runId: string) {
  const row = await requireRun(database, runId);
  const largestDifferences = await readLargestDifferences(database, runId);
  return {
    runId,
    status: row.run.status,
    summary: row.run.summary ?? null,
    largestDifferences: largestDifferences.map((d) => ({ ...d, occurredAt: new Date(d.occurredAt) })),
  };
}
