import type { Database, Executor } from '@/db/client';
import { systemActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { runFairnessReport } from '@/server/fairness/fairness-runner';
import { MAX_WINDOW_DAYS } from '@/server/fairness/fairness-settings';
import { fairnessSettingsOf, requestFairnessReport, versionsWithLabelledTraffic } from '@/server/fairness/fairness-service';
import type { JobPayload } from '@/server/jobs/job-catalog';

const DAY_MS = 86_400_000;

export async function fairnessReportTask(database: Database, payload: JobPayload<'fairnessReport'>): Promise<void> {
  await runFairnessReport(database, payload.reportId);
}

/** Daily: a report over each model's scheduled window of labelled traffic for every version that served some in it. */
export async function fairnessSweepTask(database: Database, now = new Date()): Promise<number> {
  const actor = systemActor('fairness schedule');
  let requested = 0;
  for (const { model, version } of await versionsWithLabelledTraffic(database, new Date(now.getTime() - MAX_WINDOW_DAYS * DAY_MS))) {
    try {
      const { settings } = await fairnessSettingsOf(database, model);
      if (settings.scheduleWindowDays === 0) continue;
      await requestFairnessReport(database, actor, { model, version, days: settings.scheduleWindowDays }, 'schedule', now);
      requested += 1;
    } catch (error) {
      // A model without attributes to group by (or whose labels vanished) is skipped, not retried.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return requested;
}

/**
 * After a shadow run completes: reports of both sides over the replayed traffic (the candidate's
 * replayed decisions and the serving version's logged ones), so they compare on the same rows.
 */
export async function requestShadowFairnessReport(database: Executor, run: { id: string; model: string }): Promise<void> {
  for (const side of ['candidate', 'serving'] as const) {
    try {
      await requestFairnessReport(database, systemActor('fairness after shadow run'), { model: run.model, population: 'shadow', shadowRunId: run.id, side }, 'shadow');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
}
