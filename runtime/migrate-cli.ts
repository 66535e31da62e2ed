// `npm run db:migrate`: the release step. As DATABASE_OWNER_URL's role when set (the schema
// owner), which then grants DATABASE_URL's role what the app needs; else as DATABASE_URL's.
import { configuredDatabaseUrls } from '@/server/config/database-urls';
import { prepareDatabase } from '@/server/jobs/prepare-database';

const urls = configuredDatabaseUrls();
if (!urls) {
  console.error('DATABASE_URL is not set (with DATABASE_OWNER_URL for the role that migrates).');
  process.exit(1);
}
await prepareDatabase(urls.url, { ownerUrl: urls.ownerUrl });
console.log(urls.ownerUrl ? 'Migrations and job queues applied; the app role has its grants.' : 'Migrations and job queues applied.');
