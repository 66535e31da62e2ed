import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database, Executor } from '@/db/client';
import { alertRules, kpiDefinitions, registeredModels } from '@/db/schema';
import { evaluateKpiAlerts, type AlertEvaluationResult, type KpiReading } from '@/server/alerts/evaluate-alerts';
import { kpiAggregate } from './kpi-series';

// The kpi_threshold rules, evaluated hourly and after every KPI batch or change of bounds
// (the `kpiAlerts` job): each rule's KPI aggregated over the last 24 hours.

export const KPI_ALERT_WINDOW_HOURS = 24;

type Definition = typeof kpiDefinitions.$inferSelect;

/**
 * A model's reading of a KPI: the points attributed to the model (all points of a KPI
 * scoped to it); for a KPI posted without models, its points without a model.
 */
async function readingFor(executor: Executor, definition: Definition, modelId: string, from: Date, to: Date): Promise<KpiReading> {
  const filter = { kpiId: definition.id, from, to };
  let aggregate = await kpiAggregate(executor, definition.aggregation, { ...filter, modelId });
  if (aggregate.points === 0 && definition.modelId === null) aggregate = await kpiAggregate(executor, definition.aggregation, { ...filter, modelId: null });
  return { aggregation: definition.aggregation, unit: definition.unit, alertLow: definition.alertLow, alertHigh: definition.alertHigh, value: aggregate.value, points: aggregate.points };
}

/** Evaluates every enabled kpi_threshold rule, one transaction per model. */
export async function evaluateKpiAlertRules(database: Database, now = new Date()): Promise<Map<string, AlertEvaluationResult>> {
  const windowTo = now;
  const windowFrom = new Date(now.getTime() - KPI_ALERT_WINDOW_HOURS * 3_600_000);
  const rules = await database
    .select({ modelId: alertRules.modelId, modelName: registeredModels.name, kpi: alertRules.feature })
    .from(alertRules)
    .innerJoin(registeredModels, eq(registeredModels.id, alertRules.modelId))
    .where(and(eq(alertRules.kind, 'kpi_threshold'), eq(alertRules.enabled, true)))
    .orderBy(asc(registeredModels.name));
  const byModel = new Map<string, { name: string; kpis: Set<string> }>();
  for (const rule of rules) {
    const entry = byModel.get(rule.modelId) ?? { name: rule.modelName, kpis: new Set<string>() };
    if (rule.kpi) entry.kpis.add(rule.kpi);
    byModel.set(rule.modelId, entry);
  }
  const results = new Map<string, AlertEvaluationResult>();
  for (const [modelId, { name, kpis }] of byModel) {
    const result = await database.transaction(async (tx) => {
      const definitions = kpis.size > 0 ? await tx.select().from(kpiDefinitions).where(inArray(kpiDefinitions.name, [...kpis])) : [];
      const readings: Record<string, KpiReading> = {};
      for (const definition of definitions) readings[definition.name] = await readingFor(tx, definition, modelId, windowFrom, windowTo);
      return evaluateKpiAlerts(tx, { modelId, modelName: name, windowFrom, windowTo, kpis: readings });
    });
    results.set(name, result);
  }
  return results;
}
