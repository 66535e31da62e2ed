import { count, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, deployments, modelAliases, promotionDecisions } from '@/db/schema';
import { createTestDatabase } from '@/server/testing/test-database';
import { addShadowRun, auditActions, createTestModel, createTestUser, failure, statusOf, type TestUser } from './approvals-test-kit';

const database = await createTestDatabase();

let maintainer: TestUser;
let r1: TestUser;
let r2: TestUser;
let r3: TestUser;
let admin: TestUser;
let admin2: TestUser;
let adminReviewer: TestUser;
let maintainerReviewer: TestUser;
let viewer: TestUser;
let auditor: TestUser;

beforeAll(async () => {
  maintainer = await createTestUser(database, ['maintainer']);
  r1 = await createTestUser(database, ['reviewer']);
  r2 = await createTestUser(database, ['reviewer']);
  r3 = await createTestUser(database, ['reviewer']);
  admin = await createTestUser(database, ['admin']);
  admin2 = await createTestUser(database, ['admin']);
  adminReviewer = await createTestUser(database, ['admin', 'reviewer']);
  maintainerReviewer = await createTestUser(database, ['maintainer', 'reviewer']);
  viewer = await createTestUser(database, ['viewer']);
  auditor = await createTestUser(database, ['auditor']);
});

const justification = 'Ready for production.';
const auditCount = async () => (await database.select({ n: count() }).from(auditEvents))[0]!.n;

async function request(by: TestUser, model: string, version: number, environment = 'production') {
  return (await by.caller.promotions.request({ model, version, environment, justification })).request;
}

describe('approving to quorum', () => {
  it('needs two distinct reviewers for production; the second approval deploys and moves the alias atomically', async () => {
    const { model, versions } = await createTestModel(database, [{}]);
    const req = await request(maintainer, model.name, 1);
    const first = await r1.caller.promotions.approve({ id: req.id, comment: 'metrics fine' });
    expect(first.deployment).toBeNull();
    expect(first.request).toMatchObject({ status: 'pending', tally: { approvals: 1, required: 2, missing: 1 } });
    expect(first.decision).toMatchObject({ decision: 'approve', comment: 'metrics fine' });
    expect(first.decision.evidence.map((g) => g.gate)).toContain('shadow_run');
    expect(await database.select().from(modelAliases).where(eq(modelAliases.modelId, model.id))).toHaveLength(0);

    const second = await r2.caller.promotions.approve({ id: req.id });
    expect(second.request).toMatchObject({ status: 'approved', tally: { approvals: 2, missing: 0 } });
    expect(second.deployment).toMatchObject({ environment: 'production', version: 1, kind: 'promotion', previousVersion: null, requestId: req.id, approvedBy: [r1.email, r2.email], current: true });
    const [alias] = await database.select().from(modelAliases).where(eq(modelAliases.modelId, model.id));
    expect(alias).toMatchObject({ environment: 'production', versionId: versions[0]!.id, deploymentId: second.deployment!.id });
    expect(await auditActions(database, req.id, second.deployment!.id)).toEqual([
      'promotion.requested',
      'promotion.gates_evaluated',
      'promotion.approval_recorded',
      'promotion.approval_recorded',
      'promotion.approved',
      'deployment.created',
    ]);
    // The decision stored the evidence it was made on.
    const decisions = await database.select().from(promotionDecisions).where(eq(promotionDecisions.requestId, req.id));
    expect(decisions.map((d) => (d.evidence as { gate: string }[]).length)).toEqual([5, 5]);
    // The requester hears about it.
    expect((await maintainer.caller.inbox.list()).items.map((i) => i.kind)).toContain('promotion.approved');
  });

  it('answers 409 to a second decision by the same reviewer and to any decision once the request is closed', async () => {
    const { model } = await createTestModel(database, [{}]);
    const req = await request(maintainer, model.name, 1);
    await r1.caller.promotions.approve({ id: req.id });
    const again = await failure(r1.caller.promotions.approve({ id: req.id }));
    expect(again.code).toBe('CONFLICT');
    expect(again.message).toMatch(/already approved/);
    expect(await statusOf(r1.caller.promotions.reject({ id: req.id, comment: 'changed my mind' }))).toBe(409);
    await r2.caller.promotions.approve({ id: req.id });
    const late = await failure(r3.caller.promotions.approve({ id: req.id }));
    expect(late.code).toBe('CONFLICT');
    expect(late.message).toMatch(/approved; only pending/);
    expect(await database.select().from(promotionDecisions).where(eq(promotionDecisions.requestId, req.id))).toHaveLength(2);
  });

  it('staging needs one approval', async () => {
    const { model } = await createTestModel(database, [{}]);
    const req = await request(maintainer, model.name, 1, 'staging');
    expect((await r1.caller.promotions.approve({ id: req.id })).deployment).toMatchObject({ environment: 'staging', version: 1 });
  });
});

describe('separation of duties and permissions', () => {
  it('refuses self-approval with 403, including for an admin who also holds reviewer', async () => {
    const { model } = await createTestModel(database, [{}, {}]);
    const own = await request(maintainerReviewer, model.name, 1);
    const refused = await failure(maintainerReviewer.caller.promotions.approve({ id: own.id }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/own request/);
    const byAdmin = await request(adminReviewer, model.name, 2, 'staging');
    expect(await statusOf(adminReviewer.caller.promotions.approve({ id: byAdmin.id }))).toBe(403);
    // An admin without reviewer is refused by permission, whoever requested.
    expect(await statusOf(admin.caller.promotions.approve({ id: own.id }))).toBe(403);
    const review = await maintainerReviewer.caller.promotions.get({ id: own.id });
    expect(review.viewer.canApprove).toMatchObject({ allowed: false, reason: expect.stringContaining('own request') });
    expect(review.viewer.canCancel.allowed).toBe(true);
  });

  it("refuses the version's creator with 403", async () => {
    const { model } = await createTestModel(database, [{ createdBy: r3 }]);
    const req = await request(maintainer, model.name, 1);
    const refused = await failure(r3.caller.promotions.approve({ id: req.id }));
    expect(refused.code).toBe('FORBIDDEN');
    expect(refused.message).toMatch(/registered/);
    expect((await r3.caller.promotions.get({ id: req.id })).viewer.canDecide.allowed).toBe(false);
    expect((await r3.caller.inbox.list()).items.map((i) => i.link)).not.toContain(`/promotions/${req.id}`);
  });

  it('refuses viewers, auditors, maintainers and admins trying to decide (403)', async () => {
    const { model } = await createTestModel(database, [{}]);
    const req = await request(maintainer, model.name, 1);
    for (const user of [viewer, auditor, maintainer, admin]) {
      expect(await statusOf(user.caller.promotions.approve({ id: req.id }))).toBe(403);
      expect(await statusOf(user.caller.promotions.reject({ id: req.id, comment: 'no' }))).toBe(403);
    }
    const review = await viewer.caller.promotions.get({ id: req.id });
    expect(review.viewer.canDecide).toMatchObject({ allowed: false, reason: expect.stringContaining('reviewer role') });
    expect(review.viewer.canOverride.allowed).toBe(false);
  });
});

describe('rejection', () => {
  it('needs a comment (400); any rejection rejects, even after an approval', async () => {
    const { model } = await createTestModel(database, [{}]);
    const req = await request(maintainer, model.name, 1);
    await r1.caller.promotions.approve({ id: req.id });
    expect(await statusOf(r2.caller.promotions.reject({ id: req.id, comment: '' }))).toBe(400);
    expect(await statusOf(r2.caller.promotions.reject({ id: req.id, comment: '   ' }))).toBe(400);
    const rejected = await r2.caller.promotions.reject({ id: req.id, comment: 'Recall on defaulters is too low.' });
    expect(rejected.request).toMatchObject({ status: 'rejected', closedReason: expect.stringContaining('Recall on defaulters') });
    expect(rejected.deployment).toBeNull();
    expect(await database.select().from(deployments).where(eq(deployments.requestId, req.id))).toHaveLength(0);
    expect(await auditActions(database, req.id)).toEqual(['promotion.requested', 'promotion.gates_evaluated', 'promotion.approval_recorded', 'promotion.rejection_recorded', 'promotion.rejected']);
    expect((await maintainer.caller.inbox.list()).items.find((i) => i.link === `/promotions/${req.id}`)?.kind).toBe('promotion.rejected');
  });
});

describe('gates and the admin override', () => {
  it('refuses approval while a required gate fails (422), leaving no trace; an override needs a reason (400), is audited and stays on the request', async () => {
    const { model } = await createTestModel(database, [{ metrics: { auc: 0.61 } }]);
    const req = await request(maintainer, model.name, 1);
    expect(req.blockingGates).toEqual(['training_metrics']);
    const audits = await auditCount();
    const refused = await failure(r1.caller.promotions.approve({ id: req.id }));
    expect(refused.code).toBe('UNPROCESSABLE_CONTENT');
    expect(refused.message).toMatch(/Training metrics \(fails\)/);
    expect(await auditCount()).toBe(audits);
    expect(await database.select().from(promotionDecisions).where(eq(promotionDecisions.requestId, req.id))).toHaveLength(0);

    expect(await statusOf(admin.caller.promotions.override({ id: req.id, reason: '' }))).toBe(400);
    expect(await statusOf(r1.caller.promotions.override({ id: req.id, reason: 'looks fine' }))).toBe(403);
    expect(await statusOf(maintainer.caller.promotions.override({ id: req.id, reason: 'looks fine' }))).toBe(403);
    const overridden = await admin.caller.promotions.override({ id: req.id, reason: 'AUC measured on the old test split; new split gives 0.79.' });
    expect(overridden).toMatchObject({ overridden: true, status: 'pending' });
    expect(await statusOf(admin2.caller.promotions.override({ id: req.id, reason: 'again' }))).toBe(409);

    await r1.caller.promotions.approve({ id: req.id });
    const done = await r2.caller.promotions.approve({ id: req.id });
    expect(done.request.status).toBe('approved');
    const review = await viewer.caller.promotions.get({ id: req.id });
    expect(review.override).toMatchObject({ reason: 'AUC measured on the old test split; new split gives 0.79.', by: admin.email });
    expect(review.gates.find((g) => g.gate === 'training_metrics')).toMatchObject({ status: 'fail', blocking: true });
    expect(review.gatesSatisfied).toBe(true);
    expect(await auditActions(database, req.id)).toContain('promotion.overridden');
  });

  it('refuses an override of a request whose gates pass (409) and by its own requester (403)', async () => {
    const { model } = await createTestModel(database, [{}, { metrics: { auc: 0.5 } }]);
    const ok = await request(maintainer, model.name, 1, 'staging');
    expect(await statusOf(admin.caller.promotions.override({ id: ok.id, reason: 'why not' }))).toBe(409);
    const own = await request(admin, model.name, 2);
    expect(await statusOf(admin.caller.promotions.override({ id: own.id, reason: 'trust me' }))).toBe(403);
  });

  it('re-evaluates gates at decision time: evidence that arrived since the request counts', async () => {
    const { model, versions } = await createTestModel(database, [{}, {}]);
    await r1.caller.promotions.approve({ id: (await request(maintainer, model.name, 1, 'staging')).id });
    await admin.caller.policies.save({ environment: 'staging', model: model.name, minApprovals: 1, fastRollback: true, expiresAfterHours: 24, gates: { shadow_run: { required: true, minEvents: 100 } } });
    const req = await request(maintainer, model.name, 2, 'staging');
    expect(req.blockingGates).toEqual(['shadow_run']);
    expect(await statusOf(r1.caller.promotions.approve({ id: req.id }))).toBe(422);
    await addShadowRun(database, model.id, versions[1]!.id, { rows: 400, agreement: 0.96, estimate: -0.05, lower: -0.08, upper: -0.02, pValue: 0.001 });
    const significantlyWorse = await failure(r1.caller.promotions.approve({ id: req.id }));
    expect(significantlyWorse.message).toMatch(/Shadow evaluation \(fails\)/);
    await addShadowRun(database, model.id, versions[1]!.id, { rows: 400, agreement: 0.96, estimate: 0.01 });
    const approved = await r1.caller.promotions.approve({ id: req.id });
    expect(approved.deployment).toMatchObject({ version: 2, previousVersion: 1 });
    expect(approved.decision.evidence.find((g) => g.gate === 'shadow_run')).toMatchObject({ status: 'pass', numbers: { events: 400, agreementRate: 0.96 } });
    const review = await r2.caller.promotions.get({ id: req.id });
    expect(review.shadow).toMatchObject({ events: 400, agreementRate: 0.96, accuracyDifference: 0.01 });
    expect(review.shadowRun?.summary?.rows).toBe(400);
    expect(await auditActions(database, req.id)).toEqual([
      'promotion.requested',
      'promotion.gates_evaluated',
      'promotion.gates_evaluated',
      'promotion.approval_recorded',
      'promotion.approved',
    ]);
  });
});

describe('a first deployment and the shadow gate', () => {
  it('is not applicable by default (never blocking); a policy with requireForFirstDeployment blocks until a judged run of the candidate exists', async () => {
    const lenientModel = await createTestModel(database, [{}]);
    await admin.caller.policies.save({ environment: 'staging', model: lenientModel.model.name, minApprovals: 1, fastRollback: true, expiresAfterHours: 24, gates: { shadow_run: { required: true } } });
    const lenient = await request(maintainer, lenientModel.model.name, 1, 'staging');
    expect(lenient.blockingGates).toEqual([]);
    const lenientReview = await r1.caller.promotions.get({ id: lenient.id });
    expect(lenientReview.gates.find((g) => g.gate === 'shadow_run')).toMatchObject({ status: 'not_applicable', required: true, blocking: false });

    const { model, versions } = await createTestModel(database, [{}]);
    await admin.caller.policies.save({ environment: 'staging', model: model.name, minApprovals: 1, fastRollback: true, expiresAfterHours: 24, gates: { shadow_run: { required: true, minEvents: 100, requireForFirstDeployment: true } } });
    const req = await request(maintainer, model.name, 1, 'staging');
    expect(req.blockingGates).toEqual(['shadow_run']);
    const noRun = await failure(r1.caller.promotions.approve({ id: req.id }));
    expect(noRun.message).toMatch(/Shadow evaluation \(no evidence yet\)/);
    await addShadowRun(database, model.id, versions[0]!.id, { rows: 50, agreement: 0.99 });
    expect((await failure(r1.caller.promotions.approve({ id: req.id }))).message).toMatch(/Shadow evaluation \(fails\)/);
    await addShadowRun(database, model.id, versions[0]!.id, { rows: 400, agreement: 0.97, estimate: 0.01 });
    const approved = await r1.caller.promotions.approve({ id: req.id });
    expect(approved.deployment).toMatchObject({ version: 1, previousVersion: null });
    expect(approved.decision.evidence.find((g) => g.gate === 'shadow_run')).toMatchObject({ status: 'pass', numbers: { servingVersion: null, events: 400 } });
  });

  it('refuses a policy whose requireForFirstDeployment is not a boolean (400), changing nothing', async () => {
    const { model } = await createTestModel(database, [{}]);
    const before = await auditCount();
    expect(await statusOf(admin.caller.policies.save({ environment: 'staging', model: model.name, minApprovals: 1, fastRollback: true, expiresAfterHours: 24, gates: { shadow_run: { required: true, requireForFirstDeployment: 'yes' as unknown as boolean } } }))).toBe(400);
    expect(await auditCount()).toBe(before);
  });
});

describe('policies', () => {
  it('admin edits are audited with before and after; a pending request keeps the policy it was made under', async () => {
    const { model } = await createTestModel(database, [{}]);
    const req = await request(maintainer, model.name, 1);
    const saved = await admin.caller.policies.save({ environment: 'production', model: model.name, minApprovals: 3, fastRollback: false, expiresAfterHours: 48, gates: { onnx_validation: { required: true } } });
    expect(saved).toMatchObject({ source: 'model', model: model.name, minApprovals: 3 });
    expect(await statusOf(maintainer.caller.policies.save({ environment: 'production', model: null, minApprovals: 1, fastRollback: true, expiresAfterHours: 1, gates: {} }))).toBe(403);
    expect(await statusOf(admin.caller.policies.save({ environment: 'qa', model: null, minApprovals: 1, fastRollback: true, expiresAfterHours: 1, gates: {} }))).toBe(400);
    const [changed] = await database.select().from(auditEvents).where(eq(auditEvents.targetId, saved.policyId!));
    const body = JSON.parse(changed!.body) as { action: string; before: { minApprovals: number; source: string }; after: { minApprovals: number } };
    expect(body).toMatchObject({ action: 'policy.changed', before: { minApprovals: 2, source: 'built-in' }, after: { minApprovals: 3 } });

    await r1.caller.promotions.approve({ id: req.id });
    expect((await r2.caller.promotions.approve({ id: req.id })).request.status).toBe('approved');
    expect((await admin.caller.policies.effective({ environment: 'production', model: model.name })).minApprovals).toBe(3);
    const listed = await viewer.caller.policies.list();
    expect(listed.environments.map((e) => e.environment)).toEqual(['staging', 'production']);
    expect(listed.environments[1]!.overrides.map((o) => o.model)).toContain(model.name);
    expect(await admin.caller.policies.remove({ environment: 'production', model: model.name })).toEqual({ removed: true });
    expect((await admin.caller.policies.effective({ environment: 'production', model: model.name })).minApprovals).toBe(2);
  });
});

describe('review page', () => {
  it('shows lineage, the metric diff against what serves the environment, gates, policy, decisions and what the viewer may do', async () => {
    const { model } = await createTestModel(database, [{ metrics: { auc: 0.77, log_loss: 0.51 } }, { metrics: { auc: 0.78, log_loss: 0.36 } }]);
    await r1.caller.promotions.approve({ id: (await request(maintainer, model.name, 1, 'staging')).id });
    const req = await request(maintainer, model.name, 2, 'staging');
    const review = await r2.caller.promotions.get({ id: req.id });
    expect(review.candidate).toMatchObject({ version: 2, url: `/models/${model.name}/versions/2` });
    expect(review.serving).toMatchObject({ version: 1 });
    expect(review.metricDiff).toEqual([
      { name: 'auc', candidate: 0.78, serving: 0.77, delta: expect.closeTo(0.01, 6), better: 'candidate', direction: 'higher' },
      { name: 'log_loss', candidate: 0.36, serving: 0.51, delta: expect.closeTo(-0.15, 6), better: 'candidate', direction: 'lower' },
    ]);
    expect(review.policy).toMatchObject({ environment: 'staging', minApprovals: 1 });
    expect(review.fixedRules.length).toBeGreaterThan(2);
    expect(review.viewer).toMatchObject({ canDecide: { allowed: true, reason: null }, canApprove: { allowed: true }, canCancel: { allowed: false }, myDecision: null });
    expect(review.links.timeline).toBe(`/models/${model.name}/deployments`);
    const list = await r2.caller.promotions.list({ status: 'pending', model: model.name, awaitingMe: true, limit: 10 });
    expect(list.items.map((i) => i.id)).toEqual([req.id]);
    expect((await maintainer.caller.promotions.list({ status: 'all', model: model.name, awaitingMe: true, limit: 10 })).items).toEqual([]);
    const preview = await maintainer.caller.promotions.preview({ model: model.name, version: 2, environment: 'production' });
    expect(preview).toMatchObject({ kind: 'promotion', requiredApprovals: 2, serving: null });
  });
});
