import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, deployments, modelAliases, promotionDecisions, promotionRequests } from '@/db/schema';
import { createTestDatabase } from '@/server/testing/test-database';
import { createTestModel, createTestUser, statusOf, type TestUser } from './approvals-test-kit';

// Two reviewers approving the same request at the same instant: the request row lock makes
// the approval that completes the quorum see the other, so exactly one deployment results.

const database = await createTestDatabase();
const ITERATIONS = 25;

let maintainer: TestUser;
let r1: TestUser;
let r2: TestUser;
let r3: TestUser;

beforeAll(async () => {
  maintainer = await createTestUser(database, ['maintainer']);
  r1 = await createTestUser(database, ['reviewer']);
  r2 = await createTestUser(database, ['reviewer']);
  r3 = await createTestUser(database, ['reviewer']);
});

async function freshRequest() {
  const { model } = await createTestModel(database, [{}]);
  const { request } = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'production', justification: 'race' });
  return { model, request };
}

async function outcome(modelId: string, requestId: string) {
  const [request] = await database.select().from(promotionRequests).where(eq(promotionRequests.id, requestId));
  const decided = await database.select().from(promotionDecisions).where(eq(promotionDecisions.requestId, requestId));
  const deployed = await database.select().from(deployments).where(eq(deployments.modelId, modelId));
  const aliases = await database.select().from(modelAliases).where(eq(modelAliases.modelId, modelId));
  const audited = await database.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.targetId, deployed[0]?.id ?? requestId));
  return { status: request!.status, decisions: decided.length, deployments: deployed.length, aliases, audited: audited.map((a) => a.action) };
}

describe('concurrent approvals', () => {
  it(`two reviewers completing a quorum of two at the same instant: both decisions recorded, exactly one deployment (${ITERATIONS} runs)`, async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const { model, request } = await freshRequest();
      const results = await Promise.allSettled([r1.caller.promotions.approve({ id: request.id }), r2.caller.promotions.approve({ id: request.id })]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const deployedBy = results.flatMap((r) => (r.status === 'fulfilled' && r.value.deployment ? [r.value.deployment.id] : []));
      expect(deployedBy).toHaveLength(1);
      const o = await outcome(model.id, request.id);
      expect(o).toMatchObject({ status: 'approved', decisions: 2, deployments: 1 });
      expect(o.aliases).toHaveLength(1);
      expect(o.aliases[0]!.deploymentId).toBe(deployedBy[0]);
      expect(o.audited).toEqual(['deployment.created']);
    }
  });

  it(`one approval missing and two reviewers approving at once: one completes the quorum, the other is told it is no longer pending (${ITERATIONS} runs)`, async () => {
    for (let i = 0; i < ITERATIONS; i++) {
      const { model, request } = await freshRequest();
      await r1.caller.promotions.approve({ id: request.id });
      const statuses = await Promise.all([statusOf(r2.caller.promotions.approve({ id: request.id })), statusOf(r3.caller.promotions.approve({ id: request.id }))]);
      expect(statuses.sort()).toEqual([200, 409]);
      const o = await outcome(model.id, request.id);
      expect(o).toMatchObject({ status: 'approved', decisions: 2, deployments: 1 });
      expect(o.aliases).toHaveLength(1);
    }
  });

  it('an approval racing a rejection: either the rejection wins or the request deploys, never both', async () => {
    for (let i = 0; i < 10; i++) {
      const { model, request } = await freshRequest();
      await r1.caller.promotions.approve({ id: request.id });
      await Promise.all([statusOf(r2.caller.promotions.approve({ id: request.id })), statusOf(r3.caller.promotions.reject({ id: request.id, comment: 'no' }))]);
      const o = await outcome(model.id, request.id);
      if (o.status === 'approved') expect(o.deployments).toBe(1);
      else expect(o).toMatchObject({ status: 'rejected', deployments: 0 });
    }
  });

  it('an approval racing a newer request that supersedes it: one wins, nothing deadlocks, never a deployment of a superseded request', async () => {
    for (let i = 0; i < 10; i++) {
      const { model } = await createTestModel(database, [{}, {}]);
      const { request } = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification: 'race' });
      const [approval, newer] = await Promise.all([
        statusOf(r1.caller.promotions.approve({ id: request.id })),
        statusOf(maintainer.caller.promotions.request({ model: model.name, version: 2, environment: 'staging', justification: 'newer' })),
      ]);
      expect(newer).toBe(200);
      const o = await outcome(model.id, request.id);
      if (approval === 200) expect(o).toMatchObject({ status: 'approved', deployments: 1 });
      else expect([approval, o.status, o.deployments]).toEqual([409, 'superseded', 0]);
    }
  });
});
