import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { apiTokens } from '@/db/schema';
import { createTestDatabase } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { errorResponse } from '@/server/rest/json-error';
import { listWindowSchema, MAX_LIST_OFFSET } from '@/server/validation/input-primitives';
import { createToken, listTokens, revokeToken } from './api-tokens-service';
import { authenticateBearer } from './authenticate-token';

const database = await createTestDatabase();
const actor = systemActor('test');
const origin = { ip: null, userAgent: null };

async function failure(authorization: string | null, scope: 'audit:read' | 'events:write' = 'audit:read') {
  const error = await authenticateBearer(database, authorization, scope, origin).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  const response = errorResponse(error);
  return { status: response.status, body: (await response.json()) as { code: string; message: string } };
}

describe('API tokens', () => {
  it('pages the list newest first by limit and offset, pages never overlapping, the window bounded', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await createToken(database, actor, { name, scopes: ['audit:read'] });
    const all = (await listTokens(database)).map((t) => t.id);
    const first = (await listTokens(database, { limit: 2, offset: 0 })).map((t) => t.id);
    const second = (await listTokens(database, { limit: 2, offset: 2 })).map((t) => t.id);
    expect(first).toEqual(all.slice(0, 2));
    expect(second).toEqual(all.slice(2, 4));
    expect(listWindowSchema.safeParse({ limit: 501 }).success).toBe(false);
    expect(listWindowSchema.safeParse({ offset: -1 }).success).toBe(false);
    expect(listWindowSchema.safeParse({ offset: MAX_LIST_OFFSET + 1 }).success).toBe(false);
  });

  it('shows the secret once and stores only its hash', async () => {
    const token = await createToken(database, actor, { name: 'ci', scopes: ['audit:read', 'registry:write'] });
    expect(token.secret).toMatch(/^vgl_[A-Za-z0-9_-]{32}$/);
    const [row] = await database.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(JSON.stringify(row)).not.toContain(token.secret);
    expect(row!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await listTokens(database)).find((t) => t.id === token.id)).not.toHaveProperty('secret');
    const audit = await database.execute<{ body: string }>(sql`select body from audit_events where action = 'api_token.created' and target_id = ${token.id}`);
    expect(audit[0]!.body).not.toContain(token.secret);
  });

  it('authenticates a bearer token with the scope and records last use', async () => {
    const token = await createToken(database, actor, { name: 'auditor-cli', scopes: ['audit:read'] });
    const tokenActor = await authenticateBearer(database, `Bearer ${token.secret}`, 'audit:read', origin);
    expect(tokenActor).toMatchObject({ type: 'token', id: token.id, label: 'token:auditor-cli', scopes: ['audit:read'] });
    const [row] = await database.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row!.lastUsedAt).not.toBeNull();
  });

  it('answers 401 for missing, malformed and unknown tokens', async () => {
    expect(await failure(null)).toEqual({ status: 401, body: { code: 'unauthorized', message: expect.stringContaining('Bearer') } });
    expect((await failure('Bearer not-a-token')).body.message).toMatch(/malformed/);
    expect((await failure('Basic dXNlcjpwYXNz')).status).toBe(401);
    expect((await failure(`Bearer vgl_${'A'.repeat(32)}`)).body.message).toMatch(/not recognised/);
  });

  it('answers 401 for revoked and expired tokens, 403 for a missing scope', async () => {
    const revoked = await createToken(database, actor, { name: 'old', scopes: ['audit:read'] });
    await revokeToken(database, actor, { tokenId: revoked.id });
    expect((await failure(`Bearer ${revoked.secret}`)).body.message).toMatch(/revoked/);

    const expiring = await createToken(database, actor, { name: 'short', scopes: ['audit:read'], expiresInDays: 1 });
    await database.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expiring.id));
    expect((await failure(`Bearer ${expiring.secret}`)).body.message).toMatch(/expired/);

    const narrow = await createToken(database, actor, { name: 'narrow', scopes: ['audit:read'] });
    expect(await failure(`Bearer ${narrow.secret}`, 'events:write')).toEqual({
      status: 403,
      body: { code: 'forbidden', message: 'This token lacks the events:write scope.' },
    });
  });

  it('revoking twice is a conflict and unknown ids are not found', async () => {
    const token = await createToken(database, actor, { name: 'twice', scopes: ['audit:read'] });
    await revokeToken(database, actor, { tokenId: token.id });
    await expect(revokeToken(database, actor, { tokenId: token.id })).rejects.toMatchObject({ code: 'conflict' });
    await expect(revokeToken(database, actor, { tokenId: '00000000-0000-4000-8000-000000000009' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
