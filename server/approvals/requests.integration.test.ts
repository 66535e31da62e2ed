import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { notifications, promotionRequests } from '@/db/schema';
import { createTestDatabase } from '@/server/testing/test-database';
import { addShadowRun, auditActions, createTestModel, createTestUser, openAlert, resolveAlerts, statusOf, type TestUser } from './approvals-test-kit';
import { runPromotionSweep } from './promotion-sweep';

const database = await createTestDatabase();

let maintainer: TestUser;
let maintainer2: TestUser;
let r1: TestUser;
let r2: TestUser;
let viewer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  maintainer = await createTestUser(database, ['maintainer']);
  maintainer2 = await createTestUser(database, ['maintainer']);
  r1 = await createTestUser(database, ['reviewer']);
  r2 = await createTestUser(database, ['reviewer']);
  viewer = await createTestUser(database, ['viewer']);
  admin = await createTestUser(database, ['admin']);
});

const justification = 'Better calibrated; shadow run looks good.';

describe('requesting a promotion', () => {
  it('creates a pending request with the policy snapshot and gates, audits both, and notifies every reviewer who may decide', async () => {
    const { model } = await createTestModel(database, [{}]);
    const { request, supersededIds } = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'production', justification });
    expect(supersededIds).toEqual([]);
    expect(request).toMatchObject({ model: model.name, version: 1, environment: 'production', kind: 'promotion', status: 'pending', tally: { approvals: 0, required: 2, missing: 2 }, blockingGates: [] });
    expect(request.requestedBy).toMatchObject({ id: maintainer.id, label: maintainer.email, kind: 'user' });
    const [row] = await database.select().from(promotionRequests).where(eq(promotionRequests.id, request.id));
    expect(row!.policySnapshot).toMatchObject({ environment: 'production', source: 'built-in', minApprovals: 2 });
    expect((row!.gateResults as { gate: string }[]).map((g) => g.gate)).toEqual(['onnx_validation', 'training_metrics', 'shadow_run', 'no_critical_drift_alert', 'fairness']);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(168 * 3_600_000);
    expect(await auditActions(database, request.id)).toEqual(['promotion.requested', 'promotion.gates_evaluated']);
    const inbox = await r1.caller.inbox.list();
    expect(inbox.items[0]).toMatchObject({ kind: 'promotion.requested', link: `/promotions/${request.id}` });
    expect(inbox.items[0]!.title).toContain(`${model.name} v1 to production`);
    expect((await maintainer.caller.inbox.unreadCount()).unread).toBe(0);
  });

  it('refuses an invalid version (422), one still being validated (422), an unknown environment (400) and a missing version (404)', async () => {
    const { model } = await createTestModel(database, [{ status: 'invalid', statusReason: 'ONNX input has 3 features, schema declares 5' }, { status: 'registered' }]);
    const before = await database.select().from(promotionRequests);
    expect(await statusOf(maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'production', justification }))).toBe(422);
    expect(await statusOf(maintainer.caller.promotions.request({ model: model.name, version: 2, environment: 'production', justification }))).toBe(422);
    expect(await statusOf(maintainer.caller.promotions.request({ model: model.name, version: 2, environment: 'qa', justification }))).toBe(400);
    expect(await statusOf(maintainer.caller.promotions.request({ model: model.name, version: 9, environment: 'staging', justification }))).toBe(404);
    expect(await statusOf(maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification: '  ' }))).toBe(400);
    expect(await database.select().from(promotionRequests)).toHaveLength(before.length);
  });

  it('refuses requests from reviewers and viewers (403: permission)', async () => {
    const { model } = await createTestModel(database, [{}]);
    expect(await statusOf(r1.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification }))).toBe(403);
    expect(await statusOf(viewer.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification }))).toBe(403);
  });

  it('supersedes the older pending request for the same model and environment, in the same transaction', async () => {
    const { model } = await createTestModel(database, [{}, {}]);
    const first = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification });
    const other = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'production', justification });
    const second = await maintainer2.caller.promotions.request({ model: model.name, version: 2, environment: 'staging', justification });
    expect(second.supersededIds).toEqual([first.request.id]);
    const review = await r1.caller.promotions.get({ id: first.request.id });
    expect(review.status).toBe('superseded');
    expect(review.supersededBy).toEqual({ id: second.request.id, version: 2 });
    expect(review.viewer.canDecide).toMatchObject({ allowed: false });
    expect(await auditActions(database, first.request.id)).toEqual(['promotion.requested', 'promotion.gates_evaluated', 'promotion.superseded']);
    expect((await r1.caller.promotions.get({ id: other.request.id })).status).toBe('pending');
    expect(await statusOf(r1.caller.promotions.approve({ id: first.request.id }))).toBe(409);
  });

  it('lets only the requester cancel, once', async () => {
    const { model } = await createTestModel(database, [{}]);
    const { request } = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification });
    expect(await statusOf(maintainer2.caller.promotions.cancel({ id: request.id }))).toBe(403);
    expect(await statusOf(admin.caller.promotions.cancel({ id: request.id }))).toBe(403);
    const cancelled = await maintainer.caller.promotions.cancel({ id: request.id, reason: 'wrong version' });
    expect(cancelled).toMatchObject({ status: 'cancelled', closedReason: expect.stringContaining('wrong version') });
    expect(await statusOf(maintainer.caller.promotions.cancel({ id: request.id }))).toBe(409);
    expect(await auditActions(database, request.id)).toEqual(['promotion.requested', 'promotion.gates_evaluated', 'promotion.cancelled']);
  });
});

describe('the promotion sweep', () => {
  it('expires pending requests past their expiry, audited, and tells the requester', async () => {
    const { model } = await createTestModel(database, [{}]);
    const { request } = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification });
    const before = (await maintainer.caller.inbox.unreadCount()).unread;
    await runPromotionSweep(database);
    expect((await r1.caller.promotions.get({ id: request.id })).status).toBe('pending');
    await database.update(promotionRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(promotionRequests.id, request.id));
    const result = await runPromotionSweep(database);
    expect(result.expired).toContain(request.id);
    expect((await r1.caller.promotions.get({ id: request.id })).status).toBe('expired');
    expect(await auditActions(database, request.id)).toEqual(['promotion.requested', 'promotion.gates_evaluated', 'promotion.expired']);
    expect((await maintainer.caller.inbox.unreadCount()).unread).toBe(before + 1);
    expect(await statusOf(r1.caller.promotions.approve({ id: request.id }))).toBe(409);
    expect((await runPromotionSweep(database)).expired).not.toContain(request.id);
  });

  it('re-evaluates gates of pending requests as evidence arrives, auditing only changes', async () => {
    const { model, versions } = await createTestModel(database, [{}, {}]);
    // v1 serves production (a staging-like policy for brevity), so v2 needs a shadow run.
    await admin.caller.policies.save({ environment: 'production', model: model.name, minApprovals: 1, fastRollback: true, expiresAfterHours: 24, gates: { shadow_run: { required: true, minEvents: 100 }, no_critical_drift_alert: { required: true } } });
    const first = await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'production', justification });
    await r1.caller.promotions.approve({ id: first.request.id });
    const { request } = await maintainer.caller.promotions.request({ model: model.name, version: 2, environment: 'production', justification });
    expect(request.blockingGates).toEqual(['shadow_run']);
    const sweep = await runPromotionSweep(database);
    expect(sweep.changed).not.toContain(request.id);
    await addShadowRun(database, model.id, versions[1]!.id, { rows: 500, agreement: 0.97, estimate: 0.01 });
    expect((await runPromotionSweep(database)).changed).toContain(request.id);
    expect((await r1.caller.promotions.get({ id: request.id })).blockingGates).toEqual([]);
    await openAlert(database, model.id, 'critical');
    expect((await runPromotionSweep(database)).changed).toContain(request.id);
    expect((await runPromotionSweep(database)).changed).not.toContain(request.id);
    const review = await r2.caller.promotions.get({ id: request.id });
    expect(review.blockingGates).toEqual(['no_critical_drift_alert']);
    expect(review.drift.openAlerts).toHaveLength(1);
    expect(review.viewer.canApprove).toMatchObject({ allowed: false, reason: expect.stringContaining('No critical drift alert (fails)') });
    await resolveAlerts(database, model.id);
    expect(await auditActions(database, request.id)).toEqual(['promotion.requested', 'promotion.gates_evaluated', 'promotion.gates_evaluated', 'promotion.gates_evaluated']);
  });
});

describe('inbox', () => {
  it('lists, counts and marks read only the signed-in user’s notifications', async () => {
    const reviewer = await createTestUser(database, ['reviewer']);
    const { model } = await createTestModel(database, [{}]);
    await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification });
    const { items, unread } = await reviewer.caller.inbox.list({ unreadOnly: true, limit: 10 });
    expect(unread).toBe(1);
    expect(items).toHaveLength(1);
    expect((await r1.caller.inbox.markRead({ ids: [items[0]!.id] })).unread).toBeGreaterThan(0);
    expect((await reviewer.caller.inbox.unreadCount()).unread).toBe(1);
    expect(await reviewer.caller.inbox.markRead({ ids: [items[0]!.id] })).toEqual({ unread: 0 });
    const rows = await database.select().from(notifications).where(eq(notifications.userId, reviewer.id));
    expect(rows[0]!.readAt).not.toBeNull();
    expect((await r2.caller.inbox.markRead({ all: true })).unread).toBe(0);
  });
});
