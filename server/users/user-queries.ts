import { asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import { userRoles, users } from '@/db/schema';
import { isRole, type Role } from '@/server/rbac/permissions';
import type { ListWindow } from '@/server/validation/input-primitives';

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  active: boolean;
  roles: Role[];
  createdAt: Date;
  lastSignInAt: Date | null;
  /** Holds a one-time password from an admin: must choose their own before anything else. */
  mustChangePassword: boolean;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

async function rolesByUser(executor: Executor, ids: string[]): Promise<Map<string, Role[]>> {
  const map = new Map<string, Role[]>();
  if (ids.length === 0) return map;
  const rows = await executor.select().from(userRoles).where(inArray(userRoles.userId, ids)).orderBy(asc(userRoles.role));
  for (const row of rows) {
    if (!isRole(row.role)) continue;
    map.set(row.userId, [...(map.get(row.userId) ?? []), row.role]);
  }
  return map;
}

function summarize(row: typeof users.$inferSelect, roles: Role[]): UserSummary {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    active: row.active,
    roles,
    createdAt: row.createdAt,
    lastSignInAt: row.lastSignInAt,
    mustChangePassword: row.mustChangePassword,
  };
}

export async function findUserById(executor: Executor, id: string): Promise<UserSummary | null> {
  const [row] = await executor.select().from(users).where(eq(users.id, id));
  if (!row) return null;
  return summarize(row, (await rolesByUser(executor, [row.id])).get(row.id) ?? []);
}

/** The signed-in user as of this request; roles are read fresh so revocations apply at once. */
export async function loadActiveUser(executor: Executor, id: string): Promise<UserSummary | null> {
  const user = await findUserById(executor, id);
  return user?.active ? user : null;
}

/** By email; `window` pages through them (every one, up to 500, without it). */
export async function listUsers(executor: Executor, window: ListWindow = {}): Promise<UserSummary[]> {
  const rows = await executor.select().from(users).orderBy(asc(users.email)).limit(window.limit ?? 500).offset(window.offset ?? 0);
  const roles = await rolesByUser(executor, rows.map((r) => r.id));
  return rows.map((row) => summarize(row, roles.get(row.id) ?? []));
}

export async function findCredentials(executor: Executor, email: string) {
  const [row] = await executor
    .select({ id: users.id, email: users.email, name: users.name, active: users.active, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)));
  return row ?? null;
}
