import type { Database } from '@/db/client';
import { enqueue } from '@/server/jobs/enqueue';
import type { JobPayload } from '@/server/jobs/job-catalog';
import { modelsDueForDrift, runDriftReport, windowEnd } from '@/server/monitoring/drift-report';

/** Hourly: one report job per model with a reference and recent traffic, all for the same window. */
export async function driftSweepTask(database: Database) {
  const windowTo = windowEnd();
  const due = await modelsDueForDrift(database, new Date(windowTo.getTime() - 24 * 3_600_000));
  for (const modelId of due) {
    // A singleton key per model and window: a repeated sweep adds no second job.
    await enqueue(database, 'driftReport', { modelId, windowTo: windowTo.toISOString() }, { singletonKey: `${modelId}:${windowTo.toISOString()}` });
  }
}

export async function driftReportTask(database: Database, payload: JobPayload<'driftReport'>) {
  const result = await runDriftReport(database, payload.modelId, payload.windowTo ? new Date(payload.windowTo) : undefined);
  if (result) {
    const changes = result.alerts.opened.length + result.alerts.resolved.length;
    console.log(`[worker] drift report ${result.reportId}: ${(result.drift.driftShare * 100).toFixed(0)} % of features drifted${changes ? `, ${changes} alert change(s)` : ''}`);
  }
}
