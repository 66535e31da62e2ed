import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import * as schema from './schema';

export function createDatabase(url: string, options: { max?: number } = {}) {
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  return drizzle(client, { schema });
}

export type Database = ReturnType<typeof createDatabase>;
/** A transaction handle; services take `Database | Tx` so callers choose the transaction. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type Executor = Database | Tx;

// One pool per process; kept on globalThis so Next.js dev reloads do not leak pools.
const holder = globalThis as unknown as { vigilDb?: Database };

export function db(): Database {
  if (!holder.vigilDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set: start Vigil with `npm start` or set it.');
    holder.vigilDb = createDatabase(url);
  }
  return holder.vigilDb;
}

export async function closeDatabase(database: Database): Promise<void> {
  await database.$client.end({ timeout: 5 });
}
