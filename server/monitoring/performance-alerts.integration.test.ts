import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertRules, alerts } from '@/db/schema';
import { seedDemoDriftHistory, seedDemoReference } from '@/demo/seed/demo-monitoring';
import { seedDemoPerformanceAlerts } from '@/demo/seed/demo-performance-alerts';
import { seedDemoTraffic } from '@/demo/seed/demo-traffic';
import { markValidated, registerSampleModel, type SampleVersions } from '@/demo/synthetic-traffic';
import { recordLabels } from '@/server/traffic/labels-service';
import { readEvents } from '@/server/traffic/event-reader';
import { createTestDatabase } from '@/server/testing/test-database';
import { runDriftReport, windowEnd } from './drift-report';

// The demo's story, end to end through the hourly drift reports: labels arrive two days
// late, the drift episode's accuracy drop shows only once they do, and a performance alert
// opens then — and resolves when labels of the recovered traffic arrive.

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-performance-alerts-'));
const database = await createTestDatabase();
const HOUR = 3_600_000;
const now = new Date('2026-03-10T12:30:00Z');
let sample: SampleVersions;

const alertsOfKind = (kind: 'realized_accuracy_drop' | 'estimated_accuracy_drop') =>
  database
    .select({ id: alerts.id, status: alerts.status, message: alerts.message, value: alerts.value, openedAt: alerts.openedAt })
    .from(alerts)
    .innerJoin(alertRules, eq(alertRules.id, alerts.ruleId))
    .where(eq(alertRules.kind, kind))
    .orderBy(alerts.openedAt);

beforeAll(async () => {
  sample = await registerSampleModel(database, 'credit-risk');
  await markValidated(database, sample.versions.get(1)!);
  await seedDemoReference(database);
  await seedDemoTraffic(database, 'credit-risk', now);
  await seedDemoPerformanceAlerts(database);
  await seedDemoDriftHistory(database, now);
}, 300_000);

describe('performance alerts on the demo traffic', () => {
  it('open a realized accuracy drop from the late labels of the drift episode, judged against the registered accuracy', async () => {
    const [realized] = await alertsOfKind('realized_accuracy_drop');
    expect(realized).toMatchObject({ status: 'open' });
    expect(realized!.message).toMatch(/^Realized accuracy \d+(\.\d+)?\u00a0% on [\d,]+ labelled events of .* UTC is \d+\.\d points below the reference \d+(\.\d+)?\u00a0% \(v1's registered accuracy\); alert at 10\u00a0% below$/);
    expect(realized!.value).toBeGreaterThan(0.1);
    const [audit] = await database.execute<{ n: string }>(sql`select count(*) as n from audit_events where action = 'alert.opened' and target_id = ${realized!.id}`);
    expect(Number(audit!.n)).toBe(1);
  });

  it('resolves it once labels of the recovered traffic arrive and the next hourly report runs', async () => {
    // Ground truth for the last day (after the episode): the model's own decisions, so accuracy is high.
    const recent = await readEvents(database, sample.modelId, { from: new Date(now.getTime() - 24 * HOUR), to: now });
    const labels = recent.requestIds.map((requestId, i) => ({ requestId, label: recent.predictedLabels[i]! }));
    for (let i = 0; i < labels.length; i += 10_000) await recordLabels(database, 'credit-risk', labels.slice(i, i + 10_000));
    const report = await runDriftReport(database, sample.modelId, new Date(windowEnd(now).getTime() + HOUR));
    expect(report?.alerts.resolved.map((r) => r.kind)).toContain('realized_accuracy_drop');
    const [realized] = await alertsOfKind('realized_accuracy_drop');
    expect(realized).toMatchObject({ status: 'resolved', message: expect.stringMatching(/^Realized accuracy 100\u00a0% on [\d,]+ labelled events of .* is \d+\.\d points above the reference/) });
  });
});
