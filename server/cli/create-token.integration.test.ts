import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase } from '@/db/client';
import { apiTokens, auditEvents, users } from '@/db/schema';
import { authenticateBearer } from '@/server/api-tokens/authenticate-token';
import { systemActor } from '@/server/auth/actor';
import { createUser } from '@/server/users/users-service';
import { createTestDatabaseUrl, uniqueEmail } from '@/server/testing/test-database';
import type * as VigilCli from './vigil';

// `vigil tokens create` on the server: straight to the database named by DATABASE_URL, the
// token owned by an active admin and audited in their name, the secret printed once.

// By path: the bare specifier would resolve to vigil.mjs, the launcher that runs and exits.
const { main } = (await import(new URL('./vigil.ts', import.meta.url).href)) as typeof VigilCli;

const url = await createTestDatabaseUrl();
const database = createDatabase(url, { max: 2 });
afterAll(() => closeDatabase(database));
const env = { NODE_ENV: 'test', DATABASE_URL: url } as NodeJS.ProcessEnv;

async function vigil(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await main(args, env, (line: string) => lines.push(line));
  return { code, lines };
}

const tokenCount = async () => (await database.select({ id: apiTokens.id }).from(apiTokens)).length;
const addUser = async (label: string, roles: ('admin' | 'viewer')[]) =>
  (await createUser(database, systemActor('test'), { email: uniqueEmail(label), name: label, roles, password: 'correct horse battery' })).user;

describe('vigil tokens create', () => {
  it('refuses while there is no admin, and on a bad scope, name or expiry, creating nothing', async () => {
    await expect(vigil('tokens', 'create', '--name', 'ci', '--scope', 'registry:write')).rejects.toThrow('This Vigil has no active admin to own the token.');
    await expect(vigil('tokens', 'create', '--name', 'ci', '--scope', 'registry:delete')).rejects.toThrow(/--scope is one of .*registry:write.*, not 'registry:delete'\./);
    await expect(vigil('tokens', 'create', '--name', 'ci')).rejects.toThrow(/Give at least one --scope/);
    await expect(vigil('tokens', 'create', '--name', 'ci', '--scope', 'registry:write', '--expires-days', '1.5')).rejects.toThrow("--expires-days is a whole number of days, not '1.5'.");
    await expect(main(['tokens', 'create', '--name', 'ci', '--scope', 'registry:write'], { NODE_ENV: 'test' }, () => {})).rejects.toThrow(/Missing DATABASE_URL/);
    await addUser('admin', ['admin']);
    await expect(vigil('tokens', 'create', '--name', 'ci', '--scope', 'registry:write', '--expires-days', '9999')).rejects.toThrow(/expiresInDays: /);
    expect(await tokenCount()).toBe(0);
  });

  it('creates the token for the earliest active admin, audited in their name, and prints the secret once', async () => {
    const [first] = await database.select().from(users);
    await database.update(users).set({ active: false }).where(eq(users.id, first!.id));
    const admin = await addUser('second-admin', ['admin']);
    const viewer = await addUser('viewer', ['viewer']);
    await addUser('later-admin', ['admin']);

    const created = await vigil('tokens', 'create', '--name', 'github-actions', '--scope', 'registry:write', '--scope', 'registry:read', '--expires-days', '90');
    expect(created.code).toBe(0);
    expect(created.lines[0]).toMatch(new RegExp(`^Created token 'github-actions' \\(vgl_\\w+…\\) for ${admin.email}, scopes registry:read, registry:write, expires \\d{4}-\\d{2}-\\d{2}\\.$`));
    const secret = created.lines[2]!;
    const actor = await authenticateBearer(database, `Bearer ${secret}`, 'registry:write', { ip: null, userAgent: null });
    expect(actor).toMatchObject({ type: 'token', label: 'token:github-actions' });
    const [row] = await database.select().from(apiTokens);
    expect(row).toMatchObject({ createdBy: admin.id, scopes: ['registry:read', 'registry:write'] });
    expect(row!.secretHash).not.toContain(secret);
    const audit = await database.select().from(auditEvents).where(and(eq(auditEvents.action, 'api_token.created'), eq(auditEvents.targetId, row!.id)));
    expect(audit).toMatchObject([{ actorType: 'user', actorId: admin.id, actorLabel: admin.email }]);

    await expect(vigil('tokens', 'create', '--name', 'x', '--scope', 'kpis:write', '--owner', viewer.email)).rejects.toThrow(`${viewer.email} is not an admin of this Vigil.`);
    await expect(vigil('tokens', 'create', '--name', 'x', '--scope', 'kpis:write', '--owner', first!.email)).rejects.toThrow(`${first!.email} is deactivated; name an active admin with --owner.`);
    expect(await tokenCount()).toBe(1);
  });

  it('makes the admin named with --owner the owner', async () => {
    const [later] = await database.select().from(users).where(eq(users.name, 'later-admin'));
    const created = await vigil('tokens', 'create', '--name', 'kpi-loader', '--scope', 'kpis:write', '--owner', later!.email.toUpperCase());
    expect(created.lines[0]).toContain(`for ${later!.email}, scopes kpis:write, no expiry.`);
    const [row] = await database.select().from(apiTokens).where(eq(apiTokens.name, 'kpi-loader'));
    expect(row?.createdBy).toBe(later!.id);
  });
});
