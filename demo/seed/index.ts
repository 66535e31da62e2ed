import type { Database } from '@/db/client';
import { seedDemoApprovals } from './demo-approvals';
import { seedDemoFairnessHistory, seedDemoFairnessSettings } from './demo-fairness';
import { seedDemoKpis } from './demo-kpis';
import { seedDemoDriftHistory, seedDemoReference, TASK_MODELS } from './demo-monitoring';
import { seedDemoPerformanceAlerts } from './demo-performance-alerts';
import { seedDemoRegistry } from './demo-registry';
import { seedDemoTaskTraffic } from './demo-task-traffic';
import { seedDemoTraffic } from './demo-traffic';
import { DEMO_USERS, hasUsers, seedDemoUsers } from './demo-users';
import { validateAllVersions } from './validate-versions';

export { DEMO_USERS } from './demo-users';
export { DEMO_SECOND_REVIEWER } from './demo-approvals';

/**
 * Seeds the demo on an empty database (no users yet) through the same services the UI and
 * CI use, so every seeded change is audited too. Returns whether it seeded. Order matters:
 * traffic exists before versions are validated, so their shadow runs start on their own.
 */
export async function seedDemo(database: Database, now = new Date()): Promise<boolean> {
  if (await hasUsers(database)) return false;
  await seedDemoUsers(database);
  await seedDemoRegistry(database, DEMO_USERS.find((u) => u.role === 'maintainer')!.email);
  await seedDemoReference(database);
  await seedDemoFairnessSettings(database);
  await seedDemoTraffic(database, 'credit-risk', now);
  // The regression and multiclass models get their week too, so every page shows all three kinds.
  for (const model of TASK_MODELS) await seedDemoTaskTraffic(database, model, now);
  // Validated now (not later by the worker), so drift can score the reference with the
  // serving version and the candidates' shadow runs start over the seeded traffic.
  await validateAllVersions(database);
  await seedDemoPerformanceAlerts(database);
  await seedDemoDriftHistory(database, now);
  await seedDemoFairnessHistory(database, now);
  await seedDemoApprovals(database);
  await seedDemoKpis(database, now);
  return true;
}
