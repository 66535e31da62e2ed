import type postgres from 'postgres';
import { quoteIdent } from './databases';

/**
 * Functions the app may call that run as the owner (SECURITY DEFINER, search_path fixed, no
 * EXECUTE for PUBLIC): the only way the app's role appends to the audit log or creates and
 * drops traffic partitions. A new one joins this list deliberately.
 */
export const APP_DEFINER_FUNCTIONS = ['audit_append(text)', 'ensure_inference_partition(date)', 'drop_inference_partition(date)'];

/**
 * Grants the app's login role what the app needs and nothing more, run by the owner after
 * every migration (so new tables are covered) and idempotent: read and write rows in
 * `public` and the job queue schemas, never TRUNCATE, no DDL (it owns nothing and has no
 * CREATE on any schema); the audit log read-only except appends through audit_append() and
 * new checkpoints (workers sign them; triggers refuse UPDATE, DELETE and TRUNCATE of both);
 * the migrations table read-only, for /api/health.
 */
export async function grantAppRole(sql: postgres.Sql, appRole: string, jobSchemas: string[]): Promise<void> {
  const app = quoteIdent(appRole);
  const schemas = ['public', ...jobSchemas].map(quoteIdent).join(', ');
  await sql.begin(async (tx) => {
    await tx.unsafe(`grant usage on schema ${schemas}, drizzle to ${app}`);
    await tx.unsafe(`revoke create on schema ${schemas}, drizzle from ${app}`);
    await tx.unsafe(`grant select, insert, update, delete on all tables in schema ${schemas} to ${app}`);
    await tx.unsafe(`revoke truncate, references, trigger on all tables in schema ${schemas} from ${app}`);
    await tx.unsafe(`grant usage, select on all sequences in schema ${schemas} to ${app}`);
    await tx.unsafe(`revoke insert, update, delete on audit_events, audit_checkpoints from ${app}`);
    await tx.unsafe(`grant insert on audit_checkpoints to ${app}`);
    await tx.unsafe(`grant select on drizzle.__drizzle_migrations to ${app}`);
    await tx.unsafe(`grant execute on function ${APP_DEFINER_FUNCTIONS.join(', ')} to ${app}`);
  });
}
