import type { Database, Executor } from '@/db/client';
import { systemActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { runFairnessReport } from '@/server/fairness/fairness-runner';
import { DEFAULT_WINDOW_DAYS } from '@/server/fairness/fairness-settings';
import { requestFairnessReport, versionsWithLabelledTraffic } from '@/server/fairness/fairness-service';
import type { JobPayload } from '@/server/jobs/job-catalog';

const DAY_MS = 86_400_000;

export async function fairnessReportTask(database: Database, payload: JobPayload<'fairnessReport'>): Promise<void> {
  await runFairnessReport(database, payload.reportId);
}

/** Daily: a report over the last week of labelled traffic for every version that served some. */
export async function fairnessSweepTask(database: Database, now = new Date()): Promise<number> {
  const actor = systemActor('fairness schedule');
  let requested = 0;
  for (const { model, version } of await versionsWithLabelledTraffic(database, new Date(now.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS))) {
    try {
      await requestFairnessReport(database, actor, { model, version, days: DEFAULT_WINDOW_DAYS }, 'schedule', now);
      requested += 1;
    } catch (error) {
      // A model without attributes to group by (or whose labels vanished) is skipped, not retried.
      if (!(error instanceof AppError)) throw error;
    }
  }
  return requested;
}

/** After a shadow run completes: the candidate's report over the replayed traffic. */
export async function requestShadowFairnessReport(database: Executor, run: { id: string; model: string }): Promise<void> {
  try {
    await requestFairnessReport(database, systemActor('fairness after shadow run'), { model: run.model, population: 'shadow', shadowRunId: run.id }, 'shadow');
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
}
