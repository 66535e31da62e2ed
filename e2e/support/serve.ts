// Playwright's webServer: the app as `npm start` runs it, on a database made for this run
// and dropped afterwards. Uses TEST_DATABASE_URL (or DATABASE_URL) as the admin connection
// when set, otherwise an embedded PostgreSQL in a temporary directory.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { dropDatabase, ensureDatabase } from '../../db/databases';
import type { EmbeddedServer } from '../../db/embedded';
import { repoRoot, startApp, sweepProcessGroup, timeout, type AppProcess } from './app-process';
import { freePort } from './free-port';
import { startThrowawayCluster } from './throwaway-cluster';

// VIGIL_E2E_PORT lets two suites run side by side on one machine.
const PORT = Number(process.env.VIGIL_E2E_PORT ?? 3100);
const databaseName = `vigil_e2e_${Date.now()}`;
const log = (message: string) => console.log(`[e2e-serve] ${message}`);

let adminUrl: string | null = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null;
let embedded: EmbeddedServer | null = null;
let embeddedDir: string | null = null;
let app: AppProcess | null = null;

let stopping = false;
async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  if (app) {
    if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGTERM');
    if ((await timeout(app.exited, 30_000)) === 'timeout') log('the app did not stop within 30 s; killing it');
    await sweepProcessGroup(app);
  }
  if (embedded) {
    // The whole cluster goes away, so there is nothing to drop. Its postgres may already
    // have stopped on a signal sent to our whole process group: do not wait forever.
    await timeout(embedded.stop().catch(() => {}), 10_000);
  } else if (adminUrl) {
    await dropDatabase(adminUrl, databaseName).then(
      () => log(`database ${databaseName} dropped`),
      (error: Error) => log(`could not drop ${databaseName}: ${error.message}`),
    );
  }
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
  process.exit(exitCode);
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

try {
  if (!existsSync(path.join(repoRoot, '.next/BUILD_ID'))) log('no production build yet: the launcher builds it first (about a minute)');
  if (!adminUrl) {
    embeddedDir = path.join(repoRoot, '.vigil', `e2e-pg-${process.pid}`);
    const pgPort = await freePort();
    log(`starting embedded PostgreSQL on port ${pgPort} in ${embeddedDir}`);
    embedded = await startThrowawayCluster(embeddedDir, pgPort);
    adminUrl = embedded.adminUrl;
  }
  const databaseUrl = await ensureDatabase(adminUrl, databaseName);
  log(`database ${databaseName} created`);
  if (!stopping) {
    app = startApp({
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      VIGIL_DATA_DIR: path.join(repoRoot, '.vigil', 'e2e'),
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
    });
    void app.exited.then((code) => {
      if (stopping) return;
      log(`the app exited on its own (${String(code)}); cleaning up`);
      void stop(1);
    });
  }
} catch (error) {
  log(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}
