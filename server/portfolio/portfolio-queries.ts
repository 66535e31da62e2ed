import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';

// The reads the portfolio overview adds to the dashboard's model summaries
// (server/dashboard/model-summaries.ts: traffic, latency, realized and estimated accuracy,
// target, serving versions): one query per concern for every model at once, each reading
// an index, so the page costs the same at ten million events as at ten thousand.

export interface ModelRow {
  id: string;
  name: string;
  description: string;
  taskType: string;
  tags: string[];
  owner: { email: string; name: string } | null;
}

export async function modelsWithOwners(executor: Executor): Promise<ModelRow[]> {
  const rows = await executor.execute<{ id: string; name: string; description: string; task_type: string; tags: string[]; email: string | null; owner_name: string | null }>(sql`
    select m.id, m.name, m.description, m.task_type, m.tags, u.email, u.name as owner_name
    from registered_models m left join users u on u.id = m.owner_id order by m.name`);
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, taskType: r.task_type, tags: r.tags, owner: r.email ? { email: r.email, name: r.owner_name ?? r.email } : null }));
}

export interface OpenAlert {
  id: string;
  modelId: string;
  kind: string;
  severity: 'warning' | 'critical';
  message: string;
  openedAt: Date;
}

export async function openAlerts(executor: Executor): Promise<OpenAlert[]> {
  const rows = await executor.execute<{ id: string; model_id: string; kind: string; severity: 'warning' | 'critical'; message: string; opened_at: string }>(sql`
    select a.id, a.model_id, r.kind, a.severity, a.message, a.opened_at::text
    from alerts a join alert_rules r on r.id = a.rule_id
    where a.status = 'open' order by a.opened_at desc`);
  return rows.map((r) => ({ id: r.id, modelId: r.model_id, kind: r.kind, severity: r.severity, message: r.message, openedAt: new Date(r.opened_at) }));
}

/**
 * For models without a performance target: the accuracy their enabled accuracy alert rules
 * hold them to (the highest threshold of `estimated_accuracy` and `realized_accuracy`).
 */
export async function accuracyRuleTargets(executor: Executor): Promise<Map<string, { value: number; source: string }>> {
  const rows = await executor.execute<{ model_id: string; threshold: number; kind: string }>(sql`
    select distinct on (model_id) model_id, threshold, kind from alert_rules
    where enabled and kind in ('estimated_accuracy', 'realized_accuracy')
    order by model_id, threshold desc`);
  return new Map(rows.map((r) => [r.model_id, { value: Number(r.threshold), source: `the ${r.kind.replace('_', ' ')} alert rule` }]));
}

export interface PendingRequest {
  id: string;
  modelId: string;
  environment: string;
  version: number;
  createdAt: Date;
}

export async function pendingPromotions(executor: Executor): Promise<PendingRequest[]> {
  const rows = await executor.execute<{ id: string; model_id: string; environment: string; version: number; created_at: string }>(sql`
    select r.id, r.model_id, r.environment, v.version, r.created_at::text
    from promotion_requests r join model_versions v on v.id = r.version_id
    where r.status = 'pending' order by r.created_at`);
  return rows.map((r) => ({ id: r.id, modelId: r.model_id, environment: r.environment, version: r.version, createdAt: new Date(r.created_at) }));
}

export interface LastDeployment {
  modelId: string;
  id: string;
  environment: string;
  version: number;
  kind: 'promotion' | 'rollback' | 'emergency_rollback';
  createdAt: Date;
}

export async function lastDeployments(executor: Executor): Promise<LastDeployment[]> {
  const rows = await executor.execute<{ model_id: string; id: string; environment: string; version: number; kind: LastDeployment['kind']; created_at: string }>(sql`
    select m.id as model_id, d.id, d.environment, v.version, d.kind, d.created_at::text
    from registered_models m
    cross join lateral (select * from deployments x where x.model_id = m.id order by x.created_at desc, x.id desc limit 1) d
    join model_versions v on v.id = d.version_id`);
  return rows.map((r) => ({ modelId: r.model_id, id: r.id, environment: r.environment, version: r.version, kind: r.kind, createdAt: new Date(r.created_at) }));
}

/** The version id serving `environment` for each model that has one there. */
export async function servingVersionIds(executor: Executor, environment: string): Promise<Map<string, string>> {
  const rows = await executor.execute<{ model_id: string; version_id: string }>(sql`select model_id, version_id from model_aliases where environment = ${environment}`);
  return new Map(rows.map((r) => [r.model_id, r.version_id]));
}
