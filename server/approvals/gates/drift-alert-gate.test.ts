import { describe, expect, it } from 'vitest';
import { driftAlertGate } from './drift-alert-gate';
import { evidence } from './gate-fixtures';
import type { AlertEvidence } from './gate-types';

const alert = (kind: string, severity: 'warning' | 'critical', message = `${kind} ${severity}`): AlertEvidence => ({ id: `${kind}-${severity}`, kind, severity, message, openedAt: '2025-01-01T00:00:00.000Z', value: 0.6 });
const config = { required: true, kinds: ['drift_share' as const, 'feature_drift' as const] };

describe('no_critical_drift_alert gate', () => {
  it('passes with no open alerts and links to monitoring', () => {
    expect(driftAlertGate(evidence(), config)).toMatchObject({ status: 'pass', link: '/models/credit-risk/monitoring', numbers: { openCritical: 0, openWarnings: 0 } });
  });

  it('fails on an open critical drift alert and lists it', () => {
    const result = driftAlertGate(evidence({ openAlerts: [alert('drift_share', 'critical', 'Drift share 62% ≥ 50%'), alert('feature_drift', 'warning')] }), config);
    expect(result.status).toBe('fail');
    expect(result.summary).toContain('Drift share 62% ≥ 50%');
    expect(result.numbers).toMatchObject({ openCritical: 1, openWarnings: 1 });
  });

  it('passes with warnings only, and says so', () => {
    const result = driftAlertGate(evidence({ openAlerts: [alert('feature_drift', 'warning')] }), config);
    expect(result.status).toBe('pass');
    expect(result.summary).toContain('1 warning open');
  });

  it('ignores critical alerts of kinds it does not watch (latency is not drift)', () => {
    expect(driftAlertGate(evidence({ openAlerts: [alert('latency_p95', 'critical')] }), config).status).toBe('pass');
    expect(driftAlertGate(evidence({ openAlerts: [alert('latency_p95', 'critical')] }), { required: true, kinds: ['latency_p95'] }).status).toBe('fail');
  });
});

describe('no_critical_drift_alert gate on a rollback', () => {
  it('does not block returning to a version that served before, but reports the alerts', () => {
    const result = driftAlertGate(evidence({ kind: 'rollback', openAlerts: [alert('drift_share', 'critical')] }), config);
    expect(result.status).toBe('pass');
    expect(result.numbers.openCritical).toBe(1);
    expect(result.summary).toMatch(/do not block a rollback/);
  });
});
