import type { Database } from '../client';
import { DEMO_USERS, hasUsers, seedDemoUsers } from './demo-users';
import { seedDemoRegistry } from './demo-registry';

export { DEMO_USERS } from './demo-users';

/**
 * Seeds the demo on an empty database (no users yet) through the same services the UI and
 * CI use, so every seeded change is audited too. Returns whether it seeded.
 */
export async function seedDemo(database: Database): Promise<boolean> {
  if (await hasUsers(database)) return false;
  await seedDemoUsers(database);
  await seedDemoRegistry(database, DEMO_USERS.find((u) => u.role === 'maintainer')!.email);
  return true;
}
