import { and, asc, eq } from 'drizzle-orm';
import type { Database, Tx } from '@/db/client';
import { alertRules, alerts, kpiDefinitions, registeredModels } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { requireModel } from '@/server/registry/models-service';
import { ALERT_KIND_INFO, describeRule } from './alert-kinds';
import { thresholdProblem, type CreateAlertRuleInput, type UpdateAlertRuleInput } from './alert-rule-schemas';
import { resolveAlert, type AlertRule } from './alert-transitions';

function audited(rule: AlertRule) {
  return { kind: rule.kind, feature: rule.feature, threshold: rule.threshold, severity: rule.severity, enabled: rule.enabled, condition: describeRule(rule) };
}

function ruleLabel(rule: AlertRule, modelName: string): string {
  return `${modelName} · ${ALERT_KIND_INFO[rule.kind].label}${rule.feature ? ` (${rule.feature})` : ''}`;
}

/** The rules of a model in the order they were added, each with how it reads. */
export async function listAlertRules(database: Database, modelName: string) {
  const model = await requireModel(database, modelName);
  const rules = await database.select().from(alertRules).where(eq(alertRules.modelId, model.id)).orderBy(asc(alertRules.createdAt), asc(alertRules.id));
  return rules.map((rule) => ({ ...rule, label: ALERT_KIND_INFO[rule.kind].label, condition: describeRule(rule) }));
}

export type AlertRuleListItem = Awaited<ReturnType<typeof listAlertRules>>[number];

export async function createAlertRule(database: Database, actor: Actor, input: CreateAlertRuleInput): Promise<AlertRule> {
  return database.transaction(async (tx) => {
    const model = await requireModel(tx, input.modelName);
    const info = ALERT_KIND_INFO[input.kind];
    // The router's schema checks these; services called from elsewhere (seed, jobs) get the same answer.
    if (info.needsFeature && !input.feature) throw new AppError('bad_request', `${info.label} needs a feature.`);
    const problem = thresholdProblem(input.kind, input.threshold ?? info.defaultThreshold);
    if (problem) throw new AppError('bad_request', problem);
    if (info.onAttribute) {
      const attributes = input.feature!.split(' × ');
      if (!attributes.every((a) => model.protectedAttributes.includes(a))) {
        throw new AppError('unprocessable', `Model '${model.name}' has no protected attribute (or intersection) named '${input.feature}'.`);
      }
    } else if (info.onKpi) {
      const [kpi] = await tx.select({ modelId: kpiDefinitions.modelId }).from(kpiDefinitions).where(eq(kpiDefinitions.name, input.feature!));
      if (!kpi) throw new AppError('unprocessable', `No KPI named '${input.feature}': define it first.`);
      if (kpi.modelId !== null && kpi.modelId !== model.id) throw new AppError('unprocessable', `KPI '${input.feature}' belongs to another model.`);
    } else if (info.needsFeature && !model.features.some((f) => f.name === input.feature)) {
      throw new AppError('unprocessable', `Model '${model.name}' has no feature named '${input.feature}'.`);
    }
    const [rule] = await tx
      .insert(alertRules)
      .values({ modelId: model.id, kind: input.kind, feature: info.needsFeature ? input.feature! : null, threshold: input.threshold ?? info.defaultThreshold, severity: input.severity ?? 'warning', createdBy: actor.label })
      .returning();
    await recordAudit(tx, actor, { action: 'alert_rule.created', target: { type: 'alert_rule', id: rule!.id, label: ruleLabel(rule!, model.name) }, after: audited(rule!), details: { model: model.name } });
    return rule!;
  });
}

async function lockRule(tx: Tx, ruleId: string) {
  const [row] = await tx
    .select({ rule: alertRules, model: { id: registeredModels.id, name: registeredModels.name } })
    .from(alertRules)
    .innerJoin(registeredModels, eq(registeredModels.id, alertRules.modelId))
    .where(eq(alertRules.id, ruleId))
    .for('update', { of: alertRules });
  if (!row) throw new AppError('not_found', 'No alert rule with that id.');
  return row;
}

/** An open alert of a rule that is switched off or removed is resolved, so receivers hear the end of it. */
async function closeOpenAlert(tx: Tx, actor: Actor, rule: AlertRule, model: { id: string; name: string }, why: string) {
  const [open] = await tx.select({ value: alerts.value }).from(alerts).where(and(eq(alerts.ruleId, rule.id), eq(alerts.status, 'open')));
  if (!open) return null;
  return resolveAlert(tx, actor, rule, { value: open.value, message: why }, { model, window: null, reportId: null });
}

export async function updateAlertRule(database: Database, actor: Actor, input: UpdateAlertRuleInput): Promise<AlertRule> {
  return database.transaction(async (tx) => {
    const { rule: before, model } = await lockRule(tx, input.ruleId);
    const threshold = input.threshold ?? before.threshold;
    const problem = thresholdProblem(before.kind, threshold);
    if (problem) throw new AppError('bad_request', problem);
    const [after] = await tx
      .update(alertRules)
      .set({ threshold, severity: input.severity ?? before.severity, enabled: input.enabled ?? before.enabled })
      .where(eq(alertRules.id, before.id))
      .returning();
    await recordAudit(tx, actor, { action: 'alert_rule.updated', target: { type: 'alert_rule', id: before.id, label: ruleLabel(before, model.name) }, before: audited(before), after: audited(after!) });
    if (before.enabled && !after!.enabled) await closeOpenAlert(tx, actor, after!, model, `Rule disabled by ${actor.label}`);
    return after!;
  });
}

/** Deletes a rule and its alert history; an open alert is resolved (and announced) first. */
export async function deleteAlertRule(database: Database, actor: Actor, input: { ruleId: string }) {
  return database.transaction(async (tx) => {
    const { rule, model } = await lockRule(tx, input.ruleId);
    await closeOpenAlert(tx, actor, rule, model, `Rule removed by ${actor.label}`);
    await tx.delete(alertRules).where(eq(alertRules.id, rule.id));
    await recordAudit(tx, actor, { action: 'alert_rule.deleted', target: { type: 'alert_rule', id: rule.id, label: ruleLabel(rule, model.name) }, before: audited(rule) });
    return { id: rule.id };
  });
}
