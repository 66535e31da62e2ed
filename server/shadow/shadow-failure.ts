import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { shadowRuns } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import { systemActor } from '@/server/auth/actor';

/** Marks a pending or running run failed with the reason, audited; a finished run is left alone. */
export async function failShadowRun(database: Database, runId: string, error: string): Promise<boolean> {
  return database.transaction(async (tx) => {
    const [failed] = await tx
      .update(shadowRuns)
      .set({ status: 'failed', error, finishedAt: new Date() })
      .where(and(eq(shadowRuns.id, runId), inArray(shadowRuns.status, ['pending', 'running'])))
      .returning({ id: shadowRuns.id });
    if (!failed) return false;
    await recordAudit(tx, systemActor('shadow evaluation worker'), { action: 'shadow_run.failed', target: { type: 'shadow_run', id: runId }, after: { status: 'failed', error } });
    return true;
  });
}
