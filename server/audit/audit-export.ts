import { and, asc, desc, gt, gte, lte, type SQL } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditCheckpoints, auditEvents } from '@/db/schema';

const BATCH = 5_000;

export interface ExportRange {
  from?: Date;
  to?: Date;
}

/**
 * The audit log as JSON Lines, for auditors to keep and verify offline: a manifest, every
 * event with the exact bytes that were hashed and both hashes, then the signed checkpoints
 * with their public keys. Read in keyset batches, so a log of any size streams.
 */
export async function* auditExportLines(database: Database, range: ExportRange = {}): AsyncGenerator<string> {
  const time: SQL[] = [];
  if (range.from) time.push(gte(auditEvents.occurredAt, range.from));
  if (range.to) time.push(lte(auditEvents.occurredAt, range.to));
  const [head] = await database.select({ seq: auditEvents.seq, hash: auditEvents.hash }).from(auditEvents).where(and(...time)).orderBy(desc(auditEvents.seq)).limit(1);
  const [first] = await database.select({ seq: auditEvents.seq }).from(auditEvents).where(and(...time)).orderBy(asc(auditEvents.seq)).limit(1);
  const checkpoints = await database
    .select()
    .from(auditCheckpoints)
    .where(and(first ? gte(auditCheckpoints.seq, first.seq) : undefined, head ? lte(auditCheckpoints.seq, head.seq) : undefined))
    .orderBy(asc(auditCheckpoints.seq));
  yield JSON.stringify({
    type: 'manifest',
    format: 'vigil-audit-export/1',
    exportedAt: new Date().toISOString(),
    hashing: 'sha256(prev_hash || utf8(body)); genesis prev_hash = 32 zero bytes; bodies are RFC 8785 canonical JSON',
    firstSeq: first?.seq ?? null,
    lastSeq: head?.seq ?? null,
    headHash: head ? head.hash.toString('hex') : null,
    checkpoints: checkpoints.length,
    range: { from: range.from?.toISOString() ?? null, to: range.to?.toISOString() ?? null },
  });
  if (!first || !head) return;
  let cursor = first.seq - 1;
  for (;;) {
    const rows = await database
      .select({ seq: auditEvents.seq, body: auditEvents.body, prevHash: auditEvents.prevHash, hash: auditEvents.hash })
      .from(auditEvents)
      .where(and(gt(auditEvents.seq, cursor), lte(auditEvents.seq, head.seq)))
      .orderBy(asc(auditEvents.seq))
      .limit(BATCH);
    for (const row of rows) {
      yield JSON.stringify({ type: 'event', seq: row.seq, prevHash: row.prevHash.toString('hex'), hash: row.hash.toString('hex'), body: row.body });
    }
    if (rows.length < BATCH) break;
    cursor = rows[rows.length - 1]!.seq;
  }
  for (const cp of checkpoints) {
    yield JSON.stringify({ type: 'checkpoint', seq: cp.seq, headHash: cp.headHash.toString('hex'), statement: cp.statement, signature: cp.signature, publicKey: cp.publicKey });
  }
}
