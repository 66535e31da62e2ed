import { and, asc, desc, eq, gt, gte, like, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { AuditFilter, AuditSearch } from './audit-schemas';

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

/**
 * The search as SQL conditions. The actor is matched in the hashed body, not the
 * actor_label column, so editing that column cannot hide or plant an event; the raw-text
 * test first (the label appears JSON-escaped in the body) spares parsing most rows. The
 * other columns are indexed and "Verify chain" checks each against its body.
 */
export function auditConditions(search: AuditSearch): SQL[] {
  const conditions: SQL[] = [];
  if (search.from) conditions.push(gte(auditEvents.occurredAt, new Date(search.from)));
  if (search.to) conditions.push(lte(auditEvents.occurredAt, new Date(search.to)));
  if (search.actor) {
    const inBody = `%${escapeLike(JSON.stringify(search.actor).slice(1, -1))}%`;
    conditions.push(
      sql`case when ${auditEvents.body} ilike ${inBody} then (${auditEvents.body}::jsonb -> 'actor' ->> 'label') ilike ${`%${escapeLike(search.actor)}%`} else false end`,
    );
  }
  // "user." matches every user action; a full name matches exactly.
  if (search.action) {
    conditions.push(search.action.endsWith('.') ? like(auditEvents.action, `${escapeLike(search.action)}%`) : eq(auditEvents.action, search.action));
  }
  if (search.targetType) conditions.push(eq(auditEvents.targetType, search.targetType));
  if (search.targetId) conditions.push(eq(auditEvents.targetId, search.targetId));
  return conditions;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : value === undefined || value === null ? null : String(value);
}

/** What the page shows comes from the hashed body, never from the derived columns. */
export function eventView(row: { seq: number; body: string; hash: Buffer }): AuditEventView {
  const body = JSON.parse(row.body) as Record<string, unknown> & { actor?: Record<string, unknown>; target?: Record<string, unknown> };
  return {
    seq: row.seq,
    occurredAt: String(body.at),
    actorType: text(body.actor?.type) ?? '',
    actorLabel: text(body.actor?.label) ?? '',
    action: text(body.action) ?? '',
    targetType: text(body.target?.type),
    targetId: text(body.target?.id),
    body,
    hash: row.hash.toString('hex'),
  };
}

/**
 * Newest first, paginated by keyset on the sequence number (stable under inserts). `before`
 * reads older events, `after` the newer ones just above a page (read upwards, then turned
 * round). `nextBefore` / `nextAfter` are the cursors of the older and newer pages, null at either end.
 */
export async function listAuditEvents(database: Database, filter: AuditFilter) {
  const conditions = auditConditions(filter);
  const upwards = filter.after !== undefined && filter.before === undefined;
  if (filter.before) conditions.push(lt(auditEvents.seq, filter.before));
  if (upwards) conditions.push(gt(auditEvents.seq, filter.after!));
  const rows = await database
    .select({ seq: auditEvents.seq, body: auditEvents.body, hash: auditEvents.hash })
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(upwards ? asc(auditEvents.seq) : desc(auditEvents.seq))
    .limit(filter.limit + 1);
  const more = rows.length > filter.limit;
  const page = rows.slice(0, filter.limit);
  if (upwards) page.reverse();
  const events = page.map(eventView);
  const newest = page[0]?.seq;
  const oldest = page[page.length - 1]?.seq;
  // A cursor's own side always holds at least the row the cursor came from.
  const nextBefore = oldest !== undefined && (upwards || more) ? oldest : null;
  const nextAfter = newest !== undefined && (upwards ? more : filter.before !== undefined) ? newest : null;
  return { events, nextBefore, nextAfter };
}
