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

/**
 * Scopes a machine token can carry, in the same table: each names the permissions it stands
 * for, so a reader (and the token form) sees what a scope lets a machine do in the terms the
 * roles use. A scope is checked by each endpoint on its own: `events:write` and `kpis:write`
 * both stand for `monitoring:write`, yet neither token can call the other's endpoints.
 */
export const TOKEN_SCOPE_TABLE = {
  'registry:read': { grants: ['models:read'], description: 'Read models, versions and artifacts' },
  'registry:write': { grants: ['models:write'], description: 'Register models and versions, upload artifacts (CI)' },
  'promotions:write': { grants: ['promotions:read', 'promotions:request'], description: 'Request promotions and read their status (CD pipelines)' },
  'events:write': { grants: ['monitoring:write'], description: 'Log inference events and labels (production services)' },
  'reports:write': { grants: ['monitoring:write'], description: 'Run fairness reports on demand (scheduled jobs, notebooks)' },
  'shadow:write': { grants: ['monitoring:read', 'monitoring:write'], description: 'Start shadow runs of candidate versions and read their status and results (CI pipelines)' },
  'kpis:write': { grants: ['monitoring:write'], description: 'Post business KPI points and manage KPI definitions (batch jobs, BI exports)' },
  'audit:read': { grants: ['audit:read'], description: 'Read and export the audit log' },
} as const satisfies Record<string, { grants: readonly Permission[]; description: string }>;

export type TokenScope = keyof typeof TOKEN_SCOPE_TABLE;
export const TOKEN_SCOPES = Object.keys(TOKEN_SCOPE_TABLE) as TokenScope[];
export const SCOPE_DESCRIPTIONS = Object.fromEntries(TOKEN_SCOPES.map((scope) => [scope, TOKEN_SCOPE_TABLE[scope].description])) as Record<TokenScope, string>;

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
