import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '@/db/schema';
import { createTestDatabase, uniqueEmail } from '@/server/testing/test-database';
import { systemActor, type Actor } from '@/server/auth/actor';
import { verifyPassword } from '@/server/users/password';
import { AppError } from '@/server/errors/app-error';
import { loadActiveUser } from './user-queries';
import { createUser, setUserActive, setUserRoles } from './users-service';

const database = await createTestDatabase();
const seed = systemActor('test');

async function auditCount(action: string): Promise<number> {
  const [row] = await database.execute<{ n: string }>(sql`select count(*) as n from audit_events where action = ${action}`);
  return Number(row!.n);
}

async function expectAppError(promise: Promise<unknown>, code: AppError['code'], message: RegExp) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(message);
}

const { user: admin } = await createUser(database, seed, { email: uniqueEmail('admin'), name: 'Admin', roles: ['admin'], password: 'correct horse battery' });
const adminActor: Actor = { type: 'user', id: admin.id, label: admin.email, roles: ['admin'], origin: { ip: '10.0.0.1', userAgent: 'test' } };

describe('users service', () => {
  it('creates a user with a hashed password and audits it', async () => {
    const before = await auditCount('user.created');
    const email = uniqueEmail('Mixed.Case').toUpperCase();
    const { user, oneTimePassword } = await createUser(database, adminActor, { email, name: 'Grace', roles: ['viewer', 'reviewer'] });
    expect(user.email).toBe(email.toLowerCase());
    expect(user.roles).toEqual(['reviewer', 'viewer']);
    expect(oneTimePassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const [row] = await database.select().from(users).where(eq(users.id, user.id));
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row!.passwordHash, oneTimePassword!)).toBe(true);
    expect(await auditCount('user.created')).toBe(before + 1);
  });

  it('refuses a duplicate email and writes nothing', async () => {
    const email = uniqueEmail('dup');
    await createUser(database, adminActor, { email, name: 'First', roles: ['viewer'] });
    const before = await auditCount('user.created');
    await expectAppError(createUser(database, adminActor, { email: email.toUpperCase(), name: 'Second', roles: ['admin'] }), 'conflict', /already exists/);
    expect(await auditCount('user.created')).toBe(before);
  });

  it('changes roles with before/after in the audit log, effective on the next request', async () => {
    const { user } = await createUser(database, adminActor, { email: uniqueEmail('roles'), name: 'R', roles: ['viewer'] });
    await setUserRoles(database, adminActor, { userId: user.id, roles: ['auditor', 'maintainer'] });
    expect((await loadActiveUser(database, user.id))!.roles).toEqual(['auditor', 'maintainer']);
    const [event] = await database.execute<{ body: string }>(
      sql`select body from audit_events where action = 'user.roles_changed' and target_id = ${user.id}`,
    );
    expect(JSON.parse(event!.body)).toMatchObject({ before: { roles: ['viewer'] }, after: { roles: ['auditor', 'maintainer'] }, context: { ip: '10.0.0.1' } });
  });

  it('deactivation makes the session user disappear at once, and can be undone', async () => {
    const { user } = await createUser(database, adminActor, { email: uniqueEmail('leaver'), name: 'L', roles: ['viewer'] });
    await setUserActive(database, adminActor, { userId: user.id, active: false });
    expect(await loadActiveUser(database, user.id)).toBeNull();
    await setUserActive(database, adminActor, { userId: user.id, active: true });
    expect(await loadActiveUser(database, user.id)).not.toBeNull();
    expect(await auditCount('user.deactivated')).toBeGreaterThanOrEqual(1);
  });

  it('keeps at least one active admin and never lets admins deactivate themselves', async () => {
    await expectAppError(setUserActive(database, adminActor, { userId: admin.id, active: false }), 'conflict', /your own account/);
    await expectAppError(setUserRoles(database, adminActor, { userId: admin.id, roles: ['viewer'] }), 'conflict', /at least one active admin/);
    expect((await loadActiveUser(database, admin.id))!.roles).toEqual(['admin']);
  });

  it('answers not found for an unknown user', async () => {
    await expectAppError(setUserRoles(database, adminActor, { userId: '00000000-0000-4000-8000-000000000001', roles: ['viewer'] }), 'not_found', /No such user/);
  });
});
