import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { alertRules } from '@/db/schema';
import { systemActor, type Actor } from '@/server/auth/actor';
import { isFairnessKind, isKpiKind, isWindowKind } from './alert-kinds';
import { openOrUpdateAlert, resolveAlert, type AlertChange, type AlertContext, type AlertRule } from './alert-transitions';
import { evaluateFairnessRule, type FairnessObservation } from './evaluate-fairness-rule';
import { evaluateKpiRule, type KpiObservation } from './evaluate-kpi-rule';
import { evaluateRule, type MonitoringObservation, type RuleEvaluation } from './evaluate-rule';

export type { MonitoringObservation } from './evaluate-rule';
export type { FairnessObservation } from './evaluate-fairness-rule';
export type { KpiObservation, KpiReading } from './evaluate-kpi-rule';
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
  const context = {
    model: { id: observation.modelId, name: observation.modelName },
    window: { from: observation.windowFrom, to: observation.windowTo },
    reportId: observation.reportId,
  };
  return evaluateRules(tx, actor, context, (rule) => (isWindowKind(rule.kind) ? evaluateRule(rule, observation) : null));
}

/** The same for the fairness rules of a model, against a scheduled fairness report. */
export async function evaluateFairnessAlerts(tx: Tx, observation: FairnessObservation, actor: Actor = systemActor('alert-evaluator')): Promise<AlertEvaluationResult> {
  const context = {
    model: { id: observation.modelId, name: observation.modelName },
    window: { from: observation.windowFrom, to: observation.windowTo },
    reportId: observation.reportId,
  };
  return evaluateRules(tx, actor, context, (rule) => (isFairnessKind(rule.kind) ? evaluateFairnessRule(rule, observation) : null));
}

/** The same for the kpi_threshold rules of a model, against its KPIs over one window. */
export async function evaluateKpiAlerts(tx: Tx, observation: KpiObservation, actor: Actor = systemActor('alert-evaluator')): Promise<AlertEvaluationResult> {
  const context = { model: { id: observation.modelId, name: observation.modelName }, window: { from: observation.windowFrom, to: observation.windowTo }, reportId: null };
  return evaluateRules(tx, actor, context, (rule) => (isKpiKind(rule.kind) ? evaluateKpiRule(rule, observation) : null));
}

/** Runs `evaluate` over the model's enabled rules; null means the rule is not judged by this source. */
async function evaluateRules(tx: Tx, actor: Actor, context: AlertContext, evaluate: (rule: AlertRule) => RuleEvaluation | null): Promise<AlertEvaluationResult> {
  const result: AlertEvaluationResult = { opened: [], updated: [], resolved: [], noData: [], quiet: 0 };
  // A fixed order, so concurrent evaluations lock alerts in the same order and never deadlock.
  const rules = await tx
    .select()
    .from(alertRules)
    .where(and(eq(alertRules.modelId, context.model.id), eq(alertRules.enabled, true)))
    .orderBy(asc(alertRules.createdAt), asc(alertRules.id));
  for (const rule of rules) {
    const reading = evaluate(rule);
    if (!reading) continue;
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
