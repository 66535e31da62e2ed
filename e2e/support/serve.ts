// Playwright's webServer: the app as `npm start` runs it, on a database made for this run
// and dropped afterwards. Uses TEST_DATABASE_URL (or DATABASE_URL) as the admin connection
// when set, otherwise an embedded PostgreSQL in a temporary directory.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { dropDatabase, ensureDatabase } from '../../db/databases';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../db/embedded';
import { freePort } from './free-port';

const PORT = 3100;
const root = path.resolve(import.meta.dirname, '../..');
const databaseName = `vigil_e2e_${Date.now()}`;
const log = (message: string) => console.log(`[e2e-serve] ${message}`);

let adminUrl: string | null = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null;
let embedded: EmbeddedServer | null = null;
let embeddedDir: string | null = null;
let app: ChildProcess | null = null;
let appExited: Promise<unknown> = Promise.resolve();

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);
}

let stopping = false;
async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  if (app && app.exitCode === null && app.signalCode === null) {
    app.kill('SIGTERM');
    if ((await withTimeout(appExited, 30_000)) === 'timeout') {
      log('the app did not stop within 30 s; killing it');
      app.kill('SIGKILL');
      await appExited;
    }
  }
  log('app stopped');
  if (embedded) {
    // The whole cluster goes away, so there is nothing to drop. Its postgres may already
    // have stopped on the signal that reached our process group: do not wait forever.
    await withTimeout(embedded.stop().catch(() => {}), 10_000);
  } else if (adminUrl) {
    await dropDatabase(adminUrl, databaseName).then(
      () => log(`database ${databaseName} dropped`),
      (error: Error) => log(`could not drop ${databaseName}: ${error.message}`),
    );
  }
  if (embeddedDir) await rm(embeddedDir, { recursive: true, force: true });
  process.exit(exitCode);
}
process.on('SIGTERM', () => { log('SIGTERM'); void stop(0); });
process.on('SIGINT', () => void stop(0));

try {
  if (!adminUrl) {
    embeddedDir = path.join(root, '.vigil', `e2e-pg-${process.pid}`);
    const pgPort = await freePort();
    log(`starting embedded PostgreSQL on port ${pgPort} in ${embeddedDir}`);
    embedded = await startEmbeddedPostgres(embeddedDir, pgPort);
    adminUrl = embedded.adminUrl;
  }
  const databaseUrl = await ensureDatabase(adminUrl, databaseName);
  log(`database ${databaseName} created`);
  if (stopping) await new Promise(() => {}); // a signal arrived meanwhile; stop() exits

  app = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/runtime/start.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(PORT),
      VIGIL_DATA_DIR: path.join(root, '.vigil', 'e2e'),
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
    },
  });
  const child = app;
  appExited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void appExited.then((code) => {
    if (stopping) return;
    log(`the app exited on its own (${String(code)}); cleaning up`);
    void stop(1);
  });
} catch (error) {
  log(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}
