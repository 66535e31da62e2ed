import path from 'node:path';
import { ensureDatabase } from '@/db/databases';
import { startEmbeddedPostgres, type EmbeddedServer } from '@/db/embedded';
import { dataDir } from '@/server/config/data-dir';

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under the data directory. */
export async function resolveDatabase(): Promise<{ url: string; embedded: EmbeddedServer | null }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null };
  const port = Number(process.env.VIGIL_PG_PORT ?? 54329);
  console.log(`[vigil] starting embedded PostgreSQL on port ${port} (data in ${path.join(dataDir(), 'pg')})…`);
  const embedded = await startEmbeddedPostgres(path.join(dataDir(), 'pg'), port);
  const url = await ensureDatabase(embedded.adminUrl, 'vigil');
  return { url, embedded };
}
