// `npm run start:web`: one web process of a real deployment (DATABASE_URL required).
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { bin, exited, startService } from './processes';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('[web] DATABASE_URL is not set; `npm start` runs the embedded default instead.');
  process.exit(1);
}
if (!process.env.NEXTAUTH_SECRET) {
  console.error('[web] NEXTAUTH_SECRET is not set; every web process must share one secret.');
  process.exit(1);
}
// Migrates only with a single, owning URL (as before roles were split); as the app's role it
// checks that `npm run db:migrate` left nothing pending.
await prepareDatabase(url);
const web = startService('web', bin('tsx'), ['runtime/web-server.ts'], { ...process.env, PORT: process.env.PORT ?? '3000', NODE_ENV: 'production' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => web.kill(signal));
await exited(web);
process.exit(web.exitCode ?? 0);
