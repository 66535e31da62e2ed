import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { registeredModels } from '@/db/schema';
import { loadSampleManifest, samplePath } from '../samples/sample-manifest';
import { createAlertRule } from '@/server/alerts/alert-rules-service';
import { systemActor } from '@/server/auth/actor';
import { runDriftReport, windowEnd } from '@/server/monitoring/drift-report';
import { uploadReference } from '@/server/reference/reference-service';

const MODEL = 'credit-risk';
/** The demo models of the other task types (regression, multiclass), monitored the same way. */
export const TASK_MODELS = ['credit-limit', 'risk-grade'] as const;
const HOUR = 3_600_000;

/**
 * Each registered demo model's held-out split as its reference, and the alert rules a team
 * would start with: for credit-risk two (drift share, estimated accuracy); for the others a
 * drift-share warning. Models not registered (a test may seed credit-risk alone) are skipped.
 */
export async function seedDemoReference(database: Database): Promise<void> {
  const seed = systemActor('demo seed');
  const manifest = await loadSampleManifest();
  const registered = new Set((await database.select({ name: registeredModels.name }).from(registeredModels)).map((m) => m.name));
  for (const reference of manifest.references.filter((r) => registered.has(r.modelName))) {
    const csv = await readFile(samplePath(reference.file), 'utf8');
    await uploadReference(database, seed, { model: reference.modelName, name: 'held-out validation split', version: 1, csv });
  }
  await createAlertRule(database, seed, { modelName: MODEL, kind: 'drift_share', threshold: 0.25, severity: 'critical' });
  await createAlertRule(database, seed, { modelName: MODEL, kind: 'estimated_accuracy', threshold: 0.8, severity: 'warning' });
  for (const model of TASK_MODELS.filter((m) => registered.has(m))) await createAlertRule(database, seed, { modelName: model, kind: 'drift_share', threshold: 0.25, severity: 'warning' });
}

async function driftHistory(database: Database, name: string, now: Date, everyHours: number): Promise<number> {
  const [model] = await database.select({ id: registeredModels.id }).from(registeredModels).where(eq(registeredModels.name, name));
  if (!model) return 0;
  const end = windowEnd(now).getTime();
  let reports = 0;
  for (let t = end - 6 * 24 * HOUR; t <= end; t += everyHours * HOUR) {
    if (await runDriftReport(database, model.id, new Date(t))) reports += 1;
  }
  return reports;
}

/**
 * Drift reports over the seeded traffic, computed exactly as the hourly job does, so history
 * and alerts are true on first start: for credit-risk a 24-hour window every 6 hours for the
 * past week; for the regression and multiclass models one a day (the hourly job adds the rest).
 */
export async function seedDemoDriftHistory(database: Database, now: Date): Promise<number> {
  let reports = await driftHistory(database, MODEL, now, 6);
  for (const model of TASK_MODELS) reports += await driftHistory(database, model, now, 24);
  return reports;
}
