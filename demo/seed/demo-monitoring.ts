import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { registeredModels } from '@/db/schema';
import { samplePath } from '../samples/sample-manifest';
import { createAlertRule } from '@/server/alerts/alert-rules-service';
import { systemActor } from '@/server/auth/actor';
import { runDriftReport, windowEnd } from '@/server/monitoring/drift-report';
import { uploadReference } from '@/server/reference/reference-service';

const MODEL = 'credit-risk';
const HOUR = 3_600_000;

/** The held-out split as reference, and two alert rules a team would start with. */
export async function seedDemoReference(database: Database): Promise<void> {
  const seed = systemActor('demo seed');
  const csv = await readFile(samplePath('credit-risk-reference.csv'), 'utf8');
  await uploadReference(database, seed, { model: MODEL, name: 'held-out validation split', version: 1, csv });
  await createAlertRule(database, seed, { modelName: MODEL, kind: 'drift_share', threshold: 0.25, severity: 'critical' });
  await createAlertRule(database, seed, { modelName: MODEL, kind: 'estimated_accuracy', threshold: 0.8, severity: 'warning' });
}

/**
 * Drift reports over the seeded traffic, a 24-hour window every 6 hours for the past week,
 * computed exactly as the hourly job does, so history and alerts are true on first start.
 */
export async function seedDemoDriftHistory(database: Database, now: Date): Promise<number> {
  const [model] = await database.select({ id: registeredModels.id }).from(registeredModels).where(eq(registeredModels.name, MODEL));
  if (!model) return 0;
  const end = windowEnd(now).getTime();
  let reports = 0;
  for (let t = end - 6 * 24 * HOUR; t <= end; t += 6 * HOUR) {
    if (await runDriftReport(database, model.id, new Date(t))) reports += 1;
  }
  return reports;
}
