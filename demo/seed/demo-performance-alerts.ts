import type { Database } from '@/db/client';
import { createAlertRule } from '@/server/alerts/alert-rules-service';
import { systemActor } from '@/server/auth/actor';

/**
 * Performance rules for the demo model, seeded before its drift history is computed: the
 * late-labelled accuracy drop of the drift episode (about 85 % → 65 %) opens the realized
 * one, judged on the latest labelled day against v1's registered held-out accuracy.
 */
export async function seedDemoPerformanceAlerts(database: Database, model = 'credit-risk'): Promise<void> {
  const seed = systemActor('demo seed');
  await createAlertRule(database, seed, { modelName: model, kind: 'realized_accuracy_drop', threshold: 0.1, severity: 'critical' });
  await createAlertRule(database, seed, { modelName: model, kind: 'estimated_accuracy_drop', threshold: 0.1, severity: 'warning' });
}
