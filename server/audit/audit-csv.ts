import { and, asc, desc, gt, lte, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { AuditSearch } from './audit-schemas';
import { auditConditions } from './list-events';

const BATCH = 5_000;

export const AUDIT_CSV_COLUMNS = [
  'seq', 'occurred_at', 'actor_type', 'actor_id', 'actor_label', 'action',
  'target_type', 'target_id', 'target_label', 'ip', 'user_agent', 'before', 'after', 'details', 'hash',
] as const;

/**
 * One RFC 4180 field: quoted when it holds a comma, quote, CR or LF, quotes doubled. Text a
 * spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe,
 * since audit bodies carry text anyone could type; the JSON Lines export keeps exact bytes.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, without its line end (the stream adds CRLF). */
export function csvRecord(fields: readonly (string | number | null)[]): string {
  return fields.map(csvField).join(',');
}

type Body = Record<string, unknown> & { actor?: Record<string, unknown>; target?: Record<string, unknown>; context?: Record<string, unknown> };

function scalar(value: unknown): string | null {
  return value === undefined || value === null ? null : typeof value === 'string' ? value : JSON.stringify(value);
}

/** One event flattened to the CSV columns, read from the hashed body (not the derived columns). */
export function csvRow(row: { seq: number; body: string; hash: Uint8Array }): string {
  const body = JSON.parse(row.body) as Body;
  return csvRecord([
    row.seq, scalar(body.at), scalar(body.actor?.type), scalar(body.actor?.id), scalar(body.actor?.label), scalar(body.action),
    scalar(body.target?.type), scalar(body.target?.id), scalar(body.target?.label), scalar(body.context?.ip), scalar(body.context?.userAgent),
    scalar(body.before), scalar(body.after), scalar(body.details), Buffer.from(row.hash).toString('hex'),
  ]);
}

/** Fixes what a CSV export holds before it starts: matching events up to the current head. */
export async function planCsvExport(database: Database, filters: AuditSearch): Promise<{ filters: AuditSearch; headSeq: number; rows: number }> {
  const [head] = await database.select({ seq: auditEvents.seq }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
  const headSeq = head?.seq ?? 0;
  const [count] = await database
    .select({ n: sql<string>`count(*)` })
    .from(auditEvents)
    .where(and(lte(auditEvents.seq, headSeq), ...auditConditions(filters)));
  return { filters, headSeq, rows: Number(count?.n ?? 0) };
}

/** A header row, then one row per matching event in sequence order, read in keyset batches. */
export async function* csvExportLines(database: Database, plan: { filters: AuditSearch; headSeq: number }): AsyncGenerator<string> {
  yield csvRecord(AUDIT_CSV_COLUMNS);
  const conditions = auditConditions(plan.filters);
  let cursor = 0;
  for (;;) {
    const rows = await database
      .select({ seq: auditEvents.seq, body: auditEvents.body, hash: auditEvents.hash })
      .from(auditEvents)
      .where(and(gt(auditEvents.seq, cursor), lte(auditEvents.seq, plan.headSeq), ...conditions))
      .orderBy(asc(auditEvents.seq))
      .limit(BATCH);
    for (const row of rows) yield csvRow(row);
    if (rows.length < BATCH) break;
    cursor = rows[rows.length - 1]!.seq;
  }
}
