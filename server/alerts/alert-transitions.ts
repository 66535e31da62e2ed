import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { alerts, type alertRules } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { queueEvent } from '@/server/outbound-webhooks/queue-event';
import { ALERT_KIND_INFO } from './alert-kinds';
import { alertNotificationData, alertNotificationText, type AlertNotificationInput } from './alert-notification';

// Opening, updating and resolving an alert, each with its audit event and notification in
// the caller's transaction. The partial unique index (one open alert per rule) is what keeps
// concurrent evaluations from opening two: the insert yields to an open alert, never duplicates it.

export type AlertRule = typeof alertRules.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;

export interface AlertContext {
  model: { id: string; name: string };
  window: { from: Date; to: Date } | null;
  reportId: string | null;
}

export interface AlertChange {
  change: 'opened' | 'updated' | 'resolved';
  alertId: string;
  ruleId: string;
  kind: AlertRule['kind'];
  feature: string | null;
  severity: AlertRow['severity'];
  value: number | null;
  message: string;
  /** Outbound deliveries queued for this change (opened and resolved only). */
  deliveryIds: string[];
}

function portalUrl(): string | null {
  return process.env.NEXTAUTH_URL?.trim() || null;
}

function label(rule: AlertRule, modelName: string): string {
  return `${modelName} · ${ALERT_KIND_INFO[rule.kind].label}${rule.feature ? ` (${rule.feature})` : ''}`;
}

async function announce(tx: Tx, actor: Actor, event: 'alert.opened' | 'alert.resolved', rule: AlertRule, alert: AlertRow, context: AlertContext): Promise<string[]> {
  await recordAudit(tx, actor, {
    action: event,
    target: { type: 'alert', id: alert.id, label: label(rule, context.model.name) },
    after: { status: alert.status, severity: alert.severity, value: alert.value, message: alert.message },
    details: {
      ruleId: rule.id,
      kind: rule.kind,
      feature: rule.feature,
      threshold: rule.threshold,
      model: context.model,
      reportId: context.reportId,
      window: context.window ? { from: context.window.from.toISOString(), to: context.window.to.toISOString() } : null,
    },
  });
  const notification: AlertNotificationInput = { event, alert, rule, model: context.model, window: context.window, reportId: context.reportId, portalUrl: portalUrl() };
  const queued = await queueEvent(tx, event, alertNotificationData(notification), { text: alertNotificationText(notification), at: event === 'alert.opened' ? alert.openedAt : (alert.resolvedAt ?? undefined) });
  return queued.deliveryIds;
}

function changeOf(change: AlertChange['change'], rule: AlertRule, alert: AlertRow, deliveryIds: string[] = []): AlertChange {
  return { change, alertId: alert.id, ruleId: rule.id, kind: rule.kind, feature: rule.feature, severity: alert.severity, value: alert.value, message: alert.message, deliveryIds };
}

/** Opens an alert for a firing rule, or refreshes the open one; never two open alerts per rule. */
export async function openOrUpdateAlert(tx: Tx, actor: Actor, rule: AlertRule, reading: { value: number | null; message: string }, context: AlertContext): Promise<AlertChange> {
  // Insert and update race only with a concurrent resolve, which a second round settles.
  for (let round = 0; round < 3; round += 1) {
    const [opened] = await tx
      .insert(alerts)
      .values({ ruleId: rule.id, modelId: rule.modelId, status: 'open', severity: rule.severity, value: reading.value, message: reading.message })
      .onConflictDoNothing({ target: alerts.ruleId, where: sql`status = 'open'` })
      .returning();
    // The column is float4: report the value as measured, not as stored.
    if (opened) return changeOf('opened', rule, { ...opened, value: reading.value }, await announce(tx, actor, 'alert.opened', rule, { ...opened, value: reading.value }, context));
    const [updated] = await tx
      .update(alerts)
      .set({ value: reading.value, message: reading.message, severity: rule.severity, updatedAt: sql`now()` })
      .where(and(eq(alerts.ruleId, rule.id), eq(alerts.status, 'open')))
      .returning();
    if (updated) return changeOf('updated', rule, { ...updated, value: reading.value });
  }
  throw new Error(`Alert of rule ${rule.id} kept changing under concurrent evaluations`);
}

/** Resolves the open alert of `rule`, if there is one. */
export async function resolveAlert(tx: Tx, actor: Actor, rule: AlertRule, reading: { value: number | null; message: string }, context: AlertContext): Promise<AlertChange | null> {
  const [resolved] = await tx
    .update(alerts)
    .set({ status: 'resolved', value: reading.value, message: reading.message, resolvedAt: sql`now()`, updatedAt: sql`now()` })
    .where(and(eq(alerts.ruleId, rule.id), eq(alerts.status, 'open')))
    .returning();
  if (!resolved) return null;
  const measured = { ...resolved, value: reading.value };
  return changeOf('resolved', rule, measured, await announce(tx, actor, 'alert.resolved', rule, measured, context));
}
