import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { alertRules } from '@/db/schema';
import { systemActor, type Actor } from '@/server/auth/actor';
import { openOrUpdateAlert, resolveAlert, type AlertChange } from './alert-transitions';
import { evaluateRule, type MonitoringObservation } from './evaluate-rule';

export type { MonitoringObservation } from './evaluate-rule';
export type { AlertChange } from './alert-transitions';

export interface AlertEvaluationResult {
  opened: AlertChange[];
  /** Still firing: the open alert's value and message were refreshed. */
  updated: AlertChange[];
  resolved: AlertChange[];
  /** Rules this window had no data for; their alerts, open or not, were left alone. */
  noData: { ruleId: string; message: string }[];
  /** Rules evaluated that neither fired nor had an open alert. */
  quiet: number;
}

/**
 * Evaluates every enabled rule of the observed model against one window, in the caller's
 * transaction: opens an alert for a rule that fires with none open, refreshes the open one
 * while it keeps firing, resolves it when it stops. Opening and resolving are audited
 * (`alert.opened`, `alert.resolved`) and queue outbound notifications of the same name.
 * Safe under concurrency: two evaluations of the same window open one alert.
 */
export async function evaluateAlerts(tx: Tx, observation: MonitoringObservation, actor: Actor = systemActor('alert-evaluator')): Promise<AlertEvaluationResult> {
  const result: AlertEvaluationResult = { opened: [], updated: [], resolved: [], noData: [], quiet: 0 };
  // A fixed order, so concurrent evaluations lock alerts in the same order and never deadlock.
  const rules = await tx
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.modelId, observation.modelId), eq(alertRules.enabled, true)))
    .orderBy(asc(alertRules.createdAt), asc(alertRules.id));
  const context = {
    model: { id: observation.modelId, name: observation.modelName },
    window: { from: observation.windowFrom, to: observation.windowTo },
    reportId: observation.reportId,
  };
  for (const rule of rules) {
    const reading = evaluateRule(rule, observation);
    if (reading.noData) {
      result.noData.push({ ruleId: rule.id, message: reading.message });
    } else if (reading.firing) {
      const change = await openOrUpdateAlert(tx, actor, rule, reading, context);
      result[change.change === 'opened' ? 'opened' : 'updated'].push(change);
    } else {
      const change = await resolveAlert(tx, actor, rule, reading, context);
      if (change) result.resolved.push(change);
      else result.quiet += 1;
    }
  }
  return result;
}
