import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { startEmbeddedPostgres } from './embedded';

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ScratchServer {
  /** Maintenance-database URL to create and drop throwaway databases with. */
  adminUrl: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/**
 * Where tests and benchmarks put their throwaway databases: the server of TEST_DATABASE_URL
 * (or DATABASE_URL) when set, else an embedded PostgreSQL started for this process under
 * `.vigil/<label>-pg-<pid>` and removed again by `stop()`.
 */
export async function scratchServer(label: string): Promise<ScratchServer> {
  const given = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (given) return { adminUrl: given, embedded: false, stop: async () => {} };
  const dataDir = path.join(process.cwd(), '.vigil', `${label}-pg-${process.pid}`);
  const server = await startEmbeddedPostgres(dataDir, await freePort());
  return {
    adminUrl: server.adminUrl,
    embedded: true,
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
