// The single permission table: the server enforces it, the UI reads it to show or hide.
// Pure module, safe to import from client components.

export const ROLES = ['admin', 'maintainer', 'reviewer', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  maintainer: 'Maintainer',
  reviewer: 'Reviewer',
  auditor: 'Auditor',
  viewer: 'Viewer',
};

const EVERYONE: readonly Role[] = ROLES;

export const PERMISSIONS = {
  'portal:view': EVERYONE,
  'models:read': EVERYONE,
  'models:write': ['admin', 'maintainer'],
  'monitoring:read': EVERYONE,
  'monitoring:write': ['admin', 'maintainer'],
  'promotions:read': EVERYONE,
  'promotions:request': ['admin', 'maintainer'],
  /** Only reviewers decide; admins may override failing gates or roll back in an emergency, never approve as such. */
  'promotions:decide': ['reviewer'],
  'promotions:override': ['admin'],
  'policies:manage': ['admin'],
  'webhooks:read': ['admin'],
  'webhooks:manage': ['admin'],
  'users:read': ['admin'],
  'users:manage': ['admin'],
  'api-tokens:read': ['admin'],
  'api-tokens:manage': ['admin'],
  'audit:read': ['admin', 'auditor'],
  'system:read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}

export function can(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
