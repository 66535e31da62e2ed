import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropDatabase, ensureDatabase } from '../databases';
import { startEmbeddedPostgres, type EmbeddedServer } from '../embedded';
import { migrateDatabase } from '../migrate';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Server to create per-file databases on. */
    adminUrl: string;
    /** Migrated template every test file copies its own database from. */
    templateDatabase: string;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * One migrated template database per test run, dropped afterwards: on TEST_DATABASE_URL/DATABASE_URL's
 * server when set, else on an embedded PostgreSQL started for the run.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedServer | null = null;
  let dataDir: string | null = null;
  let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = path.join(process.cwd(), '.vigil', `test-pg-${process.pid}`);
    embedded = await startEmbeddedPostgres(dataDir, await freePort());
    adminUrl = embedded.adminUrl;
  }
  const name = `vigil_tpl_${Date.now()}_${process.pid}`;
  await migrateDatabase(await ensureDatabase(adminUrl, name));
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', name);
  return async () => {
    await dropDatabase(adminUrl!, name);
    if (embedded) await embedded.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
