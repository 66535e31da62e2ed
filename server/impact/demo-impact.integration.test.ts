import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedDemoApprovals } from '@/demo/seed/demo-approvals';
import { demoGoLive, seedDemoKpis } from '@/demo/seed/demo-kpis';
import { seedDemoRegistry } from '@/demo/seed/demo-registry';
import { DEMO_USERS, seedDemoUsers } from '@/demo/seed/demo-users';
import { deploymentTimeline, listDeployments } from '@/server/approvals/deployment-queries';
import { listPromotions } from '@/server/approvals/request-queries';
import { systemActor } from '@/server/auth/actor';
import { governanceSummary } from '@/server/governance/governance-summary';
import { createTestDatabase } from '@/server/testing/test-database';
import { impactBeforeRequest } from './deployment-impact';

// The demo's story, end to end: v1 went live four weeks ago (recorded history), KPIs moved
// after it, and the pending v2 request shows what that promotion did.

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-kpi-seed-artifacts-'));
const database = await createTestDatabase();

describe('demo KPIs and deployment history', () => {
  it('records v1’s go-live four weeks ago, and the pending v2 request shows the KPIs it moved', async () => {
    const now = new Date();
    await seedDemoUsers(database);
    await seedDemoRegistry(database, DEMO_USERS.find((u) => u.role === 'maintainer')!.email);
    await seedDemoApprovals(database);
    await seedDemoKpis(database, now);

    const production = (await deploymentTimeline(database, 'credit-risk', 'production')).environments[0]!;
    expect(production.current?.version).toBe(1);
    const { deployments } = await listDeployments(database, 'credit-risk', { environment: 'production', limit: 10, offset: 0 });
    expect(deployments.map((d) => [d.version, d.requestId !== null])).toEqual([[1, true], [1, false]]);
    expect(deployments[1]!.createdAt).toEqual(demoGoLive(now));

    const pending = await listPromotions(database, systemActor(), { status: 'pending', awaitingMe: false, awaitingMeFirst: false, environment: 'production', limit: 10, offset: 0 });
    // The demo's regression and multiclass models wait for their v2 too.
    const items = pending.items.filter((i) => i.model === 'credit-risk');
    expect(items.map((i) => i.version)).toEqual([2]);
    const impact = await impactBeforeRequest(database, { requestId: items[0]!.id }, now);
    expect(impact?.deployment).toMatchObject({ version: 1, previousVersion: null, requestId: null });
    expect(impact?.status).toBe('complete');
    const verdicts = Object.fromEntries(impact!.kpis.map((k) => [k.label, k.verdict]));
    expect(verdicts).toEqual({ approval_rate: 'better', loan_processing_hours: 'better', defaults_written_off: 'no significant change' });

    // Lead time counts only deployments made through a request: the recorded one is not a release's.
    const governance = await governanceSummary(database, { model: 'credit-risk', months: 3 });
    expect(governance.total.leadTime.count).toBe(1);
    expect(governance.total.leadTime.medianMs).toBeGreaterThanOrEqual(0);
  }, 180_000);
});
