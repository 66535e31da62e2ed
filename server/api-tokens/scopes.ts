// Scopes a machine token can carry. Pure module shared by server and UI.
export const TOKEN_SCOPES = ['registry:read', 'registry:write', 'promotions:write', 'events:write', 'kpis:write', 'audit:read'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_DESCRIPTIONS: Record<TokenScope, string> = {
  'registry:read': 'Read models, versions and artifacts',
  'registry:write': 'Register models and versions, upload artifacts (CI)',
  'promotions:write': 'Request promotions and read their status (CD pipelines)',
  'events:write': 'Log inference events and labels (production services)',
  'kpis:write': 'Post business KPI points',
  'audit:read': 'Read and export the audit log',
};
