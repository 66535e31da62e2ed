import { and, asc, eq, max } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, registeredModels, shadowBatches, shadowRuns } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import { systemActor } from '@/server/auth/actor';
import type { JobPayload } from '@/server/jobs/job-catalog';
import { percentilesOfCounts } from '@/server/statistics/percentiles';
import type { EventCursor } from '@/server/traffic/event-batch';
import { rangeCondition } from '@/server/traffic/event-reader';
import { rawSql } from '@/server/traffic/raw-sql';
import { buildShadowSummary, SCORE_DELTA_BINS, type MannWhitneyCounts, type ServingVersionCount, type ShadowAggregates, type ShadowSummary } from './shadow-summary';
import { readSlices } from './shadow-slices';

// Turns a run's stored results into its summary, once every batch is done. Everything is
// aggregated in SQL over shadow_results (a million rows come back as a few dozen numbers);
// the statistics (metrics, AUC, McNemar, bootstrap, percentiles) are the pure functions of
// server/statistics applied to those aggregates. Safe to retry: the summary is stored, and
// the completion audited, only while the run is still running.

const num = (v: unknown): number => Number(v ?? 0);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Rows where ground truth and both models' labels exist: every comparison of accuracy uses these. */
const PAIRED = 'label is not null and candidate_label is not null and serving_label is not null';

type Sql = ReturnType<typeof rawSql>;

async function overall(sql: Sql, runId: string, positive: string | null) {
  const [row] = await sql.unsafe<Record<string, string | number | null>[]>(
    `select
       count(*) as rows,
       count(*) filter (where candidate_label is not null and serving_label is not null) as compared,
       count(*) filter (where candidate_label = serving_label) as agreed,
       count(d) as scored,
       avg(d) as delta_mean,
       max(abs(d)) as delta_max_abs,
       avg(candidate_score::float8) filter (where d is not null) as candidate_mean,
       avg(serving_score::float8) filter (where d is not null) as serving_mean,
       coalesce(sum(latency_ms::float8), 0) as inference_ms,
       count(*) filter (where paired) as paired,
       count(*) filter (where paired and label = $2 and candidate_label = $2) as c_tp,
       count(*) filter (where paired and label <> $2 and candidate_label = $2) as c_fp,
       count(*) filter (where paired and label <> $2 and candidate_label <> $2) as c_tn,
       count(*) filter (where paired and label = $2 and candidate_label <> $2) as c_fn,
       count(*) filter (where paired and label = $2 and serving_label = $2) as s_tp,
       count(*) filter (where paired and label <> $2 and serving_label = $2) as s_fp,
       count(*) filter (where paired and label <> $2 and serving_label <> $2) as s_tn,
       count(*) filter (where paired and label = $2 and serving_label <> $2) as s_fn,
       count(*) filter (where paired and candidate_label = label and serving_label = label) as both_right,
       count(*) filter (where paired and candidate_label = label and serving_label <> label) as only_candidate,
       count(*) filter (where paired and candidate_label <> label and serving_label = label) as only_serving,
       count(*) filter (where paired and candidate_label <> label and serving_label <> label) as both_wrong
     from (select *, candidate_score::float8 - serving_score::float8 as d, (${PAIRED}) as paired from shadow_results where run_id = $1) r`,
    [runId, positive ?? ''],
  );
  return row!;
}

async function deltaHistogram(sql: Sql, runId: string, maxAbs: number, scored: number): Promise<number[]> {
  if (scored === 0) return [];
  if (maxAbs === 0) return [scored];
  const rows = await sql.unsafe<{ bin: number; n: string }[]>(
    `select greatest(1, least(${SCORE_DELTA_BINS}, width_bucket(candidate_score::float8 - serving_score::float8, -$2::float8, $2::float8, ${SCORE_DELTA_BINS}))) - 1 as bin, count(*) as n
     from shadow_results where run_id = $1 and candidate_score is not null and serving_score is not null group by 1`,
    [runId, maxAbs],
  );
  const bins = new Array<number>(SCORE_DELTA_BINS).fill(0);
  for (const r of rows) bins[r.bin] = num(r.n);
  return bins;
}

/**
 * Mann–Whitney counts for one model's scores on the paired rows: rocAucFromGroups's sums in
 * SQL (rows grouped by distinct score, negatives below each group by a running sum). The
 * counts are integers summed in float8, exact below 2^53.
 */
async function mannWhitney(sql: Sql, runId: string, column: 'candidate_score' | 'serving_score', positive: string): Promise<MannWhitneyCounts> {
  const [row] = await sql.unsafe<{ doubled_u: number; positives: number; negatives: number }[]>(
    `with g as (
       select ${column} as s, count(*) filter (where label = $2)::float8 as p, count(*) filter (where label <> $2)::float8 as n
       from shadow_results where run_id = $1 and ${PAIRED} and ${column} is not null group by 1),
     c as (select p, n, coalesce(sum(n) over (order by s rows between unbounded preceding and 1 preceding), 0) as below from g)
     select coalesce(sum(p * (2 * below + n)), 0) as doubled_u, coalesce(sum(p), 0) as positives, coalesce(sum(n), 0) as negatives from c`,
    [runId, positive],
  );
  return { doubledU: num(row?.doubled_u), positives: num(row?.positives), negatives: num(row?.negatives) };
}

/** Which versions served the run's events: its keyset range, grouped by version. */
async function servingVersions(sql: Sql, run: typeof shadowRuns.$inferSelect, first: EventCursor | null, last: EventCursor | null): Promise<ServingVersionCount[]> {
  if (!first || !last) return [];
  const rows = await sql.unsafe<{ version_id: string; version: number | null; n: string }[]>(
    `select e.version_id, v.version, e.n from (select version_id, count(*) as n from inference_events where ${rangeCondition(run.modelId, { after: first, through: last })} group by 1) e
     left join model_versions v on v.id = e.version_id order by e.n desc`,
  );
  return rows.map((r) => ({ versionId: r.version_id, version: r.version, events: num(r.n) }));
}

async function rowLatency(sql: Sql, runId: string) {
  const rows = await sql.unsafe<{ ms: number; n: string }[]>(`select latency_ms::float8 as ms, count(*) as n from shadow_results where run_id = $1 and latency_ms is not null group by 1`, [runId]);
  const counts = rows.map((r) => num(r.n));
  const [p50, p95, p99] = percentilesOfCounts(rows.map((r) => r.ms), counts, [50, 95, 99]);
  const count = counts.reduce((s, c) => s + c, 0);
  return count === 0 ? { count, p50: null, p95: null, p99: null } : { count, p50: p50!, p95: p95!, p99: p99! };
}

/** Computes the summary of a run from its stored results (also used by tests and the bench). */
export async function computeShadowSummary(database: Database, runId: string): Promise<ShadowSummary> {
  const [ctx] = await database
    .select({ run: shadowRuns, model: registeredModels, version: modelVersions })
    .from(shadowRuns)
    .innerJoin(registeredModels, eq(registeredModels.id, shadowRuns.modelId))
    .innerJoin(modelVersions, eq(modelVersions.id, shadowRuns.candidateVersionId))
    .where(eq(shadowRuns.id, runId));
  if (!ctx) throw new Error(`shadow run ${runId} does not exist`);
  const classes = ctx.model.label.classes ?? ['0', '1'];
  const positive = classes.length === 2 ? classes[1]! : null;
  const sql = rawSql(database);
  const o = await overall(sql, runId, positive);
  const scored = num(o.scored);
  const deltaMaxAbs = numOrNull(o.delta_max_abs);
  const paired = positive ? num(o.paired) : 0;
  const bounds = await database
    .select({ batchNo: shadowBatches.batchNo, fromTime: shadowBatches.fromTime, fromRequestId: shadowBatches.fromRequestId, toTime: shadowBatches.toTime, toRequestId: shadowBatches.toRequestId })
    .from(shadowBatches)
    .where(eq(shadowBatches.runId, runId))
    .orderBy(asc(shadowBatches.batchNo));
  const first = bounds[0] ? { occurredAt: bounds[0].fromTime, requestId: bounds[0].fromRequestId } : null;
  const last = bounds.at(-1) ? { occurredAt: bounds.at(-1)!.toTime, requestId: bounds.at(-1)!.toRequestId } : null;
  const [histogram, candidateAuc, servingAuc, latency, batches, [lastDone], slices, serving] = await Promise.all([
    deltaHistogram(sql, runId, deltaMaxAbs ?? 0, scored),
    paired > 0 ? mannWhitney(sql, runId, 'candidate_score', positive!) : null,
    paired > 0 ? mannWhitney(sql, runId, 'serving_score', positive!) : null,
    rowLatency(sql, runId),
    database.select({ durationMs: shadowBatches.durationMs }).from(shadowBatches).where(and(eq(shadowBatches.runId, runId), eq(shadowBatches.status, 'done'))),
    database.select({ at: max(shadowBatches.doneAt) }).from(shadowBatches).where(eq(shadowBatches.runId, runId)),
    ctx.run.sliceFeature ? readSlices(sql, runId, ctx.model, ctx.run.sliceFeature) : null,
    servingVersions(sql, ctx.run, first, last),
  ]);
  const aggregates: ShadowAggregates = {
    rows: num(o.rows),
    servingVersions: serving,
    compared: num(o.compared),
    agreed: num(o.agreed),
    scored,
    deltaMean: numOrNull(o.delta_mean),
    deltaMaxAbs,
    candidateScoreMean: numOrNull(o.candidate_mean),
    servingScoreMean: numOrNull(o.serving_mean),
    histogram,
    positiveClass: positive,
    paired: {
      rows: paired,
      candidate: { tp: num(o.c_tp), fp: num(o.c_fp), tn: num(o.c_tn), fn: num(o.c_fn) },
      serving: { tp: num(o.s_tp), fp: num(o.s_fp), tn: num(o.s_tn), fn: num(o.s_fn) },
      bothRight: num(o.both_right),
      onlyCandidate: num(o.only_candidate),
      onlyServing: num(o.only_serving),
      bothWrong: num(o.both_wrong),
      candidateAuc,
      servingAuc,
    },
    rowLatency: latency,
    batches: { durationMs: batches.map((b) => b.durationMs ?? Number.NaN), inferenceMsTotal: num(o.inference_ms) },
    startedAt: ctx.run.startedAt,
    finishedAt: lastDone?.at ?? new Date(),
    processed: ctx.run.processedEvents,
    slices,
  };
  return buildShadowSummary(aggregates);
}

export async function shadowFinalizeTask(database: Database, payload: JobPayload<'shadowFinalize'>): Promise<boolean> {
  const [run] = await database.select().from(shadowRuns).where(eq(shadowRuns.id, payload.runId));
  if (!run || run.status !== 'running') return false;
  const summary = await computeShadowSummary(database, run.id);
  return database.transaction(async (tx) => {
    const [completed] = await tx
      .update(shadowRuns)
      .set({ status: 'completed', summary: summary as unknown as Record<string, unknown>, finishedAt: new Date() })
      .where(and(eq(shadowRuns.id, run.id), eq(shadowRuns.status, 'running')))
      .returning({ id: shadowRuns.id });
    if (!completed) return false;
    await recordAudit(tx, systemActor('shadow evaluation worker'), {
      action: 'shadow_run.completed',
      target: { type: 'shadow_run', id: run.id },
      after: {
        status: 'completed',
        rows: summary.rows,
        agreement: summary.agreement.rate,
        accuracyDifference: summary.labelled?.accuracyDifference.estimate ?? null,
        mcnemarPValue: summary.labelled?.accuracyDifference.mcnemar.pValue ?? null,
      },
    });
    return true;
  });
}
