import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { promotionRequests } from '@/db/schema';
import { createTestDatabase } from '@/server/testing/test-database';
import { createTestModel, createTestUser, type TestUser } from './approvals-test-kit';
import { runPromotionSweep } from './promotion-sweep';

// A reviewer's inbox asks for reviews that are still wanted: once a request is decided,
// cancelled, expired or superseded, its "Review …" notice no longer counts as unread
// (the badge must not say "5 unread" beside an empty queue).

const database = await createTestDatabase();
const justification = 'Better calibrated on the held-out split.';

let maintainer: TestUser;
let deciding: TestUser;

beforeAll(async () => {
  maintainer = await createTestUser(database, ['maintainer']);
  deciding = await createTestUser(database, ['reviewer']);
});

/** A reviewer who was notified of `requestId`, and whether that notice is still unread. */
async function reviewNotice(reviewer: TestUser, requestId: string) {
  const { items } = await reviewer.caller.inbox.list({ limit: 100 });
  const notice = items.find((i) => i.kind === 'promotion.requested' && i.link === `/promotions/${requestId}`);
  expect(notice, 'the reviewer was asked to review').toBeDefined();
  return { unread: notice!.readAt === null, count: (await reviewer.caller.inbox.unreadCount()).unread };
}

async function requestStaging(version = 1, model?: string) {
  const name = model ?? (await createTestModel(database, [{}, {}])).model.name;
  const { request } = await maintainer.caller.promotions.request({ model: name, version, environment: 'staging', justification });
  return { name, request };
}

describe('a review request leaves the inbox when nobody needs to act on it', () => {
  it('while pending it is unread for every reviewer who may decide', async () => {
    const onlooker = await createTestUser(database, ['reviewer']);
    const { request } = await requestStaging();
    expect(await reviewNotice(onlooker, request.id)).toMatchObject({ unread: true, count: 1 });
  });

  it('approved: the other reviewers’ notices are read, the requester’s outcome notice is not', async () => {
    const onlooker = await createTestUser(database, ['reviewer']);
    const { request } = await requestStaging();
    const outcome = await deciding.caller.promotions.approve({ id: request.id, comment: 'fine' });
    expect(outcome.request.status).toBe('approved');
    expect(await reviewNotice(onlooker, request.id)).toEqual({ unread: false, count: 0 });
    expect((await maintainer.caller.inbox.list({ unreadOnly: true, limit: 100 })).items.map((i) => [i.kind, i.link])).toContainEqual(['promotion.approved', `/promotions/${request.id}`]);
  });

  it('rejected', async () => {
    const onlooker = await createTestUser(database, ['reviewer']);
    const { request } = await requestStaging();
    await deciding.caller.promotions.reject({ id: request.id, comment: 'recall too low' });
    expect(await reviewNotice(onlooker, request.id)).toEqual({ unread: false, count: 0 });
  });

  it('cancelled by the requester', async () => {
    const onlooker = await createTestUser(database, ['reviewer']);
    const { request } = await requestStaging();
    await maintainer.caller.promotions.cancel({ id: request.id });
    expect(await reviewNotice(onlooker, request.id)).toEqual({ unread: false, count: 0 });
  });

  it('expired by the sweep', async () => {
    const onlooker = await createTestUser(database, ['reviewer']);
    const { request } = await requestStaging();
    await database.update(promotionRequests).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(promotionRequests.id, request.id));
    expect((await runPromotionSweep(database)).expired).toContain(request.id);
    expect(await reviewNotice(onlooker, request.id)).toEqual({ unread: false, count: 0 });
  });

  it('superseded by a newer request: only the newer one is unread', async () => {
    const onlooker = await createTestUser(database, ['reviewer']);
    const first = await requestStaging(1);
    const second = await requestStaging(2, first.name);
    expect(await reviewNotice(onlooker, first.request.id)).toMatchObject({ unread: false });
    expect(await reviewNotice(onlooker, second.request.id)).toEqual({ unread: true, count: 1 });
  });
});
