// `npm start`: the whole portal in one command — database, migrations, demo seed, build,
// web server and worker — stopping all of it cleanly on Ctrl-C. The web server and the
// worker run under a supervisor that restarts either one when it crashes (supervisor.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/server/config/data-dir';
import { closeDatabase, createDatabase } from '@/db/client';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { DEMO_SECOND_REVIEWER, DEMO_USERS, seedDemo } from '@/demo/seed';
import { resolveDatabase } from './database-url';
import { bin, run, typescriptEntry } from './processes';
import { persistentSecret } from './secrets';
import { Supervisor } from './supervisor';

const port = Number(process.env.PORT ?? 3000);
const { url, ownerUrl, embedded } = await resolveDatabase();
const publicUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
// The web server and worker get the app's role only: the owner's URL stays in this process.
const { DATABASE_OWNER_URL: _ownerUrl, ...inherited } = process.env;
const env: NodeJS.ProcessEnv = {
  ...inherited,
  DATABASE_URL: url,
  NEXTAUTH_URL: publicUrl,
  NEXTAUTH_SECRET: persistentSecret('NEXTAUTH_SECRET', 'auth-secret'),
  PORT: String(port),
  NODE_ENV: 'production',
};

async function stopDatabase() {
  if (embedded) await embedded.stop().catch(() => {});
}

try {
  await prepareDatabase(url, { ownerUrl });
  const database = createDatabase(url, { max: 2 });
  const seeded = process.env.VIGIL_SEED === 'false' ? false : await seedDemo(database);
  await closeDatabase(database);
  if (!existsSync('.next/BUILD_ID')) {
    console.log('[vigil] no production build yet: running `next build` (about a minute)…');
    await run(bin('next'), ['build'], env);
  }
  if (seeded) console.log('[vigil] demo data seeded.');
} catch (error) {
  console.error(`[vigil] could not start: ${error instanceof Error ? error.message : String(error)}`);
  await stopDatabase();
  process.exit(1);
}

const supervisor = new Supervisor(
  [
    { name: 'web', ...typescriptEntry('runtime/web-server.ts'), env },
    { name: 'worker', ...typescriptEntry('workers/main.ts'), env },
  ],
  { statusFile: path.join(dataDir(), 'supervisor.json') },
);
supervisor.start();

console.log(`
  Vigil is running at ${publicUrl}
  Demo sign-ins (email / password):
${[...DEMO_USERS, DEMO_SECOND_REVIEWER].map((u) => `    ${u.role.padEnd(11)} ${u.email.padEnd(24)} ${u.password}`).join('\n')}
  Press Ctrl-C to stop.
`);

// Only Ctrl-C or SIGTERM ends it all: the processes get the signal and time to finish
// (running jobs, requests in flight), then PostgreSQL stops. A second Ctrl-C kills at once.
let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) {
    console.log('[vigil] stopping immediately.');
    void supervisor.stop(signal);
    return;
  }
  stopping = true;
  console.log('[vigil] stopping web server and worker (running jobs and requests finish first), then the database…');
  await supervisor.stop(signal);
  await stopDatabase();
  console.log('[vigil] stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
