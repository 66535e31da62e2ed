import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { durationsByModel, durationsPerModel, type DurationRow, type DurationStats, type PerModel } from './duration-stats';
import { modelCondition, periodCondition, type GovernanceScope } from './governance-scope';

// How fast alerts go away. Alerts have no acknowledged state (only open and resolved, and
// they are resolved by the evaluation that finds the condition gone), so this reports the
// time to resolve only, and what is still open.

/** Alerts resolved in the period: opened → resolved. */
export async function alertTimeToResolve(executor: Executor, scope: GovernanceScope): Promise<PerModel<DurationStats>> {
  const rows = await executor.execute<DurationRow>(sql`
    with durations as (
      select model_id, resolved_at - opened_at as duration from alerts
      where status = 'resolved' and ${modelCondition(scope, sql`model_id`)} and ${periodCondition(scope, sql`resolved_at`)}
    )
    ${durationsByModel}`);
  return durationsPerModel(rows);
}

export interface OpenAlerts {
  /** Alerts opened in the period. */
  opened: number;
  openNow: number;
  oldestOpenSince: Date | null;
}

export async function openAlertCounts(executor: Executor, scope: GovernanceScope): Promise<OpenAlerts> {
  const [row] = await executor.execute<{ opened: number; open_now: number; oldest: string | null }>(sql`
    select count(*) filter (where ${periodCondition(scope, sql`opened_at`)})::int as opened,
      count(*) filter (where status = 'open')::int as open_now,
      (min(opened_at) filter (where status = 'open'))::text as oldest
    from alerts where ${modelCondition(scope, sql`model_id`)}`);
  return { opened: Number(row?.opened ?? 0), openNow: Number(row?.open_now ?? 0), oldestOpenSince: row?.oldest ? new Date(row.oldest) : null };
}
