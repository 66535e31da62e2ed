import { and, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Database, Executor, Tx } from '@/db/client';
import { inferenceEvents, modelVersions, registeredModels, shadowRuns } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import { systemActor, type Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { enqueue } from '@/server/jobs/enqueue';
import { requireModel } from '@/server/registry/models-service';
import { readEvents } from '@/server/traffic/event-reader';
import { SHADOW_CANDIDATE_STATUSES, type StartShadowRunInput } from './shadow-schemas';

// Starting and cancelling shadow runs. The work itself happens in the plan, batch and
// finalize tasks (workers/tasks/shadow-plan.ts, shadow-batch.ts, shadow-finalize.ts); a run
// exists with its plan job or not at all.

/** Window of an automatic run started when a version is validated. */
export const AUTO_WINDOW_MS = 7 * 24 * 3600 * 1000;

type Model = typeof registeredModels.$inferSelect;
type Version = typeof modelVersions.$inferSelect;

async function hasTraffic(executor: Executor, modelId: string, window: { from: Date; to: Date } | null): Promise<boolean> {
  const probe = await readEvents(executor, modelId, { ...(window ?? {}), limit: 1 });
  return probe.count > 0;
}

/**
 * Whether some event of the window was served by another version than `versionId`. When none
 * was, a run would compare the version with itself: every answer agrees, and says nothing.
 */
async function servedByAnother(executor: Executor, modelId: string, versionId: string, window: { from: Date; to: Date } | { lastEvents: number }): Promise<boolean> {
  const events = inferenceEvents;
  const rows =
    'from' in window
      ? await executor
          .select({ one: sql<number>`1` })
          .from(events)
          .where(and(eq(events.modelId, modelId), gte(events.occurredAt, window.from), lt(events.occurredAt, window.to), ne(events.versionId, versionId)))
          .limit(1)
      : await executor.execute<{ one: number }>(
          sql`select 1 as one from (select ${events.versionId} as version_id from ${events} where ${events.modelId} = ${modelId} order by ${events.occurredAt} desc limit ${window.lastEvents}) w where w.version_id <> ${versionId} limit 1`,
        );
  return rows.length > 0;
}

function checkSlice(model: Model, sliceFeature: string | undefined) {
  if (sliceFeature === undefined) return;
  if (model.features.some((f) => f.name === sliceFeature) || model.protectedAttributes.includes(sliceFeature)) return;
  throw new AppError('unprocessable', `'${sliceFeature}' is neither a feature nor a protected attribute of '${model.name}'.`);
}

interface NewRun {
  model: Model;
  version: Version;
  window: { from: Date; to: Date } | { lastEvents: number };
  sliceFeature: string | null;
  trigger: 'manual' | 'auto';
}

async function createRun(tx: Tx, actor: Actor, run: NewRun) {
  const timeWindow = 'from' in run.window ? run.window : null;
  const [created] = await tx
    .insert(shadowRuns)
    .values({
      modelId: run.model.id,
      candidateVersionId: run.version.id,
      windowFrom: timeWindow?.from ?? null,
      windowTo: timeWindow?.to ?? null,
      maxEvents: 'lastEvents' in run.window ? run.window.lastEvents : null,
      sliceFeature: run.sliceFeature,
      trigger: run.trigger,
      createdBy: actor.label,
    })
    .returning();
  await recordAudit(tx, actor, {
    action: 'shadow_run.started',
    target: { type: 'shadow_run', id: created!.id, label: `${run.model.name} v${run.version.version}` },
    after: {
      model: run.model.name,
      candidateVersion: run.version.version,
      window: timeWindow ? { from: timeWindow.from.toISOString(), to: timeWindow.to.toISOString() } : run.window,
      sliceFeature: run.sliceFeature,
      trigger: run.trigger,
    },
  });
  await enqueue(tx, 'shadowPlan', { runId: created!.id });
  return created!;
}

/** Starts a run of a validated candidate over a window of the model's logged traffic. */
export async function startShadowRun(database: Database, actor: Actor, input: StartShadowRunInput) {
  return database.transaction(async (tx) => {
    const model = await requireModel(tx, input.model);
    const [version] = await tx
      .select()
      .from(modelVersions)
      .where(and(eq(modelVersions.modelId, model.id), eq(modelVersions.version, input.candidateVersion)));
    if (!version) throw new AppError('not_found', `Model '${model.name}' has no version ${input.candidateVersion}.`);
    if (!(SHADOW_CANDIDATE_STATUSES as readonly string[]).includes(version.status)) {
      throw new AppError('unprocessable', `v${version.version} is ${version.status.replace('_', ' ')}: only a version that passed validation can be evaluated in shadow.`);
    }
    checkSlice(model, input.sliceFeature);
    const window = 'from' in input.window ? input.window : null;
    if (!(await hasTraffic(tx, model.id, window))) {
      throw new AppError(
        'unprocessable',
        window
          ? `'${model.name}' has no logged traffic between ${window.from.toISOString()} and ${window.to.toISOString()}: nothing to replay.`
          : `'${model.name}' has no logged traffic yet: nothing to replay.`,
      );
    }
    if (!(await servedByAnother(tx, model.id, version.id, input.window))) {
      throw new AppError(
        'unprocessable',
        `v${version.version} served every event in this window itself: a shadow run would compare v${version.version} with itself, so every answer would agree and say nothing. Choose a window served by another version, or evaluate a different candidate.`,
      );
    }
    return createRun(tx, actor, { model, version, window: input.window, sliceFeature: input.sliceFeature ?? null, trigger: 'manual' });
  });
}

/**
 * After a version is validated (call with that transaction): replays the last 7 days of the
 * model's traffic through it, if there is any. Returns the run, or null when there is no traffic.
 */
export async function startShadowRunIfTraffic(tx: Tx, versionId: string, now: Date = new Date()) {
  const [row] = await tx
    .select({ version: modelVersions, model: registeredModels })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(eq(modelVersions.id, versionId));
  if (!row || !(SHADOW_CANDIDATE_STATUSES as readonly string[]).includes(row.version.status)) return null;
  // A retried job whose first try committed finds its run and starts no second one.
  const [existing] = await tx
    .select({ id: shadowRuns.id })
    .from(shadowRuns)
    .where(and(eq(shadowRuns.candidateVersionId, versionId), eq(shadowRuns.trigger, 'auto')))
    .limit(1);
  if (existing) return null;
  const window = { from: new Date(now.getTime() - AUTO_WINDOW_MS), to: now };
  if (!(await hasTraffic(tx, row.model.id, window))) return null;
  if (!(await servedByAnother(tx, row.model.id, row.version.id, window))) return null;
  return createRun(tx, systemActor('shadow evaluation (auto-start)'), { model: row.model, version: row.version, window, sliceFeature: null, trigger: 'auto' });
}

/** Stops a pending or running run; batches in flight notice at their next check and write nothing. */
export async function cancelShadowRun(database: Database, actor: Actor, runId: string) {
  return database.transaction(async (tx) => {
    const [run] = await tx.select().from(shadowRuns).where(eq(shadowRuns.id, runId)).for('update');
    if (!run) throw new AppError('not_found', 'No such shadow run.');
    if (run.status !== 'pending' && run.status !== 'running') {
      throw new AppError('conflict', `The run is already ${run.status}.`);
    }
    const [cancelled] = await tx
      .update(shadowRuns)
      .set({ status: 'cancelled', finishedAt: new Date() })
      .where(and(eq(shadowRuns.id, runId), inArray(shadowRuns.status, ['pending', 'running'])))
      .returning();
    await recordAudit(tx, actor, {
      action: 'shadow_run.cancelled',
      target: { type: 'shadow_run', id: runId },
      before: { status: run.status, processedEvents: run.processedEvents },
      after: { status: 'cancelled' },
    });
    return cancelled!;
  });
}
