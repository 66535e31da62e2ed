import { asc, eq, sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { kpiDefinitions, registeredModels } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';

// Reading KPI definitions, for the portal, the REST API and the dashboards.

const columns = {
  id: kpiDefinitions.id,
  name: kpiDefinitions.name,
  description: kpiDefinitions.description,
  unit: kpiDefinitions.unit,
  aggregation: kpiDefinitions.aggregation,
  direction: kpiDefinitions.direction,
  target: kpiDefinitions.target,
  alertLow: kpiDefinitions.alertLow,
  alertHigh: kpiDefinitions.alertHigh,
  modelId: kpiDefinitions.modelId,
  model: registeredModels.name,
  createdBy: kpiDefinitions.createdBy,
  createdAt: kpiDefinitions.createdAt,
  updatedBy: kpiDefinitions.updatedBy,
  updatedAt: kpiDefinitions.updatedAt,
  // One index probe of (kpi_id, time) per definition, however many points there are.
  lastPointAt: sql<Date | null>`(select max(p.time) from kpi_points p where p.kpi_id = ${kpiDefinitions.id})`.mapWith((v: string | null) => (v === null ? null : new Date(v))),
};

function definitions(executor: Executor) {
  return executor.select(columns).from(kpiDefinitions).leftJoin(registeredModels, eq(registeredModels.id, kpiDefinitions.modelId));
}

export type KpiDefinition = Awaited<ReturnType<typeof getKpiDefinition>>;

/**
 * Every KPI definition by name, with the model it belongs to and its latest point. With
 * `model`, the KPIs scoped to that model and the unscoped ones (which any model may post).
 */
export async function listKpiDefinitions(executor: Executor, filter: { model?: string } = {}) {
  const rows = await definitions(executor).orderBy(asc(kpiDefinitions.name));
  return filter.model ? rows.filter((d) => d.model === null || d.model === filter.model) : rows;
}

export async function getKpiDefinition(executor: Executor, name: string) {
  const [row] = await definitions(executor).where(eq(kpiDefinitions.name, name));
  if (!row) throw new AppError('not_found', `No KPI named '${name}'.`);
  return row;
}
