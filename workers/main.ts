import os from 'node:os';
import { closeDatabase, db } from '@/db/client';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { loadSigningKey } from '@/server/audit/signing-key';
import { beat, HEARTBEAT_INTERVAL_MS } from '@/server/health/heartbeat';
import { newWorkerId, startJobRunner } from './job-runner';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('[worker] DATABASE_URL is not set.');
  process.exit(1);
}

await prepareDatabase(url);
const database = db();
const key = loadSigningKey();
const worker = { id: newWorkerId(), hostname: os.hostname(), pid: process.pid, startedAt: new Date() };

await beat(database, worker);
const heartbeat = setInterval(() => {
  beat(database, worker).catch((error: Error) => console.error('[worker] heartbeat failed:', error.message));
}, HEARTBEAT_INTERVAL_MS);

const boss = await startJobRunner(url, database, key, { workerId: worker.id });
console.log(`[worker] ${worker.id} running (audit key ${key.keyId})`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[worker] ${signal}: finishing running jobs…`);
  clearInterval(heartbeat);
  // The database may already be going away (embedded PostgreSQL on Ctrl-C): stay quiet.
  boss.removeAllListeners('error');
  boss.on('error', () => {});
  // Graceful: stop fetching, let active jobs finish (up to 30 s), then close pools.
  await boss.stop({ graceful: true, wait: true, timeout: 30_000 }).catch(() => {});
  await closeDatabase(database).catch(() => {});
  console.log('[worker] stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
