// The roles test databases are used with, as production uses them (db/app-role-grants.ts):
// the owner migrates the run's template, the app role is what tests connect as unless they
// ask for the owner (to tamper with what the app may not touch). Roles are cluster-wide, so
// these fixed names are shared by concurrent test runs: created idempotently, never dropped.
export const TEST_OWNER_ROLE = 'vigil_test_owner';
export const TEST_APP_ROLE = 'vigil_test_app';
export const TEST_ROLE_PASSWORD = 'vigil-test';

export type TestRole = 'app' | 'owner';

export function testRoleName(role: TestRole): string {
  return role === 'owner' ? TEST_OWNER_ROLE : TEST_APP_ROLE;
}
