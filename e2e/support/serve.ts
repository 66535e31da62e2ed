// Playwright's webServer: the app as `npm start` runs it, on a database made for this run
// and dropped afterwards. Uses TEST_DATABASE_URL (or DATABASE_URL) as the admin connection
// when set, otherwise an embedded PostgreSQL in a temporary directory.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { dropDatabase, ensureDatabase } from '../../db/databases';
import { startEmbeddedPostgres, type EmbeddedServer } from '../../db/embedded';
import { freePort } from './free-port';

const PORT = 3100;
const root = path.resolve(import.meta.dirname, '../..');
const log = (message: string) => console.log(`[e2e-serve] ${message}`);

const givenUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
let embedded: EmbeddedServer | null = null;
let embeddedDir: string | null = null;
let adminUrl: string;
if (givenUrl) {
  adminUrl = givenUrl;
} else {
  embeddedDir = path.join(root, '.vigil', `e2e-pg-${process.pid}`);
  const pgPort = await freePort();
  log(`starting embedded PostgreSQL on port ${pgPort} in ${embeddedDir}`);
  embedded = await startEmbeddedPostgres(embeddedDir, pgPort);
  adminUrl = embedded.adminUrl;
}

const databaseName = `vigil_e2e_${Date.now()}`;
const databaseUrl = await ensureDatabase(adminUrl, databaseName);
log(`database ${databaseName} created`);

const { DATABASE_URL: _ignored, ...inherited } = process.env;
const app = spawn(path.join(root, 'node_modules/.bin/tsx'), ['server/runtime/start.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...inherited,
    DATABASE_URL: databaseUrl,
    PORT: String(PORT),
    VIGIL_DATA_DIR: path.join(root, '.vigil', 'e2e'),
    NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
  },
});
const appExited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  return Promise.race([promise, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ms).unref())]);
}

let stopping = false;
async function stop(exitCode: number) {
  if (stopping) return;
  stopping = true;
  if (app.exitCode === null && app.signalCode === null) app.kill('SIGTERM');
  if ((await withTimeout(appExited, 30_000)) === 'timeout') {
    log('the app did not stop within 30 s; killing it');
    app.kill('SIGKILL');
    await appExited;
  }
  if (embedded) {
    // The embedded cluster goes away whole; no need to drop the database first. Its
    // postgres may already have stopped on the same signal, so do not wait forever.
    await withTimeout(embedded.stop().catch(() => {}), 10_000);
    await rm(embeddedDir!, { recursive: true, force: true });
    log('embedded PostgreSQL stopped and removed');
  } else {
    await dropDatabase(adminUrl, databaseName).then(
      () => log(`database ${databaseName} dropped`),
      (error: Error) => log(`could not drop ${databaseName}: ${error.message}`),
    );
  }
  process.exit(exitCode);
}

process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
void appExited.then((code) => {
  if (!stopping) {
    log(`the app exited on its own (${code}); cleaning up`);
    void stop(code || 1);
  }
});
