import { and, asc, desc, gt, gte, lt, lte, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import { AppError } from '@/server/errors/app-error';
import type { AuditSearch } from './audit-schemas';
import { bodyMatcher } from './audit-search';
import { createCheckpoint } from './checkpoint';
import { checkpointLine, EXPORT_FORMAT, eventLine, headerLine, manifestLine, type ManifestStatement } from './export-format';
import { auditConditions } from './list-events';
import type { SigningKey } from './signing-key';

const BATCH = 5_000;

type CheckpointRow = typeof auditCheckpoints.$inferSelect;

/** The contiguous stretch of the chain a JSON Lines export holds, anchored at both ends. */
export interface ChainExportPlan {
  filters: AuditSearch;
  /** null when nothing matches: the export is then a signed statement that it is empty. */
  range: { start: number; end: number } | null;
  /** Checkpoints from the one before `start` (unless start is 1) to the one at `end`. */
  checkpoints: CheckpointRow[];
  /** Matching events according to the database's search, for the audit record. */
  matching: number;
}

/**
 * Chooses the range for a filtered export: from the first to the last matching event,
 * widened at the start to just after the newest signed checkpoint before it (or to
 * sequence 1) and at the end to the first signed checkpoint at or after it; when no
 * checkpoint covers the last event yet, one is signed now. So both ends of every export
 * are pinned by signatures, and cutting events at either end shows.
 */
export async function planChainExport(database: Database, filters: AuditSearch, key: SigningKey): Promise<ChainExportPlan> {
  const [span] = await database
    .select({ first: sql<string | null>`min(${auditEvents.seq})`, last: sql<string | null>`max(${auditEvents.seq})`, matching: sql<string>`count(*)` })
    .from(auditEvents)
    .where(and(...auditConditions(filters)));
  if (!span?.first || !span.last) return { filters, range: null, checkpoints: [], matching: 0 };
  const first = Number(span.first);
  const last = Number(span.last);

  const [before] = first > 1
    ? await database.select({ seq: auditCheckpoints.seq }).from(auditCheckpoints).where(lt(auditCheckpoints.seq, first)).orderBy(desc(auditCheckpoints.seq)).limit(1)
    : [];
  const start = before ? before.seq + 1 : 1;

  const coveringCheckpoint = async () =>
    (await database.select({ seq: auditCheckpoints.seq }).from(auditCheckpoints).where(gte(auditCheckpoints.seq, last)).orderBy(asc(auditCheckpoints.seq)).limit(1))[0];
  let covering = await coveringCheckpoint();
  if (!covering) {
    await createCheckpoint(database, key);
    covering = await coveringCheckpoint(); // also when a worker signed it concurrently
  }
  if (!covering) throw new AppError('unavailable', 'No signed checkpoint covers the newest events yet; try again in a moment.');

  const checkpoints = await database
    .select()
    .from(auditCheckpoints)
    .where(and(gte(auditCheckpoints.seq, start - 1), lte(auditCheckpoints.seq, covering.seq)))
    .orderBy(asc(auditCheckpoints.seq));
  return { filters, range: { start, end: covering.seq }, checkpoints, matching: Number(span.matching) };
}

export function plannedEvents(plan: ChainExportPlan): number {
  return plan.range ? plan.range.end - plan.range.start + 1 : 0;
}

/**
 * The export as JSON Lines: a header, the signed checkpoints, every event in the range with
 * the exact bytes that were hashed and both hashes, and last the manifest signed with the
 * server key. Read in keyset batches, so a log of any size streams in constant memory.
 */
export async function* chainExportLines(
  database: Database,
  plan: ChainExportPlan,
  meta: { key: SigningKey; exportedBy: string; exportedAt?: Date },
): AsyncGenerator<string> {
  const exportedAt = (meta.exportedAt ?? new Date()).toISOString();
  yield headerLine(exportedAt, plan.filters);
  for (const cp of plan.checkpoints) yield checkpointLine(cp);
  const matches = bodyMatcher(plan.filters);
  let events = 0;
  let matching = 0;
  let startPrevHash: string | null = null;
  let headHash: string | null = null;
  if (plan.range) {
    let cursor = plan.range.start - 1;
    for (;;) {
      const rows = await database
        .select({ seq: auditEvents.seq, body: auditEvents.body, prevHash: auditEvents.prevHash, hash: auditEvents.hash })
        .from(auditEvents)
        .where(and(gt(auditEvents.seq, cursor), lte(auditEvents.seq, plan.range.end)))
        .orderBy(asc(auditEvents.seq))
        .limit(BATCH);
      for (const row of rows) {
        startPrevHash ??= row.prevHash.toString('hex');
        headHash = row.hash.toString('hex');
        events += 1;
        if (!matches || matches(row.body)) matching += 1;
        yield eventLine(row);
      }
      if (rows.length < BATCH) break;
      cursor = rows[rows.length - 1]!.seq;
    }
  }
  const statement: ManifestStatement = {
    format: EXPORT_FORMAT,
    keyId: meta.key.keyId,
    exportedAt,
    exportedBy: meta.exportedBy,
    filters: plan.filters,
    firstSeq: plan.range?.start ?? null,
    lastSeq: plan.range?.end ?? null,
    startPrevHash,
    headHash,
    events,
    matching,
    checkpoints: plan.checkpoints.map((cp) => cp.seq),
  };
  yield manifestLine(statement, meta.key);
}
