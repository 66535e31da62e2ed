import { eq, sql } from 'drizzle-orm';
import type { Database, Tx } from '@/db/client';
import { shadowBatches, shadowRuns } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import { systemActor } from '@/server/auth/actor';
import { enqueue } from '@/server/jobs/enqueue';
import type { JobPayload } from '@/server/jobs/job-catalog';
import type { EventCursor, EventRange } from '@/server/traffic/event-batch';
import { keysetBoundaries, rangeCondition, readEvents } from '@/server/traffic/event-reader';
import { rawSql } from '@/server/traffic/raw-sql';

// Splits a run's window into checkpointed batches: one shadow_batches row and one batch job
// per keyset range of VIGIL_SHADOW_BATCH_SIZE events (default 50,000: a few seconds of work,
// well inside the minute a batch may take), all in one transaction with the run's switch to
// 'running'. Reads happen in that transaction's snapshot (repeatable read), so the boundaries
// and the count of the last batch describe the same rows even while traffic keeps arriving.

export const DEFAULT_SHADOW_BATCH_SIZE = 50_000;

export function shadowBatchSize(): number {
  const configured = Number(process.env.VIGIL_SHADOW_BATCH_SIZE);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_SHADOW_BATCH_SIZE;
}

/**
 * A batch's lower bound is exclusive. The first batch of a window has no event before it, so
 * it gets (window start, ''): every request id sorts after the empty string.
 */
function openLowerBound(from: Date | null): EventCursor {
  return { occurredAt: from ?? new Date(0), requestId: '' };
}

/** The event just before the last `n` ones (the exclusive lower bound of "last n events"), if any. */
async function cursorBeforeLast(tx: Tx, modelId: string, n: number): Promise<EventCursor | null> {
  const rows = await tx.execute<{ t: string; id: string }>(sql`
    select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as t, request_id as id from inference_events
    where model_id = ${modelId} order by occurred_at desc, request_id collate "C" desc offset ${n} limit 1`);
  const row = rows[0];
  return row ? { occurredAt: new Date(row.t), requestId: row.id } : null;
}

async function countRange(tx: Tx, modelId: string, range: EventRange): Promise<number> {
  const rows = await rawSql(tx).unsafe<{ n: string }[]>(`select count(*) as n from inference_events where ${rangeCondition(modelId, range)}`);
  return Number(rows[0]?.n ?? 0);
}

async function failEmptyRun(tx: Tx, runId: string) {
  const message = 'No events are left in the window (retention may have removed them).';
  await tx.update(shadowRuns).set({ status: 'failed', error: message, finishedAt: new Date(), totalEvents: 0 }).where(eq(shadowRuns.id, runId));
  await recordAudit(tx, systemActor('shadow evaluation worker'), { action: 'shadow_run.failed', target: { type: 'shadow_run', id: runId }, after: { status: 'failed', error: message } });
}

export async function shadowPlanTask(database: Database, payload: JobPayload<'shadowPlan'>, options: { batchSize?: number } = {}): Promise<void> {
  const batchSize = options.batchSize ?? shadowBatchSize();
  await database.transaction(
    async (tx) => {
      const [run] = await tx.select().from(shadowRuns).where(eq(shadowRuns.id, payload.runId)).for('update');
      // Cancelled before planning, or planned by an earlier attempt of this job.
      if (!run || run.status !== 'pending') return;

      let range: EventRange = { from: run.windowFrom ?? undefined, to: run.windowTo ?? undefined };
      if (run.maxEvents !== null) {
        const before = await cursorBeforeLast(tx, run.modelId, run.maxEvents);
        range = before ? { after: before } : {};
      }
      const uppers = await keysetBoundaries(tx, run.modelId, range, batchSize);
      if (uppers.length === 0) {
        await failEmptyRun(tx, run.id);
        return;
      }
      // Every batch but the last holds exactly batchSize events; count the last one's.
      const lastLower = uppers.length > 1 ? uppers.at(-2)! : range.after;
      const total = (uppers.length - 1) * batchSize + (await countRange(tx, run.modelId, { ...range, ...(lastLower ? { after: lastLower } : {}), through: uppers.at(-1)! }));
      const first = run.maxEvents !== null ? await readEvents(tx, run.modelId, { ...range, limit: 1 }) : null;
      const batches = uppers.map((upper, k) => {
        const lower = k === 0 ? (range.after ?? openLowerBound(run.windowFrom)) : uppers[k - 1]!;
        return {
          runId: run.id,
          batchNo: k,
          fromTime: lower.occurredAt,
          fromRequestId: lower.requestId,
          toTime: upper.occurredAt,
          toRequestId: upper.requestId,
          rowCount: Math.min(batchSize, total - k * batchSize),
        };
      });
      for (let i = 0; i < batches.length; i += 1000) await tx.insert(shadowBatches).values(batches.slice(i, i + 1000));
      await tx
        .update(shadowRuns)
        .set({
          status: 'running',
          totalEvents: total,
          batchCount: batches.length,
          startedAt: new Date(),
          // A "last n events" run shows the time span it covers.
          ...(first && first.count > 0 ? { windowFrom: new Date(first.occurredAt[0]!), windowTo: new Date(uppers.at(-1)!.occurredAt.getTime() + 1) } : {}),
        })
        .where(eq(shadowRuns.id, run.id));
      for (const batch of batches) await enqueue(tx, 'shadowBatch', { runId: run.id, batchNo: batch.batchNo });
    },
    { isolationLevel: 'repeatable read' },
  );
}
