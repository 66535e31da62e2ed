import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { userRoles, users } from '@/db/schema';
import { createTokenSchema } from '@/server/api-tokens/api-token-schemas';
import { createToken } from '@/server/api-tokens/api-tokens-service';
import type { Actor } from '@/server/auth/actor';
import { isRole } from '@/server/rbac/permissions';

// `vigil tokens create`, run on the server with DATABASE_URL: the first CI token, before anyone
// has a token to call the API with. The token is created by an active admin, as if from the
// Administration page, so its audit event names a person; the shell user is the admin's word.

/** An invalid token, no active admin to own it, or the one named is not one; nothing is created. */
export class ServerTokenError extends Error {}

export interface ServerTokenOptions {
  name: string;
  scopes: string[];
  expiresInDays?: number;
  /** Email of the admin who owns the token; default the earliest active admin. */
  ownerEmail?: string;
}

async function adminActor(database: Database, ownerEmail: string | undefined): Promise<Actor> {
  const rows = await database
    .select({ id: users.id, email: users.email, active: users.active, role: userRoles.role })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(ownerEmail ? eq(users.email, ownerEmail.toLowerCase()) : eq(users.active, true), eq(userRoles.role, 'admin')))
    .orderBy(asc(users.createdAt), asc(users.email))
    .limit(1);
  const admin = rows[0];
  if (!admin) {
    throw new ServerTokenError(ownerEmail ? `${ownerEmail} is not an admin of this Vigil.` : 'This Vigil has no active admin to own the token.');
  }
  if (!admin.active) throw new ServerTokenError(`${admin.email} is deactivated; name an active admin with --owner.`);
  const roles = (await database.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, admin.id))).map((r) => r.role).filter(isRole);
  return { type: 'user', id: admin.id, label: admin.email, roles, origin: { ip: null, userAgent: 'vigil tokens create (server command line)' } };
}

/** Validated as the Administration page's form is; the secret is in the result, this once. */
export async function createTokenOnServer(database: Database, options: ServerTokenOptions) {
  const parsed = createTokenSchema.safeParse({ name: options.name, scopes: options.scopes, expiresInDays: options.expiresInDays });
  if (!parsed.success) throw new ServerTokenError(parsed.error.issues.map((i) => `${i.path.join('.') || 'token'}: ${i.message}`).join('; '));
  const input = parsed.data;
  const actor = await adminActor(database, options.ownerEmail);
  return { ...(await createToken(database, actor, input)), owner: actor.label };
}
