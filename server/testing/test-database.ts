import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '@/db/client';
import { dropDatabase } from '@/db/databases';
import { withDatabase, withRole } from '@/db/database-roles';
import { TEST_OWNER_ROLE, TEST_ROLE_PASSWORD, testRoleName, type TestRole } from './test-roles';

/** Who a test connects as: the app's least-privilege role unless it says `owner`. */
export interface TestDatabaseOptions {
  role?: TestRole;
}

/**
 * A database of this test file's own, copied from the run's migrated template (fast) and
 * dropped when the file's tests end, so files run in parallel without seeing each other.
 * Connected as the app's role, as the web server and worker are; `{ role: 'owner' }` for a
 * test that plays an attacker with the schema owner's rights.
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  const database = createDatabase(await createTestDatabaseUrl(options), { max: 5 });
  afterAll(() => closeDatabase(database));
  return database;
}

/** Like createTestDatabase, for code that connects by URL itself (pg-boss, migrations). */
export async function createTestDatabaseUrl(options: TestDatabaseOptions = {}): Promise<string> {
  const adminUrl = inject('adminUrl');
  const name = `vigil_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${inject('templateDatabase')}" owner "${TEST_OWNER_ROLE}"`);
  } finally {
    await admin.end();
  }
  // Registered first, so it runs after the pools opened on it are closed.
  afterAll(() => dropDatabase(adminUrl, name));
  return testRoleUrl(withDatabase(adminUrl, name), options.role ?? 'app');
}

/** `url` (a test database) logging in as one of the test roles. */
export function testRoleUrl(url: string, role: TestRole): string {
  return withRole(url, testRoleName(role), TEST_ROLE_PASSWORD);
}

export function uniqueEmail(label = 'user'): string {
  return `${label}-${randomUUID().slice(0, 8)}@test.vigil`;
}

/** The PostgreSQL message behind a failed query (drizzle wraps it as the error's cause). */
export async function dbError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? cause.message : String((error as Error).message);
  }
  throw new Error('Expected the query to fail, but it succeeded');
}

/**
 * A fresh test database that is also the process default (`db()`), for code that reaches
 * the database through the shared pool, such as REST endpoint handlers.
 */
export async function createDefaultTestDatabase(options: TestDatabaseOptions = {}): Promise<Database> {
  process.env.DATABASE_URL = await createTestDatabaseUrl(options);
  const { db } = await import('@/db/client');
  const database = db();
  afterAll(() => closeDatabase(database));
  return database;
}
