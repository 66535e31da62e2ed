import { beforeAll, describe, expect, it } from 'vitest';
import { releases } from '@/db/schema';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { createTestModel, createTestUser, statusOf, type TestUser } from '@/server/approvals/approvals-test-kit';
import { systemActor } from '@/server/auth/actor';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { listReleases } from './release-queries';
import { listReleasesEndpoint } from './registry-api';

// The model page's release list and GET /api/v1/releases, a page at a time with the total.

const database = await createDefaultTestDatabase();
const T0 = Date.parse('2026-02-01T00:00:00Z');

let viewer: TestUser;
beforeAll(async () => {
  viewer = await createTestUser(database, ['viewer']);
});

/** `count` releases of a fresh model an hour apart (tag r0 oldest), the first linked to v1. */
async function modelWithReleases(count: number) {
  const { model, versions } = await createTestModel(database, [{}]);
  await database.insert(releases).values(
    Array.from({ length: count }, (_, i) => ({ modelId: model.id, versionId: i === 0 ? versions[0]!.id : null, source: 'ci' as const, kind: 'release', tag: `r${i}`, reportedAt: new Date(T0 + i * 3_600_000) })),
  );
  return model;
}

describe('releases, a page at a time', () => {
  it('pages newest first with the total of the model, rows of other models apart', async () => {
    const model = await modelWithReleases(45);
    await modelWithReleases(3);
    const page = (offset: number) => listReleases(database, { model: model.name, limit: 20, offset });
    const [one, two, three, past] = await Promise.all([page(0), page(20), page(40), page(60)]);
    expect([one.total, two.total, three.total, past.total]).toEqual([45, 45, 45, 45]);
    expect([...one.releases, ...two.releases, ...three.releases].map((r) => r.tag)).toEqual(Array.from({ length: 45 }, (_, i) => `r${44 - i}`));
    expect(past.releases).toEqual([]);
    expect(three.releases.at(-1)).toMatchObject({ tag: 'r0', model: model.name, version: 1 });
    expect(one.releases[0]).toMatchObject({ tag: 'r44', version: null });
    expect((await listReleases(database, { limit: 500, offset: 0 })).total).toBe(48);
  });

  it('answers through tRPC (models.releases) and REST (limit, offset, total); refuses bad paging', async () => {
    const model = await modelWithReleases(7);
    expect(await viewer.caller.models.releases({ model: model.name, limit: 5, offset: 5 })).toMatchObject({ total: 7, releases: [{ tag: 'r1' }, { tag: 'r0', version: 1 }] });
    expect(await statusOf(viewer.caller.models.releases({ model: model.name, offset: 100_001 }))).toBe(400);

    const token = (await createToken(database, systemActor('test'), { name: 'reader', scopes: ['registry:read'] })).secret;
    const rest = (query: Record<string, string>) => callEndpoint(listReleasesEndpoint, { token, query });
    const page = await rest({ model: model.name, limit: '5', offset: '5' });
    expect(page).toMatchObject({ status: 200, json: { total: 7, releases: [{ tag: 'r1', version: null }, { tag: 'r0', version: 1, model: model.name }] } });
    expect((await rest({ model: model.name, offset: '-1' })).status).toBe(400);
    expect((await rest({ model: model.name, limit: '0' })).status).toBe(400);
  });
});
