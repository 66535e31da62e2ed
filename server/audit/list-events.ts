import { and, desc, eq, gte, ilike, like, lt, lte, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { AuditFilter } from './audit-schemas';

export interface AuditEventView {
  seq: number;
  occurredAt: string;
  actorType: string;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  body: Record<string, unknown>;
  hash: string;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Newest first, paginated by keyset on the sequence number (stable under inserts). */
export async function listAuditEvents(database: Database, filter: AuditFilter) {
  const conditions: SQL[] = [];
  if (filter.from) conditions.push(gte(auditEvents.occurredAt, new Date(filter.from)));
  if (filter.to) conditions.push(lte(auditEvents.occurredAt, new Date(filter.to)));
  if (filter.actor) conditions.push(ilike(auditEvents.actorLabel, `%${escapeLike(filter.actor)}%`));
  // "user." matches every user action; a full name matches exactly.
  if (filter.action) {
    conditions.push(filter.action.endsWith('.') ? like(auditEvents.action, `${escapeLike(filter.action)}%`) : eq(auditEvents.action, filter.action));
  }
  if (filter.targetType) conditions.push(eq(auditEvents.targetType, filter.targetType));
  if (filter.targetId) conditions.push(eq(auditEvents.targetId, filter.targetId));
  if (filter.before) conditions.push(lt(auditEvents.seq, filter.before));

  const rows = await database
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.seq))
    .limit(filter.limit + 1);
  const page = rows.slice(0, filter.limit);
  const events: AuditEventView[] = page.map((row) => ({
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorType: row.actorType,
    actorLabel: row.actorLabel,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    body: JSON.parse(row.body) as Record<string, unknown>,
    hash: row.hash.toString('hex'),
  }));
  const nextBefore = rows.length > filter.limit ? page[page.length - 1]!.seq : null;
  return { events, nextBefore };
}
