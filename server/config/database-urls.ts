/**
 * The two PostgreSQL connections of a deployment: DATABASE_URL, the role the app (web and
 * worker) connects as, and DATABASE_OWNER_URL, the role that owns the schema and migrates it.
 * Only `npm run db:migrate` (and `npm start`, which launches the rest) needs the owner; the
 * app processes should never hold it. Null when DATABASE_URL is unset.
 */
export function configuredDatabaseUrls(env: NodeJS.ProcessEnv = process.env): { url: string; ownerUrl: string | null } | null {
  if (!env.DATABASE_URL) return null;
  return { url: env.DATABASE_URL, ownerUrl: env.DATABASE_OWNER_URL || null };
}
