import { prepareDatabase } from '@/server/jobs/prepare-database';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set.');
  process.exit(1);
}
await prepareDatabase(url);
console.log('Migrations and job queues applied.');
