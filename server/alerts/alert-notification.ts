import type { AlertKind } from '@/db/schema';
import { ALERT_KIND_INFO, describeRule } from './alert-kinds';

// The outbound message of an alert opening or resolving: `data` for programs, `text` for chat.

export interface AlertNotificationInput {
  event: 'alert.opened' | 'alert.resolved';
  alert: { id: string; severity: 'warning' | 'critical'; value: number | null; message: string; openedAt: Date; resolvedAt: Date | null };
  rule: { id: string; kind: AlertKind; feature: string | null; threshold: number };
  model: { id: string; name: string };
  window: { from: Date; to: Date } | null;
  reportId: string | null;
  /** The portal's public URL (NEXTAUTH_URL), for a link back; none when unknown. */
  portalUrl: string | null;
}

export function alertsPageUrl(portalUrl: string | null, modelName: string): string | null {
  return portalUrl ? `${portalUrl.replace(/\/$/, '')}/models/${encodeURIComponent(modelName)}/alerts` : null;
}

export function alertNotificationData(input: AlertNotificationInput): Record<string, unknown> {
  return {
    alert: {
      id: input.alert.id,
      status: input.event === 'alert.opened' ? 'open' : 'resolved',
      severity: input.alert.severity,
      value: input.alert.value,
      message: input.alert.message,
      openedAt: input.alert.openedAt.toISOString(),
      resolvedAt: input.alert.resolvedAt?.toISOString() ?? null,
    },
    rule: { id: input.rule.id, kind: input.rule.kind, feature: input.rule.feature, threshold: input.rule.threshold, condition: describeRule(input.rule) },
    model: input.model,
    window: input.window ? { from: input.window.from.toISOString(), to: input.window.to.toISOString() } : null,
    reportId: input.reportId,
    url: alertsPageUrl(input.portalUrl, input.model.name),
  };
}

/** Slack mrkdwn has three control characters; everything else is shown as is. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One line for Slack-compatible receivers, e.g. ":rotating_light: [critical] credit-risk — Dataset drift share: Drift share 62% ≥ 50% · <url|View alerts>". */
export function alertNotificationText(input: AlertNotificationInput): string {
  const label = ALERT_KIND_INFO[input.rule.kind].label + (input.rule.feature ? ` (${input.rule.feature})` : '');
  const head =
    input.event === 'alert.opened'
      ? `${input.alert.severity === 'critical' ? ':rotating_light:' : ':warning:'} [${input.alert.severity}] *${escapeMrkdwn(input.model.name)}* — ${escapeMrkdwn(label)}`
      : `:white_check_mark: Resolved: *${escapeMrkdwn(input.model.name)}* — ${escapeMrkdwn(label)}`;
  const url = alertsPageUrl(input.portalUrl, input.model.name);
  return `${head}: ${escapeMrkdwn(input.alert.message)}${url ? ` · <${url}|View alerts>` : ''}`;
}
