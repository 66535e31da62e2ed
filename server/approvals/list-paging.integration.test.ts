import { beforeAll, describe, expect, it } from 'vitest';
import { deployments } from '@/db/schema';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { listDeploymentsEndpoint } from './approvals-api';
import { createTestModel, createTestUser, statusOf, type TestUser } from './approvals-test-kit';
import { aliasAt, listDeployments } from './deployment-queries';

// Long lists a page at a time (issue 20): deployments with what replaced each even at a
// page's edge, promotion requests and the inbox with totals that count the whole list.

const database = await createDefaultTestDatabase();

let maintainer: TestUser;
let reviewer: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  maintainer = await createTestUser(database, ['maintainer']);
  reviewer = await createTestUser(database, ['reviewer']);
  viewer = await createTestUser(database, ['viewer']);
});

const T0 = Date.parse('2026-01-01T00:00:00Z');
const minutes = (n: number) => new Date(T0 + n * 60_000);

/**
 * 25 production deployments a minute apart cycling v1, v2, v3 (the i-th serves v(i mod 3 + 1)),
 * and staging deployments at the half minutes in between, which must not count as replacements.
 */
async function modelWithHistory() {
  const { model, versions } = await createTestModel(database, [{}, {}, {}]);
  const row = (environment: string, i: number, at: Date) => ({ modelId: model.id, environment, versionId: versions[i % 3]!.id, kind: 'promotion' as const, deployedBy: 'test', approvedBy: [], createdAt: at });
  await database.insert(deployments).values([
    ...Array.from({ length: 25 }, (_, i) => row('production', i, minutes(i))),
    ...Array.from({ length: 6 }, (_, i) => row('staging', i + 1, new Date(minutes(i * 4).getTime() + 30_000))),
  ]);
  return model;
}

describe('deployments, a page at a time', () => {
  it('pages newest first with the total, and the newest row of page 2 knows the deployment on page 1 that replaced it', async () => {
    const model = await modelWithHistory();
    const page = (offset: number) => listDeployments(database, model.name, { environment: 'production', limit: 10, offset });
    const [one, two, three, past] = await Promise.all([page(0), page(10), page(20), page(30)]);
    expect([one.total, two.total, three.total, past.total]).toEqual([25, 25, 25, 25]);
    expect([one, two, three, past].map((p) => p.deployments.length)).toEqual([10, 10, 5, 0]);
    // Newest first, no row twice, none missing.
    const times = [...one.deployments, ...two.deployments, ...three.deployments].map((d) => d.createdAt.getTime());
    expect(times).toEqual(Array.from({ length: 25 }, (_, i) => minutes(24 - i).getTime()));

    expect(one.deployments[0]).toMatchObject({ current: true, replacedAt: null, replacedByVersion: null });
    // Page 2 starts at deployment 14 (v3); deployment 15 (v1), on page 1, replaced it.
    const edge = two.deployments[0]!;
    expect(edge.createdAt).toEqual(minutes(14));
    expect(edge).toMatchObject({ version: 3, current: false, replacedAt: minutes(15), replacedByVersion: 1 });
    expect(one.deployments.at(-1)!.createdAt).toEqual(minutes(15));
    // The oldest row of each page is replaced by the row above it; the staging rows in between never count.
    expect(two.deployments.at(-1)).toMatchObject({ createdAt: minutes(5), replacedAt: minutes(6), replacedByVersion: 1 });
    expect(three.deployments[0]).toMatchObject({ createdAt: minutes(4), replacedAt: minutes(5), replacedByVersion: 3 });
  });

  it('keeps environments apart when listing them all, and "what served at" answers with the replacement too', async () => {
    const model = await modelWithHistory();
    const all = await listDeployments(database, model.name, { limit: 500, offset: 0 });
    expect(all.total).toBe(31);
    const staging = all.deployments.filter((d) => d.environment === 'staging');
    expect(staging.map((d) => [d.version, d.replacedByVersion])).toEqual([[1, null], [3, 1], [2, 3], [1, 2], [3, 1], [2, 3]]);
    const answer = await aliasAt(database, model.name, 'production', new Date(minutes(14).getTime() + 1_000));
    expect(answer.deployment).toMatchObject({ version: 3, replacedAt: minutes(15), replacedByVersion: 1 });
  });

  it('answers the same through tRPC (promotions.deployments) and REST (limit, offset, total); refuses bad paging', async () => {
    const model = await modelWithHistory();
    const trpcPage = await viewer.caller.promotions.deployments({ model: model.name, environment: 'production', limit: 10, offset: 10 });
    expect(trpcPage.total).toBe(25);
    expect(trpcPage.deployments[0]).toMatchObject({ version: 3, replacedByVersion: 1 });
    expect(await statusOf(viewer.caller.promotions.deployments({ model: model.name, offset: -1 }))).toBe(400);
    expect(await statusOf(viewer.caller.promotions.deployments({ model: model.name, limit: 501 }))).toBe(400);

    const token = (await createToken(database, systemActor('test'), { name: 'serving', scopes: ['registry:read'] })).secret;
    const rest = (query: Record<string, string>) => callEndpoint(listDeploymentsEndpoint, { params: { name: model.name }, path: `/models/${model.name}/deployments`, token, query });
    const page = await rest({ environment: 'production', limit: '10', offset: '10' });
    expect(page.status).toBe(200);
    expect(page.json.total).toBe(25);
    expect((page.json.deployments as unknown[])[0]).toMatchObject({ version: 3, deployedAt: minutes(14).toISOString(), replacedAt: minutes(15).toISOString(), replacedByVersion: 1 });
    expect(((await rest({})).json.deployments as unknown[]).length).toBe(31);
    expect((await rest({ offset: '-1' })).status).toBe(400);
    expect((await rest({ limit: 'ten' })).status).toBe(400);
  });
});

describe('promotion requests and the inbox, a page at a time', () => {
  it('pages closed requests with the total, keeps filters, and totals what awaits the reviewer across pages', async () => {
    // Seven requests for one model and environment: each supersedes the last, so six are closed.
    const { model } = await createTestModel(database, Array.from({ length: 7 }, () => ({})));
    for (let v = 1; v <= 7; v++) await maintainer.caller.promotions.request({ model: model.name, version: v, environment: 'staging', justification: `v${v}` });
    const closed = (offset: number) => viewer.caller.promotions.list({ status: 'closed', model: model.name, limit: 4, offset });
    const [one, two] = await Promise.all([closed(0), closed(4)]);
    expect([one.total, two.total]).toEqual([6, 6]);
    expect([...one.items, ...two.items].map((p) => [p.version, p.status])).toEqual([6, 5, 4, 3, 2, 1].map((v) => [v, 'superseded']));
    expect(await viewer.caller.promotions.list({ status: 'approved', model: model.name })).toEqual({ items: [], total: 0 });
    expect(await viewer.caller.promotions.list({ status: 'pending', model: model.name })).toMatchObject({ total: 1, items: [{ version: 7 }] });

    // Three more models with a pending request each: the reviewer can decide all of them (and the one above).
    for (let i = 0; i < 3; i++) {
      const other = await createTestModel(database, [{}]);
      await maintainer.caller.promotions.request({ model: other.model.name, version: 1, environment: 'staging', justification: 'more' });
    }
    const everything = await reviewer.caller.promotions.list({ awaitingMe: true, limit: 500 });
    const paged = [await reviewer.caller.promotions.list({ awaitingMe: true, limit: 2, offset: 0 }), await reviewer.caller.promotions.list({ awaitingMe: true, limit: 2, offset: 2 })];
    expect(everything.total).toBeGreaterThanOrEqual(4);
    expect(paged.map((p) => p.total)).toEqual([everything.total, everything.total]);
    expect(paged.flatMap((p) => p.items.map((i) => i.id))).toEqual(everything.items.slice(0, 4).map((i) => i.id));
    // The requester may not decide their own: nothing awaits them.
    expect((await maintainer.caller.promotions.list({ awaitingMe: true })).total).toBe(0);
  });

  it('puts the pending requests the viewer can decide first across pages, and refuses that order for other statuses', async () => {
    // A maintainer who also reviews may not decide the request they made: it goes after the rest.
    const both = await createTestUser(database, ['maintainer', 'reviewer']);
    const names: string[] = [];
    for (const requester of [maintainer, both, maintainer]) {
      const { model } = await createTestModel(database, [{}]);
      names.push(model.name);
      await requester.caller.promotions.request({ model: model.name, version: 1, environment: 'staging', justification: 'order' });
    }
    const all = await both.caller.promotions.list({ status: 'pending', awaitingMeFirst: true, limit: 500 });
    const decidable = new Set((await both.caller.promotions.list({ awaitingMe: true, limit: 500 })).items.map((i) => i.id));
    const flags = all.items.map((i) => decidable.has(i.id));
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a))); // every decidable one before every other
    expect(flags.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect(all.items.find((i) => i.model === names[1])!.id).not.toSatisfy((id: string) => decidable.has(id));
    const at = (model: string) => all.items.findIndex((i) => i.model === model);
    expect(at(names[2]!)).toBeLessThan(at(names[0]!)); // newest first among the decidable
    expect(at(names[0]!)).toBeLessThan(at(names[1]!)); // the viewer's own request after them
    const pages = [];
    for (let offset = 0; offset < all.total; offset += 2) pages.push(await both.caller.promotions.list({ status: 'pending', awaitingMeFirst: true, limit: 2, offset }));
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(all.items.map((i) => i.id));
    await expect(both.caller.promotions.list({ status: 'closed', awaitingMeFirst: true })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('pages the inbox; its unread count is every unread notification, not the page', async () => {
    const me = await createTestUser(database, ['reviewer']);
    // Five models with a request each (a superseded request's notice is read for you, so one model would leave one unread).
    for (let i = 0; i < 5; i++) {
      const { model } = await createTestModel(database, [{}]);
      await maintainer.caller.promotions.request({ model: model.name, version: 1, environment: 'production', justification: 'review me' });
    }
    const first = await me.caller.inbox.list({ limit: 2, offset: 0 });
    const rest = await me.caller.inbox.list({ limit: 2, offset: 2 });
    expect(first.total).toBeGreaterThanOrEqual(5);
    expect([first.items.length, first.unread, rest.total, rest.unread]).toEqual([2, first.total, first.total, first.total]);
    expect(rest.items.map((i) => i.id)).not.toContain(first.items[0]!.id);
    // Reading the second page leaves the count at everything else, as the navigation badge shows it.
    await me.caller.inbox.markRead({ ids: rest.items.map((i) => i.id) });
    expect((await me.caller.inbox.list({ limit: 2, offset: 0 })).unread).toBe(first.total - 2);
    expect(await me.caller.inbox.unreadCount()).toEqual({ unread: first.total - 2 });
    expect((await me.caller.inbox.list({ limit: 2, offset: 4, unreadOnly: true })).total).toBe(first.total - 2);
  });
});
