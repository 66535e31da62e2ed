import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { durationsByModel, durationsPerModel, type DurationRow, type DurationStats, type PerModel } from './duration-stats';
import { modelCondition, periodCondition, type GovernanceScope } from './governance-scope';

// How long releases take to reach production, and how long reviewers take to decide.

/**
 * From CI release (the version registered) to its first production deployment through an
 * approved promotion request; rollbacks are left out (they bring back a version released
 * long ago), and so are deployments recorded without a request. Counted in the period of
 * the deployment.
 */
export async function leadTimeToProduction(executor: Executor, scope: GovernanceScope): Promise<PerModel<DurationStats>> {
  const rows = await executor.execute<DurationRow>(sql`
    with first_production as (
      select distinct on (d.version_id) d.version_id, d.model_id, d.created_at
      from deployments d
      where d.environment = ${scope.production} and d.kind = 'promotion' and d.request_id is not null and ${modelCondition(scope, sql`d.model_id`)}
      order by d.version_id, d.created_at
    ), durations as (
      select f.model_id, f.created_at - v.created_at as duration
      from first_production f join model_versions v on v.id = f.version_id
      where ${periodCondition(scope, sql`f.created_at`)}
    )
    ${durationsByModel}`);
  return durationsPerModel(rows);
}

/** From a request's creation to its decision (approved at quorum, or rejected), counted when decided. */
export async function approvalTurnaround(executor: Executor, scope: GovernanceScope): Promise<PerModel<DurationStats>> {
  const rows = await executor.execute<DurationRow>(sql`
    with durations as (
      select model_id, closed_at - created_at as duration from promotion_requests
      where status in ('approved', 'rejected') and ${modelCondition(scope, sql`model_id`)} and ${periodCondition(scope, sql`closed_at`)}
    )
    ${durationsByModel}`);
  return durationsPerModel(rows);
}

export interface PendingRequests {
  pending: number;
  oldestPendingSince: Date | null;
}

/** Requests waiting for a decision now, and since when the oldest waits. */
export async function pendingRequests(executor: Executor, scope: GovernanceScope): Promise<PendingRequests> {
  const [row] = await executor.execute<{ pending: number; oldest: string | null }>(sql`
    select count(*)::int as pending, min(created_at)::text as oldest from promotion_requests
    where status = 'pending' and ${modelCondition(scope, sql`model_id`)}`);
  return { pending: Number(row?.pending ?? 0), oldestPendingSince: row?.oldest ? new Date(row.oldest) : null };
}
