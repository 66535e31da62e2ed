import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedDemoApprovals } from '@/demo/seed/demo-approvals';
import { seedDemoRegistry } from '@/demo/seed/demo-registry';
import { DEMO_USERS, seedDemoUsers } from '@/demo/seed/demo-users';
import { createTestDatabase } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { deploymentTimeline, listDeployments } from './deployment-queries';
import { listPromotions } from './request-queries';

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-seed-artifacts-'));
const database = await createTestDatabase();

describe('approvals demo seed', () => {
  it('deploys credit-risk v1 to staging and production through approved requests, leaves v2 pending for production and v3 for staging', async () => {
    await seedDemoUsers(database);
    await seedDemoRegistry(database, DEMO_USERS.find((u) => u.role === 'maintainer')!.email);
    await seedDemoApprovals(database);
    const timeline = await deploymentTimeline(database, 'credit-risk');
    expect(timeline.environments.map((e) => [e.environment, e.current?.version])).toEqual([
      ['staging', 1],
      ['production', 1],
    ]);
    const production = timeline.environments[1]!;
    const { deployments } = await listDeployments(database, 'credit-risk', { environment: 'production', limit: 10, offset: 0 });
    expect(deployments[0]!.approvedBy).toEqual(['reviewer@vigil.local', 'reviewer2@vigil.local']);
    expect(production.pending).toMatchObject({ version: 2, status: 'pending', requestedBy: { label: 'maintainer@vigil.local' }, tally: { required: 2, approvals: 0 } });
    const { items } = await listPromotions(database, systemActor(), { status: 'all', awaitingMe: false, awaitingMeFirst: false, limit: 20, offset: 0 });
    expect(items.filter((i) => i.model === 'credit-risk').map((i) => [i.environment, i.version, i.status])).toEqual([
      ['staging', 3, 'pending'],
      ['production', 2, 'pending'],
      ['production', 1, 'approved'],
      ['staging', 1, 'approved'],
    ]);
    // The regression and multiclass models: v1 serving production, v2 waiting for review there.
    for (const model of ['credit-limit', 'risk-grade']) {
      expect(items.filter((i) => i.model === model).map((i) => [i.environment, i.version, i.status])).toEqual([
        ['production', 2, 'pending'],
        ['production', 1, 'approved'],
      ]);
      const served = await deploymentTimeline(database, model);
      expect(served.environments.find((e) => e.environment === 'production')?.current?.version).toBe(1);
    }
  }, 120_000);
});
