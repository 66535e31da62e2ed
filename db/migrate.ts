import path from 'node:path';
import type postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { grantAppRole } from './app-role-grants';
import { createDatabase, closeDatabase, type Database } from './client';
import { connectionRole, privilegeProblem } from './connection-role';

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');
const MIGRATION_LOCK = 7236591000;

export interface MigrateOptions {
  /** Runs after the migrations under the same lock (the job queues' own schema); keeps db/ free of imports from above it. */
  afterMigrate?: (url: string) => Promise<void>;
  /**
   * The schema owner's URL: it migrates, then grants the role of the app's URL what the app
   * needs (db/app-role-grants.ts). Without it the app's URL migrates itself, as before roles
   * were split, and a warning says so when that role could bypass the audit triggers.
   */
  ownerUrl?: string | null;
  /** Schemas besides public whose tables the app reads and writes (pg-boss's). */
  appSchemas?: string[];
}

/** Migrations not applied yet, decided as drizzle's migrator decides (newer than the last applied). */
async function pendingMigrations(database: Database): Promise<number> {
  const files = readMigrationFiles({ migrationsFolder });
  const rows = await database
    .execute<{ created_at: string }>(sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`)
    .catch(() => []); // no migrations table yet (or not readable): everything is pending
  const last = rows[0] ? Number(rows[0].created_at) : null;
  return files.filter((file) => last === null || last < file.folderMillis).length;
}

function refused(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '42501'; // insufficient_privilege
}

/**
 * Applies every pending migration, then `afterMigrate`, under one advisory lock, so web and
 * worker processes may start at the same time (the pool has one connection: lock and
 * migration share a session). With nothing pending the migrator is not run at all, so a
 * process connected as the least-privilege app role starts on a migrated database and
 * fails with a clear message on one that is not.
 */
export async function migrateDatabase(url: string, options: MigrateOptions = {}): Promise<void> {
  const ownerUrl = options.ownerUrl ?? url;
  const database = createDatabase(ownerUrl, { max: 1 });
  try {
    await database.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    const pending = await pendingMigrations(database);
    try {
      if (pending > 0) await migrate(database, { migrationsFolder });
      await options.afterMigrate?.(ownerUrl);
    } catch (error) {
      if (!refused(error)) throw error;
      const { name } = await connectionRole(ownerUrl);
      throw new Error(
        `The database needs migrating (${pending} pending migrations, or the job queues), and role "${name}" may not do it. ` +
          'Run `npm run db:migrate` with DATABASE_OWNER_URL set to the schema owner (docs/deploying.md#database-roles).',
        { cause: error },
      );
    }
    if (ownerUrl !== url) await grantToAppRole(database, url, options.appSchemas ?? []);
    await database.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
  } finally {
    await closeDatabase(database);
  }
  const app = await connectionRole(url);
  const problem = privilegeProblem(app);
  if (problem) {
    console.warn(
      `[vigil] WARNING: the app connects to PostgreSQL as "${app.name}", which ${problem}, so it could disable or bypass the audit log's ` +
        'append-only triggers. Migrate as an owner role (DATABASE_OWNER_URL) and point DATABASE_URL at a role that owns ' +
        'nothing (docs/deploying.md#database-roles).',
    );
  }
}

async function grantToAppRole(owner: Database, appUrl: string, appSchemas: string[]): Promise<void> {
  const [app, [me]] = await Promise.all([connectionRole(appUrl), owner.execute<{ name: string }>(sql`select current_user as name`)]);
  if (app.name === me!.name) return; // one role after all: nothing to grant
  await grantAppRole(owner.$client as postgres.Sql, app.name, appSchemas);
}
