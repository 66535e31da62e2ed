import PgBoss from 'pg-boss';
import type postgres from 'postgres';
import type { Executor } from '@/db/client';
import { JOBS, type JobKey, type JobPayload } from './job-catalog';

type RawClient = postgres.Sql | postgres.TransactionSql;

// drizzle keeps the postgres.js client of a transaction on its session.
function rawClient(executor: Executor): RawClient {
  const tx = executor as unknown as { session?: { client?: RawClient }; $client?: RawClient };
  const client = tx.$client ?? tx.session?.client;
  if (!client) throw new Error('Cannot reach the postgres.js client behind this executor');
  return client;
}

function adapterFor(executor: Executor): PgBoss.Db {
  const client = rawClient(executor);
  return {
    async executeSql(text, values) {
      // pg's conventions, which pg-boss relies on: undefined is NULL, objects are JSON.
      const params = values.map((v) => (v === undefined ? null : v !== null && typeof v === 'object' && !(v instanceof Date) ? JSON.stringify(v) : v));
      const rows = await client.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return { rows: [...rows] };
    },
  };
}

// A producer only: never started, so it polls nothing; every send names its executor.
let producer: PgBoss | null = null;

/**
 * Enqueues a job with the same executor as the write that causes it: inside a transaction
 * the job exists only if the transaction commits.
 */
export async function enqueue<K extends JobKey>(executor: Executor, key: K, payload: JobPayload<K>, options: PgBoss.SendOptions = {}) {
  const job = JOBS[key];
  producer ??= new PgBoss({ db: { executeSql: () => Promise.reject(new Error('enqueue() always passes its executor')) }, schema: 'pgboss' });
  return producer.send(job.name, job.payload.parse(payload), { ...options, db: adapterFor(executor) });
}
