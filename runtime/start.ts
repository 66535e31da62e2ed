// `npm start`: the whole portal in one command — database, migrations, demo seed, build,
// web server and worker — stopping all of it cleanly on Ctrl-C.
import { existsSync } from 'node:fs';
import { closeDatabase, createDatabase } from '@/db/client';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { DEMO_SECOND_REVIEWER, DEMO_USERS, seedDemo } from '@/demo/seed';
import { resolveDatabase } from './database-url';
import { bin, exited, run, startService } from './processes';
import { persistentSecret } from './secrets';

const port = Number(process.env.PORT ?? 3000);
const { url, embedded } = await resolveDatabase();
const publicUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${port}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
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
  await prepareDatabase(url);
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

const web = startService('web', bin('tsx'), ['runtime/web-server.ts'], env);
const worker = startService('worker', bin('tsx'), ['workers/main.ts'], env);

console.log(`
  Vigil is running at ${publicUrl}
  Demo sign-ins (email / password):
${[...DEMO_USERS, DEMO_SECOND_REVIEWER].map((u) => `    ${u.role.padEnd(11)} ${u.email.padEnd(24)} ${u.password}`).join('\n')}
  Press Ctrl-C to stop.
`);

let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('[vigil] stopping web server, worker and database…');
  for (const child of [web, worker]) if (child.exitCode === null) child.kill('SIGTERM');
  await Promise.all([exited(web), exited(worker)]);
  await stopDatabase();
  console.log('[vigil] stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
for (const [name, child] of [['web server', web], ['worker', worker]] as const) {
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`[vigil] the ${name} exited unexpectedly (${signal ?? code}); shutting down.`);
    void stop(1);
  });
}
