import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, modelAliases } from '@/db/schema';
import { createTestDatabase } from '@/server/testing/test-database';
import { addShadowRun, auditActions, createTestModel, createTestUser, statusOf, type TestUser } from './approvals-test-kit';

const database = await createTestDatabase();

let maintainer: TestUser;
let r1: TestUser;
let r2: TestUser;
let admin: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  maintainer = await createTestUser(database, ['maintainer']);
  r1 = await createTestUser(database, ['reviewer']);
  r2 = await createTestUser(database, ['reviewer']);
  admin = await createTestUser(database, ['admin']);
  viewer = await createTestUser(database, ['viewer']);
});

async function promote(model: string, version: number, environment = 'production') {
  const { request } = await maintainer.caller.promotions.request({ model, version, environment, justification: `v${version}` });
  await r1.caller.promotions.approve({ id: request.id });
  if (request.tally.required > 1) await r2.caller.promotions.approve({ id: request.id });
  return request;
}

describe('rollback', () => {
  it('a request for a version that served the environment before is a rollback on the fast path (one approval)', async () => {
    const { model, versions } = await createTestModel(database, [{}, {}]);
    await promote(model.name, 1);
    await addShadowRun(database, model.id, versions[1]!.id, { rows: 1000, agreement: 0.95, estimate: 0.01 });
    await promote(model.name, 2);
    const { request } = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'production', justification: 'v2 misbehaves in production' });
    expect(request).toMatchObject({ kind: 'rollback', tally: { required: 1 } });
    const done = await r1.caller.promotions.approve({ id: request.id });
    expect(done.deployment).toMatchObject({ kind: 'rollback', version: 1, previousVersion: 2 });
    expect((await viewer.caller.promotions.aliases({ model: model.name })).aliases).toMatchObject([{ environment: 'production', version: 1 }]);
  });

  it('without the fast path a rollback needs the policy minimum', async () => {
    const { model, versions } = await createTestModel(database, [{}, {}]);
    await admin.caller.policies.save({ environment: 'production', model: model.name, minApprovals: 2, fastRollback: false, expiresAfterHours: 24, gates: {} });
    await promote(model.name, 1);
    await addShadowRun(database, model.id, versions[1]!.id, { rows: 1000, agreement: 0.95 });
    await promote(model.name, 2);
    const { request } = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'production', justification: 'back' });
    expect(request).toMatchObject({ kind: 'rollback', tally: { required: 2 } });
    expect((await r1.caller.promotions.approve({ id: request.id })).deployment).toBeNull();
  });

  it('refuses to request the version that already serves (409)', async () => {
    const { model } = await createTestModel(database, [{}]);
    await promote(model.name, 1, 'staging');
    expect(await statusOf(maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification: 'again' }))).toBe(409);
  });
});

describe('emergency rollback', () => {
  it('lets an admin move back without approval, only with a reason and only to a version that served; flagged and audited', async () => {
    const { model, versions } = await createTestModel(database, [{}, {}, {}]);
    await promote(model.name, 1);
    await addShadowRun(database, model.id, versions[1]!.id, { rows: 1000, agreement: 0.95 });
    await promote(model.name, 2);
    const input = { model: model.name, environment: 'production', version: 1, reason: 'v2 returns NaN scores for new applicants' };
    expect(await statusOf(admin.caller.promotions.emergencyRollback({ ...input, reason: ' ' }))).toBe(400);
    expect(await statusOf(maintainer.caller.promotions.emergencyRollback(input))).toBe(403);
    expect(await statusOf(r1.caller.promotions.emergencyRollback(input))).toBe(403);
    expect(await statusOf(admin.caller.promotions.emergencyRollback({ ...input, version: 3 }))).toBe(422);
    expect(await statusOf(admin.caller.promotions.emergencyRollback({ ...input, version: 2 }))).toBe(409);
    const deployment = await admin.caller.promotions.emergencyRollback(input);
    expect(deployment).toMatchObject({ kind: 'emergency_rollback', version: 1, previousVersion: 2, reason: input.reason, requestId: null, deployedBy: admin.email, approvedBy: [] });
    const [alias] = await database.select().from(modelAliases).where(eq(modelAliases.modelId, model.id));
    expect(alias).toMatchObject({ versionId: versions[0]!.id, deploymentId: deployment.id });
    expect(await auditActions(database, deployment.id)).toEqual(['deployment.emergency_rollback']);
    const [row] = await database.select().from(auditEvents).where(eq(auditEvents.targetId, deployment.id));
    expect(JSON.parse(row!.body)).toMatchObject({ details: { emergency: true, reason: input.reason }, before: { version: 2 }, after: { version: 1 } });
  });
});

describe('timeline', () => {
  it('shows which version served each environment when, who requested and approved, and answers "what served on date X?"', async () => {
    const { model, versions } = await createTestModel(database, [{}, {}]);
    const beforeAnything = new Date();
    await promote(model.name, 1, 'staging');
    await promote(model.name, 1);
    const betweenDeployments = new Date();
    await addShadowRun(database, model.id, versions[1]!.id, { rows: 1000, agreement: 0.95 });
    await promote(model.name, 2);
    const { request: pending } = await maintainer.caller.promotions.request({ model: model.name, version: 2, environment: 'staging', justification: 'catch up' });

    const timeline = await viewer.caller.promotions.timeline({ model: model.name });
    expect(timeline.environments.map((e) => e.environment)).toEqual(['staging', 'production']);
    const [staging, production] = timeline.environments;
    expect(staging!.current).toMatchObject({ version: 1 });
    expect(staging!.pending).toMatchObject({ id: pending.id, version: 2 });
    expect([staging!.deploymentCount, production!.deploymentCount]).toEqual([1, 2]);
    const { deployments, total } = await viewer.caller.promotions.deployments({ model: model.name, environment: 'production' });
    expect(total).toBe(2);
    expect(deployments.map((d) => [d.version, d.current, d.requestedBy, d.approvedBy])).toEqual([
      [2, true, maintainer.email, [r1.email, r2.email]],
      [1, false, maintainer.email, [r1.email, r2.email]],
    ]);
    expect(deployments[1]).toMatchObject({ replacedAt: deployments[0]!.createdAt, replacedByVersion: 2 });

    expect((await viewer.caller.promotions.aliasAt({ model: model.name, environment: 'production', at: beforeAnything })).deployment).toBeNull();
    expect((await viewer.caller.promotions.aliasAt({ model: model.name, environment: 'production', at: betweenDeployments })).deployment).toMatchObject({ version: 1 });
    expect((await viewer.caller.promotions.aliasAt({ model: model.name, environment: 'production', at: new Date() })).deployment).toMatchObject({ version: 2, current: true });
  });
});
