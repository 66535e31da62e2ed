import { sql } from 'drizzle-orm';
import type { Executor } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { buildAuditBody, type AuditEntry } from './audit-body';

/**
 * Appends an audit event through the database function audit_append(). Call it with the
 * same transaction as the change it records, so both commit or neither does.
 */
export async function recordAudit(executor: Executor, actor: Actor, entry: AuditEntry): Promise<number> {
  const body = buildAuditBody(actor, entry);
  const rows = await executor.execute<{ seq: string }>(sql`select seq from audit_append(${body})`);
  return Number(rows[0]?.seq);
}
