import type { TestProject } from 'vitest/node';
import { dropDatabase, ensureDatabase } from '@/db/databases';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { scratchServer } from '@/db/scratch-server';

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
 * server when set, else on an embedded PostgreSQL started for the run.
 */
export default async function setup(project: TestProject) {
  const server = await scratchServer('test');
  const adminUrl = server.adminUrl;
  const name = `vigil_tpl_${Date.now()}_${process.pid}`;
  await prepareDatabase(await ensureDatabase(adminUrl, name));
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', name);
  return async () => {
    await dropDatabase(adminUrl, name);
    await server.stop();
  };
}
