import { beforeAll, describe, expect, it } from 'vitest';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import { systemActor } from '@/server/auth/actor';
import { API_ENDPOINTS } from '@/server/openapi/api-catalog';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { createPromotionEndpoint, getAliasEndpoint, getPromotionEndpoint, listDeploymentsEndpoint } from './approvals-api';
import { auditActions, createTestModel, createTestUser, statusOf, type TestUser } from './approvals-test-kit';

const database = await createDefaultTestDatabase();

let cd = '';
let reader = '';
let r1: TestUser;
let r2: TestUser;

beforeAll(async () => {
  cd = (await createToken(database, systemActor('test'), { name: 'cd', scopes: ['promotions:write'] })).secret;
  reader = (await createToken(database, systemActor('test'), { name: 'serving', scopes: ['registry:read'] })).secret;
  r1 = await createTestUser(database, ['reviewer']);
  r2 = await createTestUser(database, ['reviewer']);
});

describe('promotions REST API', () => {
  it('lets a CD token request a promotion and poll it; reviewers approve in the portal; the alias endpoint then answers', async () => {
    const { model, versions } = await createTestModel(database, [{}]);
    const alias = { params: { name: model.name, env: 'production' }, path: `/models/${model.name}/aliases/production`, token: reader };
    expect(await callEndpoint(getAliasEndpoint, alias)).toMatchObject({ status: 404, json: { code: 'not_found' } });

    const created = await callEndpoint(createPromotionEndpoint, { token: cd, json: { model: model.name, version: 1, environment: 'production', justification: 'CD pipeline run 42' } });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ status: 'pending', kind: 'promotion', requestedBy: 'token:cd', approvals: { count: 0, required: 2 }, url: expect.stringMatching(/^http:\/\/vigil\.test\/promotions\//) });
    const id = created.json.id as string;
    expect(await auditActions(database, id)).toEqual(['promotion.requested', 'promotion.gates_evaluated']);

    const polled = await callEndpoint(getPromotionEndpoint, { params: { id }, path: `/promotions/${id}`, token: cd });
    expect(polled).toMatchObject({ status: 200, json: { id, status: 'pending', deployment: null } });
    expect((polled.json.gates as unknown[]).length).toBe(5);

    await r1.caller.promotions.approve({ id });
    await r2.caller.promotions.approve({ id });
    const done = await callEndpoint(getPromotionEndpoint, { params: { id }, path: `/promotions/${id}`, token: cd });
    expect(done.json).toMatchObject({ status: 'approved', approvals: { count: 2, missing: 0 }, deployment: { version: 1, environment: 'production', current: true } });
    expect((done.json.decisions as { reviewer: string }[]).map((d) => d.reviewer)).toEqual([r1.email, r2.email]);

    const served = await callEndpoint(getAliasEndpoint, alias);
    expect(served).toMatchObject({ status: 200, json: { model: model.name, environment: 'production', version: 1, artifactSha256: versions[0]!.artifactSha256 } });
    expect(served.json.deploymentId).toBe((done.json.deployment as { id: string }).id);

    const timeline = await callEndpoint(listDeploymentsEndpoint, { params: { name: model.name }, path: `/models/${model.name}/deployments`, token: reader, query: { environment: 'production' } });
    expect(timeline).toMatchObject({ status: 200, json: { model: model.name, deployments: [{ version: 1, kind: 'promotion', requestedBy: 'token:cd', approvedBy: [r1.email, r2.email] }] } });
  });

  it('refuses an invalid version (422), a token without the scope (403), no token (401) and a malformed body (400)', async () => {
    const { model } = await createTestModel(database, [{ status: 'invalid', statusReason: 'not ONNX' }]);
    const body = { model: model.name, version: 1, environment: 'production', justification: 'x' };
    expect(await callEndpoint(createPromotionEndpoint, { token: cd, json: body })).toMatchObject({ status: 422, json: { code: 'unprocessable' } });
    expect((await callEndpoint(createPromotionEndpoint, { token: reader, json: body })).status).toBe(403);
    expect((await callEndpoint(createPromotionEndpoint, { json: body })).status).toBe(401);
    expect((await callEndpoint(createPromotionEndpoint, { token: cd, json: { model: model.name } })).status).toBe(400);
    expect((await callEndpoint(getPromotionEndpoint, { params: { id: '00000000-0000-4000-8000-000000000000' }, path: '/promotions/00000000-0000-4000-8000-000000000000', token: cd })).status).toBe(404);
    expect((await callEndpoint(getAliasEndpoint, { params: { name: model.name, env: 'qa' }, path: `/models/${model.name}/aliases/qa`, token: reader })).status).toBe(404);
  });

  it('a request made by a token is approved by reviewers only; nobody can approve as the token', async () => {
    const { model } = await createTestModel(database, [{}]);
    const created = await callEndpoint(createPromotionEndpoint, { token: cd, json: { model: model.name, version: 1, environment: 'staging', justification: 'CD' } });
    const admin = await createTestUser(database, ['admin']);
    expect(await statusOf(admin.caller.promotions.approve({ id: created.json.id as string }))).toBe(403);
    // An admin may cancel a token's request (a token has no session to cancel with).
    expect((await admin.caller.promotions.cancel({ id: created.json.id as string })).status).toBe('cancelled');
  });

  it('is in the OpenAPI catalog', () => {
    const ids = API_ENDPOINTS.map((e) => e.spec.operationId);
    expect(ids).toEqual(expect.arrayContaining(['createPromotion', 'getPromotion', 'getAlias', 'listDeployments']));
  });
});
