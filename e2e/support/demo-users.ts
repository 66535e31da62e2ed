// The accounts `npm start` seeds on an empty database (demo/seed/), as a user would type them.
export const ROLES = ['admin', 'maintainer', 'reviewer', 'auditor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface DemoUser {
  role: Role;
  email: string;
  password: string;
}

export const DEMO_USERS: readonly DemoUser[] = ROLES.map((role) => ({
  role,
  email: `${role}@vigil.local`,
  password: `vigil-demo-${role}`,
}));

export function demoUser(role: Role): DemoUser {
  return DEMO_USERS.find((user) => user.role === role)!;
}

/** A suffix that keeps names made by one run apart from another's. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
