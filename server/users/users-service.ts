import { and, eq, ne } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, Executor } from '@/db/client';
import { userRoles, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { generatePassword, hashPassword } from '@/server/users/password';
import { AppError } from '@/server/errors/app-error';
import type { Role } from '@/server/rbac/permissions';
import { findUserById, normalizeEmail, type UserSummary } from './user-queries';
import { endUserSessions } from './user-sessions';
import type { createUserSchema, setActiveSchema, setRolesSchema } from './user-schemas';

export async function createUser(
  database: Database,
  actor: Actor,
  input: z.infer<typeof createUserSchema>,
): Promise<{ user: UserSummary; oneTimePassword: string | null }> {
  const email = normalizeEmail(input.email);
  // A generated password is known to the admin who passes it on: the user must replace it.
  const oneTimePassword = input.password ? null : generatePassword();
  const passwordHash = await hashPassword(input.password ?? oneTimePassword!);
  const roles = [...new Set(input.roles)].sort();
  const id = await database.transaction(async (tx) => {
    const [row] = await tx.insert(users).values({ email, name: input.name, passwordHash, mustChangePassword: oneTimePassword !== null }).onConflictDoNothing().returning({ id: users.id });
    if (!row) throw new AppError('conflict', `A user with the email ${email} already exists.`);
    await tx.insert(userRoles).values(roles.map((role) => ({ userId: row.id, role })));
    await recordAudit(tx, actor, {
      action: 'user.created',
      target: { type: 'user', id: row.id, label: email },
      after: { email, name: input.name, roles, active: true, mustChangePassword: oneTimePassword !== null },
    });
    return row.id;
  });
  return { user: (await findUserById(database, id))!, oneTimePassword };
}

export async function requireUser(executor: Executor, userId: string): Promise<UserSummary> {
  const user = await findUserById(executor, userId);
  if (!user) throw new AppError('not_found', 'No such user.');
  return user;
}

// Lock the admin role rows so two admins demoting each other at once cannot both succeed.
async function otherActiveAdmins(executor: Executor, userId: string): Promise<number> {
  const rows = await executor
    .select({ id: users.id })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, 'admin'), eq(users.active, true), ne(users.id, userId)))
    .for('update');
  return rows.length;
}

export async function setUserRoles(database: Database, actor: Actor, input: z.infer<typeof setRolesSchema>): Promise<UserSummary> {
  const roles = [...new Set(input.roles)].sort() as Role[];
  await database.transaction(async (tx) => {
    const before = await requireUser(tx, input.userId);
    if (before.roles.includes('admin') && !roles.includes('admin') && (await otherActiveAdmins(tx, input.userId)) === 0) {
      throw new AppError('conflict', 'Vigil needs at least one active admin; grant admin to someone else first.');
    }
    await tx.delete(userRoles).where(eq(userRoles.userId, input.userId));
    await tx.insert(userRoles).values(roles.map((role) => ({ userId: input.userId, role })));
    await recordAudit(tx, actor, {
      action: 'user.roles_changed',
      target: { type: 'user', id: before.id, label: before.email },
      before: { roles: before.roles },
      after: { roles },
    });
  });
  return requireUser(database, input.userId);
}

export async function setUserActive(database: Database, actor: Actor, input: z.infer<typeof setActiveSchema>): Promise<UserSummary> {
  if (!input.active && actor.id === input.userId) throw new AppError('conflict', 'You cannot deactivate your own account.');
  await database.transaction(async (tx) => {
    const before = await requireUser(tx, input.userId);
    if (before.active === input.active) return;
    if (!input.active && before.roles.includes('admin') && (await otherActiveAdmins(tx, input.userId)) === 0) {
      throw new AppError('conflict', 'Vigil needs at least one active admin.');
    }
    await tx
      .update(users)
      .set({ active: input.active, deactivatedAt: input.active ? null : new Date() })
      .where(eq(users.id, input.userId));
    // Ended, not just refused while inactive: reactivating must not revive old cookies.
    if (!input.active) await endUserSessions(tx, input.userId);
    await recordAudit(tx, actor, {
      action: input.active ? 'user.reactivated' : 'user.deactivated',
      target: { type: 'user', id: before.id, label: before.email },
      before: { active: before.active },
      after: { active: input.active },
    });
  });
  return requireUser(database, input.userId);
}
