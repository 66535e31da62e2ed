import { count } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { users } from '@/db/schema';
import { systemActor } from '@/server/auth/actor';
import type { Role } from '@/server/rbac/permissions';
import { createUser } from '@/server/users/users-service';

export const DEMO_USERS: { role: Role; email: string; name: string; password: string }[] = [
  { role: 'admin', email: 'admin@vigil.local', name: 'Ada Admin', password: 'vigil-demo-admin' },
  { role: 'maintainer', email: 'maintainer@vigil.local', name: 'Max Maintainer', password: 'vigil-demo-maintainer' },
  { role: 'reviewer', email: 'reviewer@vigil.local', name: 'Rita Reviewer', password: 'vigil-demo-reviewer' },
  { role: 'auditor', email: 'auditor@vigil.local', name: 'Aud Auditor', password: 'vigil-demo-auditor' },
  { role: 'viewer', email: 'viewer@vigil.local', name: 'Vic Viewer', password: 'vigil-demo-viewer' },
];

export async function hasUsers(database: Database): Promise<boolean> {
  const [row] = await database.select({ n: count() }).from(users);
  return (row?.n ?? 0) > 0;
}

export async function seedDemoUsers(database: Database): Promise<void> {
  const actor = systemActor('demo seed');
  for (const demo of DEMO_USERS) {
    await createUser(database, actor, { email: demo.email, name: demo.name, roles: [demo.role], password: demo.password });
  }
}
