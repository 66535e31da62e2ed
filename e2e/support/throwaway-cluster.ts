import type { EmbeddedServer } from '../../db/embedded';

/** Starts an embedded PostgreSQL for the test run; loaded only when no server URL is given. */
export async function startThrowawayCluster(dataDir: string, port: number): Promise<EmbeddedServer> {
  const { startEmbeddedPostgres } = await import('../../db/embedded');
  return startEmbeddedPostgres(dataDir, port);
}
