import { and, eq, sql } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { signInAttempts, users } from '@/db/schema';
import { DEMO_USERS, seedDemoUsers } from '@/demo/seed/demo-users';
import { DEMO_SECOND_REVIEWER } from '@/demo/seed/demo-approvals';
import { createCaller } from '@/server/app-router';
import { systemActor, type Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { createTestDatabase, uniqueEmail } from '@/server/testing/test-database';
import { contextFor } from '@/server/trpc/test-context';
import { verifyPassword } from '@/server/users/password';
import { findUserById, type UserSummary } from '@/server/users/user-queries';
import { createUser } from '@/server/users/users-service';
import { authenticateWithPassword } from './authenticate';
import { changeOwnPassword, resetUserPassword } from './password-change';
import { PASSWORD_CHANGE_REQUIRED_MESSAGE } from './password-change-required';
import { LOCKOUT_POLICY } from './sign-in-limiter';

const database = await createTestDatabase();
const seed = systemActor('test');
const origin = { ip: '192.0.2.60', userAgent: 'vitest' };
const actorOf = (user: UserSummary): Actor => ({ type: 'user', id: user.id, label: user.email, roles: user.roles, origin });

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError || error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a refusal');
}

async function newcomer(roles: UserSummary['roles'] = ['viewer']) {
  const { user, oneTimePassword } = await createUser(database, seed, { email: uniqueEmail('new'), name: 'Nia', roles });
  return { user, oneTimePassword: oneTimePassword! };
}

describe('one-time passwords', () => {
  it('a generated password must be replaced; a password the admin typed, or a demo login, need not', async () => {
    const { user, oneTimePassword } = await newcomer();
    expect(user.mustChangePassword).toBe(true);
    expect(await authenticateWithPassword(database, { email: user.email, password: oneTimePassword }, origin)).toMatchObject({ id: user.id });
    const typed = await createUser(database, seed, { email: uniqueEmail('typed'), name: 'T', roles: ['viewer'], password: 'typed by the admin' });
    expect(typed.user.mustChangePassword).toBe(false);

    await seedDemoUsers(database);
    const { role, ...second } = DEMO_SECOND_REVIEWER;
    await createUser(database, seed, { ...second, roles: [role] });
    const demo = await database.select({ email: users.email, must: users.mustChangePassword }).from(users).where(sql`${users.email} like '%@vigil.local'`);
    expect(demo).toHaveLength(DEMO_USERS.length + 1);
    expect(demo.filter((row) => row.must)).toEqual([]);
  });

  it('until it is replaced, every procedure but the change refuses, saying why', async () => {
    const { user, oneTimePassword } = await newcomer(['admin']);
    const caller = createCaller(contextFor(database, user));
    expect(await failure(caller.me())).toEqual({ code: 'FORBIDDEN', message: PASSWORD_CHANGE_REQUIRED_MESSAGE });
    expect(await failure(caller.users.list())).toMatchObject({ code: 'FORBIDDEN' });

    const changed = await caller.users.changeOwnPassword({ currentPassword: oneTimePassword, newPassword: 'my very own password' });
    expect(changed.mustChangePassword).toBe(false);
    const fresh = (await findUserById(database, user.id))!;
    expect((await createCaller(contextFor(database, fresh)).me())?.id).toBe(user.id);
    expect(await authenticateWithPassword(database, { email: user.email, password: 'my very own password' }, origin)).toMatchObject({ id: user.id });
    await expect(authenticateWithPassword(database, { email: user.email, password: oneTimePassword }, origin)).rejects.toThrow(/Wrong email or password/);
    const audits = await database.execute(sql`select 1 from audit_events where action = 'user.password_changed' and target_id = ${user.id}`);
    expect(audits).toHaveLength(1);
  });

  it('the change needs the current password, a new one, and counts wrong guesses like sign-in', async () => {
    const { user, oneTimePassword } = await newcomer();
    const actor = actorOf(user);
    expect(await failure(changeOwnPassword(database, actor, { currentPassword: oneTimePassword, newPassword: oneTimePassword }, null))).toEqual({
      code: 'bad_request',
      message: 'Choose a new password that differs from the current one.',
    });
    for (let i = 0; i < LOCKOUT_POLICY.maxFailuresPerAccount; i++) {
      expect(await failure(changeOwnPassword(database, actor, { currentPassword: `guess ${i}`, newPassword: 'a new password!' }, null))).toEqual({
        code: 'bad_request',
        message: 'That is not your current password.',
      });
    }
    const counted = await database.select().from(signInAttempts).where(and(eq(signInAttempts.email, user.email), eq(signInAttempts.succeeded, false)));
    expect(counted).toHaveLength(LOCKOUT_POLICY.maxFailuresPerAccount);
    expect(await failure(changeOwnPassword(database, actor, { currentPassword: oneTimePassword, newPassword: 'a new password!' }, null))).toMatchObject({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many failed sign-in attempts\. Try again in 1[45] minutes\.$/),
    });
    expect((await findUserById(database, user.id))!.mustChangePassword).toBe(true);
  });

  it('an admin reset hands out a new one-time password that must be replaced, and is audited', async () => {
    const admin = (await createUser(database, seed, { email: uniqueEmail('admin'), name: 'A', roles: ['admin'], password: 'admin password!' })).user;
    const target = (await createUser(database, seed, { email: uniqueEmail('forgetful'), name: 'F', roles: ['viewer'], password: 'forgotten password' })).user;
    const { user, oneTimePassword } = await resetUserPassword(database, actorOf(admin), { userId: target.id });
    expect(user.mustChangePassword).toBe(true);
    const [row] = await database.select({ hash: users.passwordHash }).from(users).where(eq(users.id, target.id));
    expect(await verifyPassword(row!.hash, oneTimePassword)).toBe(true);
    expect(await verifyPassword(row!.hash, 'forgotten password')).toBe(false);
    const audits = await database.execute(sql`select 1 from audit_events where action = 'user.password_reset' and target_id = ${target.id}`);
    expect(audits).toHaveLength(1);
    // Through the router: the admin gets the password back once.
    const viaRouter = await createCaller(contextFor(database, admin)).users.resetPassword({ userId: target.id });
    expect(viaRouter.oneTimePassword).not.toBe(oneTimePassword);
  });

  it('refuses to reset your own password or that of a single-sign-on account', async () => {
    const admin = (await createUser(database, seed, { email: uniqueEmail('admin'), name: 'A', roles: ['admin'], password: 'admin password!' })).user;
    expect(await failure(resetUserPassword(database, actorOf(admin), { userId: admin.id }))).toMatchObject({ code: 'conflict', message: expect.stringMatching(/Change password/) });
    const [sso] = await database.insert(users).values({ email: uniqueEmail('sso'), name: 'S' }).returning({ id: users.id });
    expect(await failure(resetUserPassword(database, actorOf(admin), { userId: sso!.id }))).toMatchObject({ code: 'conflict', message: expect.stringMatching(/single sign-on/) });
    expect(await failure(resetUserPassword(database, actorOf(admin), { userId: '00000000-0000-4000-8000-00000000abcd' }))).toMatchObject({ code: 'not_found' });
  });
});
