import path from 'node:path';
import { ensureLoginRole, ensureOwnedDatabase, withDatabase, withRole } from '@/db/database-roles';
import { startEmbeddedPostgres, type EmbeddedServer } from '@/db/embedded';
import { configuredDatabaseUrls } from '@/server/config/database-urls';
import { dataDir } from '@/server/config/data-dir';
import { generatedSecret } from './secrets';

/** The embedded default's roles: the owner migrates, the app (web and worker) owns nothing. */
export const EMBEDDED_OWNER_ROLE = 'vigil_owner';
export const EMBEDDED_APP_ROLE = 'vigil_app';

export interface ResolvedDatabase {
  /** What the web server and worker connect with. */
  url: string;
  /** What migrates and grants the app role its rights; null when only DATABASE_URL is configured (it migrates itself). */
  ownerUrl: string | null;
  embedded: EmbeddedServer | null;
}

/**
 * DATABASE_URL (and DATABASE_OWNER_URL) when set; otherwise the embedded PostgreSQL under the
 * data directory, with its two roles created (idempotent, every start) and every password,
 * the superuser's included, generated once into the data directory: the cluster listens on
 * 127.0.0.1, where password authentication is what keeps other local users out.
 */
export async function resolveDatabase(): Promise<ResolvedDatabase> {
  const configured = configuredDatabaseUrls();
  if (configured) return { ...configured, embedded: null };
  const port = Number(process.env.VIGIL_PG_PORT ?? 54329);
  console.log(`[vigil] starting embedded PostgreSQL on port ${port} (data in ${path.join(dataDir(), 'pg')})…`);
  const embedded = await startEmbeddedPostgres(path.join(dataDir(), 'pg'), port, { password: generatedSecret('pg-superuser-password') });
  try {
    const ownerPassword = generatedSecret('pg-owner-password');
    const appPassword = generatedSecret('pg-app-password');
    await ensureLoginRole(embedded.adminUrl, EMBEDDED_OWNER_ROLE, ownerPassword);
    await ensureLoginRole(embedded.adminUrl, EMBEDDED_APP_ROLE, appPassword);
    await ensureOwnedDatabase(embedded.adminUrl, 'vigil', EMBEDDED_OWNER_ROLE);
    const vigil = withDatabase(embedded.adminUrl, 'vigil');
    return { url: withRole(vigil, EMBEDDED_APP_ROLE, appPassword), ownerUrl: withRole(vigil, EMBEDDED_OWNER_ROLE, ownerPassword), embedded };
  } catch (error) {
    await embedded.stop().catch(() => {});
    throw error;
  }
}
