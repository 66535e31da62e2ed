import type postgres from 'postgres';
import type { Executor } from '@/db/client';

/**
 * The postgres.js client behind a drizzle database or transaction, for the few set-based
 * statements drizzle cannot express efficiently (unnest inserts, binary array reads).
 */
export function rawSql(executor: Executor): postgres.Sql {
  const holder = executor as unknown as { session?: { client?: postgres.Sql }; $client?: postgres.Sql };
  const client = holder.$client ?? holder.session?.client;
  if (!client) throw new Error('Cannot reach the postgres.js client behind this executor');
  return client;
}
