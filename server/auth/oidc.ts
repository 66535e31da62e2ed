import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { userRoles, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import { isRole, type Role } from '@/server/rbac/permissions';
import { normalizeEmail } from '@/server/users/user-queries';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  groupsClaim: string;
  groupRoles: Map<string, Role[]>;
  defaultRoles: Role[];
}

function parseRoles(list: string): Role[] {
  return list.split('|').map((r) => r.trim()).filter(isRole);
}

/**
 * Reads the optional OIDC provider from the environment, e.g.
 * VIGIL_OIDC_GROUP_ROLES="ml-platform=admin,ml-team=maintainer|viewer,risk=reviewer".
 */
export function oidcConfigFromEnv(env: Record<string, string | undefined> = process.env): OidcConfig | null {
  const { VIGIL_OIDC_ISSUER: issuer, VIGIL_OIDC_CLIENT_ID: clientId, VIGIL_OIDC_CLIENT_SECRET: clientSecret } = env;
  if (!issuer || !clientId || !clientSecret) return null;
  const groupRoles = new Map<string, Role[]>();
  for (const pair of (env.VIGIL_OIDC_GROUP_ROLES ?? '').split(',')) {
    const [group, roles] = pair.split('=');
    if (group?.trim() && roles) groupRoles.set(group.trim(), parseRoles(roles));
  }
  return {
    issuer: issuer.replace(/\/$/, ''),
    clientId,
    clientSecret,
    name: env.VIGIL_OIDC_NAME ?? 'Single sign-on',
    groupsClaim: env.VIGIL_OIDC_GROUPS_CLAIM ?? 'groups',
    groupRoles,
    defaultRoles: parseRoles(env.VIGIL_OIDC_DEFAULT_ROLES ?? 'viewer'),
  };
}

/** Roles granted by the identity provider's groups; the default when no group maps. */
export function rolesFromGroups(config: Pick<OidcConfig, 'groupRoles' | 'defaultRoles'>, groups: unknown): Role[] {
  const names = Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [];
  const roles = new Set<Role>();
  for (const name of names) for (const role of config.groupRoles.get(name) ?? []) roles.add(role);
  return roles.size > 0 ? [...roles].sort() : [...config.defaultRoles];
}

/**
 * Creates or updates the user behind an OIDC sign-in; the identity provider owns the
 * roles of such users, so they are replaced on every sign-in. Returns null if deactivated.
 */
export async function syncOidcUser(
  database: Database,
  config: OidcConfig,
  profile: { email?: string | null; name?: string | null; groups?: unknown },
): Promise<string | null> {
  if (!profile.email) return null;
  const email = normalizeEmail(profile.email);
  const roles = rolesFromGroups(config, profile.groups);
  return database.transaction(async (tx) => {
    const [existing] = await tx.select().from(users).where(eq(users.email, email));
    if (existing && !existing.active) return null;
    const [user] = existing
      ? await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, existing.id)).returning()
      : await tx.insert(users).values({ email, name: profile.name ?? email, lastSignInAt: new Date() }).returning();
    if (!user) return null;
    await tx.delete(userRoles).where(eq(userRoles.userId, user.id));
    if (roles.length) await tx.insert(userRoles).values(roles.map((role) => ({ userId: user.id, role })));
    const origin = { ip: null, userAgent: null };
    await recordAudit(tx, { type: 'user', id: user.id, label: email, roles, origin }, {
      action: existing ? 'auth.signed_in' : 'user.created',
      target: { type: 'user', id: user.id, label: email },
      details: { method: 'oidc', roles },
    });
    return user.id;
  });
}
