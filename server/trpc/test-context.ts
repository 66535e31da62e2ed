import type { Database } from '@/db/client';
import type { Role } from '@/server/rbac/permissions';
import type { UserSummary } from '@/server/users/user-queries';
import { buildContext } from './context';

/** A context as a same-origin browser request from `user` would produce. */
export function contextFor(database: Database, user: UserSummary | null, headers: Record<string, string> = {}) {
  return buildContext(database, user, new Headers({ host: 'vigil.test', origin: 'http://vigil.test', ...headers }));
}

export function fakeUser(roles: Role[], id = '00000000-0000-4000-8000-000000000000'): UserSummary {
  return { id, email: `${roles.join('-') || 'nobody'}@vigil.test`, name: 'Test User', active: true, roles, createdAt: new Date(), lastSignInAt: null, mustChangePassword: false };
}
