import { describe, expect, it } from 'vitest';
import { alertNotificationData, alertNotificationText, type AlertNotificationInput } from './alert-notification';

const input: AlertNotificationInput = {
  event: 'alert.opened',
  alert: { id: 'a1', severity: 'critical', value: 0.62, message: 'Drift share 62\u00a0% ≥ 50\u00a0% (income)', openedAt: new Date('2025-01-01T01:00:00Z'), resolvedAt: null },
  rule: { id: 'r1', kind: 'drift_share', feature: null, threshold: 0.5 },
  model: { id: 'm1', name: 'credit-risk' },
  window: { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2025-01-01T01:00:00Z') },
  reportId: 'rep1',
  portalUrl: 'https://vigil.example/',
};

describe('alert notifications', () => {
  it('say in one chat line what fired, where, and link back to the model’s alerts', () => {
    expect(alertNotificationText(input)).toBe(
      ':rotating_light: [critical] *credit-risk* — Dataset drift share: Drift share 62\u00a0% ≥ 50\u00a0% (income) · <https://vigil.example/models/credit-risk/alerts|View alerts>',
    );
    expect(alertNotificationText({ ...input, event: 'alert.resolved', portalUrl: null, alert: { ...input.alert, message: 'Drift share 10\u00a0% < 50\u00a0%' } })).toBe(
      ':white_check_mark: Resolved: *credit-risk* — Dataset drift share: Drift share 10\u00a0% &lt; 50\u00a0%',
    );
  });

  it('escape Slack’s control characters in messages', () => {
    expect(alertNotificationText({ ...input, portalUrl: null, alert: { ...input.alert, message: 'a <b> & c' } })).toContain('a &lt;b&gt; &amp; c');
  });

  it('carry the alert, rule, model and window as data for programs', () => {
    expect(alertNotificationData(input)).toEqual({
      alert: { id: 'a1', status: 'open', severity: 'critical', value: 0.62, message: 'Drift share 62\u00a0% ≥ 50\u00a0% (income)', openedAt: '2025-01-01T01:00:00.000Z', resolvedAt: null },
      rule: { id: 'r1', kind: 'drift_share', feature: null, threshold: 0.5, condition: 'share of drifted features ≥ 50\u00a0%' },
      model: { id: 'm1', name: 'credit-risk' },
      window: { from: '2025-01-01T00:00:00.000Z', to: '2025-01-01T01:00:00.000Z' },
      reportId: 'rep1',
      url: 'https://vigil.example/models/credit-risk/alerts',
    });
  });
});
