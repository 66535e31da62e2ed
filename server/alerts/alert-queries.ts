import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { alertRules, alerts } from '@/db/schema';
import { requireModel } from '@/server/registry/models-service';
import type { ListAlertsInput } from './alert-rule-schemas';

/** A model's alerts, open ones first, then the most recent (`offset` pages on); with the rule each belongs to. */
export async function listAlerts(database: Database, input: Omit<ListAlertsInput, 'offset'> & { offset?: number }) {
  const model = await requireModel(database, input.modelName);
  const conditions: SQL[] = [eq(alerts.modelId, model.id)];
  if (input.status) conditions.push(eq(alerts.status, input.status));
  return database
    .select({
      id: alerts.id,
      ruleId: alerts.ruleId,
      kind: alertRules.kind,
      feature: alertRules.feature,
      threshold: alertRules.threshold,
      status: alerts.status,
      severity: alerts.severity,
      value: alerts.value,
      message: alerts.message,
      openedAt: alerts.openedAt,
      updatedAt: alerts.updatedAt,
      resolvedAt: alerts.resolvedAt,
    })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(and(...conditions))
    .orderBy(sql`case when ${alerts.status} = 'open' then 0 else 1 end`, desc(alerts.openedAt), desc(alerts.id))
    .limit(input.limit)
    .offset(input.offset ?? 0);
}

export type AlertListItem = Awaited<ReturnType<typeof listAlerts>>[number];
