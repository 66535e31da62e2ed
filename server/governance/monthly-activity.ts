import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import type { PerModel } from './duration-stats';
import { modelCondition, periodCondition, type GovernanceScope } from './governance-scope';

// Deployments, rollbacks and gate overrides per UTC calendar month, every month of the
// period listed (zeros included), and the latest overrides with their written reasons.

export interface Activity {
  /** Promotions that moved an alias, in any environment. */
  deployments: number;
  /** Rollbacks through an approved request. */
  rollbacks: number;
  /** Rollbacks an admin made without approval. */
  emergencyRollbacks: number;
  /** Requests whose failing gates an admin overrode. */
  overrides: number;
}

export interface MonthActivity extends Activity {
  /** "2025-03" (UTC). */
  month: string;
}

export interface OverrideItem {
  requestId: string;
  model: string;
  version: number;
  environment: string;
  by: string;
  reason: string;
  at: Date;
}

type MonthRow = { month: string; deployments: number; rollbacks: number; emergency_rollbacks: number; overrides: number };

export async function monthlyActivity(executor: Executor, scope: GovernanceScope): Promise<MonthActivity[]> {
  const from = scope.from.toISOString();
  const now = scope.now.toISOString();
  const rows = await executor.execute<MonthRow>(sql`
    with months as (
      select generate_series(${from}::timestamptz, date_trunc('month', ${now}::timestamptz, 'UTC'), interval '1 month') as start
    ), moves as (
      select date_trunc('month', created_at, 'UTC') as start, kind from deployments
      where ${modelCondition(scope, sql`model_id`)} and created_at >= ${from}::timestamptz and created_at < ${now}::timestamptz
    ), overrides as (
      select date_trunc('month', overridden_at, 'UTC') as start from promotion_requests
      where overridden_at is not null and ${modelCondition(scope, sql`model_id`)} and overridden_at >= ${from}::timestamptz and overridden_at < ${now}::timestamptz
    )
    select to_char(m.start at time zone 'UTC', 'YYYY-MM') as month,
      (select count(*) from moves d where d.start = m.start and d.kind = 'promotion')::int as deployments,
      (select count(*) from moves d where d.start = m.start and d.kind = 'rollback')::int as rollbacks,
      (select count(*) from moves d where d.start = m.start and d.kind = 'emergency_rollback')::int as emergency_rollbacks,
      (select count(*) from overrides o where o.start = m.start)::int as overrides
    from months m order by m.start`);
  return rows.map((r) => ({ month: r.month, deployments: r.deployments, rollbacks: r.rollbacks, emergencyRollbacks: r.emergency_rollbacks, overrides: r.overrides }));
}

/** The period's totals per model and over all of them (key null). */
export async function activityTotals(executor: Executor, scope: GovernanceScope): Promise<PerModel<Activity>> {
  const rows = await executor.execute<Omit<MonthRow, 'month'> & { model_id: string | null }>(sql`
    with moves as (
      select model_id, kind from deployments
      where ${modelCondition(scope, sql`model_id`)} and ${periodCondition(scope, sql`created_at`)}
      union all
      select model_id, 'override' from promotion_requests
      where overridden_at is not null and ${modelCondition(scope, sql`model_id`)} and ${periodCondition(scope, sql`overridden_at`)}
    )
    select model_id,
      count(*) filter (where kind = 'promotion')::int as deployments,
      count(*) filter (where kind = 'rollback')::int as rollbacks,
      count(*) filter (where kind = 'emergency_rollback')::int as emergency_rollbacks,
      count(*) filter (where kind = 'override')::int as overrides
    from moves group by grouping sets ((model_id), ())`);
  const out: PerModel<Activity> = new Map([[null, { deployments: 0, rollbacks: 0, emergencyRollbacks: 0, overrides: 0 }]]);
  for (const r of rows) out.set(r.model_id, { deployments: r.deployments, rollbacks: r.rollbacks, emergencyRollbacks: r.emergency_rollbacks, overrides: r.overrides });
  return out;
}

export async function recentOverrides(executor: Executor, scope: GovernanceScope, limit = 5): Promise<OverrideItem[]> {
  const rows = await executor.execute<{ id: string; model: string; version: number; environment: string; by: string | null; reason: string; at: string }>(sql`
    select r.id, m.name as model, v.version, r.environment, r.override_by as by, r.override_reason as reason, r.overridden_at::text as at
    from promotion_requests r
    join registered_models m on m.id = r.model_id
    join model_versions v on v.id = r.version_id
    where r.overridden_at is not null and ${modelCondition(scope, sql`r.model_id`)}
      and r.overridden_at >= ${scope.from.toISOString()}::timestamptz and r.overridden_at < ${scope.now.toISOString()}::timestamptz
    order by r.overridden_at desc limit ${limit}`);
  return rows.map((r) => ({ requestId: r.id, model: r.model, version: r.version, environment: r.environment, by: r.by ?? '', reason: r.reason, at: new Date(r.at) }));
}
