import type { Role } from '@/server/rbac/permissions';
import type { TokenScope } from '@/server/rbac/permissions';

/** Where a request came from; recorded in audit events. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

/** Who performs an action. Services receive an actor that is already authorized. */
export type Actor =
  | { type: 'user'; id: string; label: string; roles: Role[]; origin: RequestOrigin }
  | { type: 'token'; id: string; label: string; scopes: TokenScope[]; origin: RequestOrigin }
  | { type: 'system'; id: null; label: string; origin: RequestOrigin };

export function systemActor(label = 'system'): Actor {
  return { type: 'system', id: null, label, origin: { ip: null, userAgent: null } };
}
