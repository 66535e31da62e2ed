import type { DriftAlertConfig } from './gate-config';
import { evidenceLinks, type Gate } from './gate-types';

/** No open critical alert of the configured kinds on the model's serving traffic. */
export const driftAlertGate: Gate<DriftAlertConfig> = (evidence, config) => {
  const kinds = new Set<string>(config.kinds);
  const watched = evidence.openAlerts.filter((a) => kinds.has(a.kind));
  const critical = watched.filter((a) => a.severity === 'critical');
  const numbers = { openCritical: critical.length, openWarnings: watched.length - critical.length, kinds: [...kinds].join(', ') };
  const link = evidenceLinks.monitoring(evidence.model.name);
  if (critical.length > 0 && evidence.kind === 'rollback') {
    return {
      gate: 'no_critical_drift_alert',
      status: 'pass',
      summary: `${critical.length} critical alert${critical.length === 1 ? '' : 's'} open on the serving traffic; they do not block a rollback to a version that served before.`,
      numbers,
      link,
    };
  }
  if (critical.length > 0) {
    const listed = critical.map((a) => a.message).join('; ');
    return { gate: 'no_critical_drift_alert', status: 'fail', summary: `${critical.length} critical alert${critical.length === 1 ? '' : 's'} open: ${listed}`, numbers, link };
  }
  const warnings = watched.length > 0 ? ` (${watched.length} warning${watched.length === 1 ? '' : 's'} open)` : '';
  return { gate: 'no_critical_drift_alert', status: 'pass', summary: `No open critical drift alert on ${evidence.model.name}${warnings}.`, numbers, link };
};
