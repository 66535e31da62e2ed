import type { Database } from '@/db/client';
import type { JobPayload } from '@/server/jobs/job-catalog';
import { startShadowRunIfTraffic } from '@/server/shadow/shadow-service';

/** Replays the last week of traffic through a newly validated version, when the model has any. */
export async function shadowAutoStartTask(database: Database, payload: JobPayload<'shadowAutoStart'>): Promise<void> {
  await database.transaction((tx) => startShadowRunIfTraffic(tx, payload.versionId));
}
