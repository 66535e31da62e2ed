import type { TestProject } from 'vitest/node';
import { dropDatabase } from '@/db/databases';
import { ensureLoginRole, ensureOwnedDatabase, withDatabase, withRole } from '@/db/database-roles';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { scratchServer } from '@/db/scratch-server';
import { TEST_APP_ROLE, TEST_OWNER_ROLE, TEST_ROLE_PASSWORD } from './test-roles';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server to create per-file databases on. */
    adminUrl: string;
    /** Migrated template every test file copies its own database from. */
    templateDatabase: string;
  }
}

/**
 * One migrated template database per test run, dropped afterwards: on TEST_DATABASE_URL/DATABASE_URL's
 * server when set, else on an embedded PostgreSQL started for the run. Set up as a deployment
 * is: owned and migrated by the owner role, which grants the app role what the app needs.
 */
export default async function setup(project: TestProject) {
  const server = await scratchServer('test');
  const adminUrl = server.adminUrl;
  const name = `vigil_tpl_${Date.now()}_${process.pid}`;
  await ensureLoginRole(adminUrl, TEST_OWNER_ROLE, TEST_ROLE_PASSWORD);
  await ensureLoginRole(adminUrl, TEST_APP_ROLE, TEST_ROLE_PASSWORD);
  await ensureOwnedDatabase(adminUrl, name, TEST_OWNER_ROLE);
  const template = withDatabase(adminUrl, name);
  await prepareDatabase(withRole(template, TEST_APP_ROLE, TEST_ROLE_PASSWORD), { ownerUrl: withRole(template, TEST_OWNER_ROLE, TEST_ROLE_PASSWORD) });
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', name);
  return async () => {
    await dropDatabase(adminUrl, name);
    await server.stop();
  };
}
