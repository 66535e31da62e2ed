import { asc, gt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import { columnMismatch } from './body-columns';
import { signedStatementValid } from './checkpoint';
import { ChainVerifier, type ChainBreak } from './hash-chain';

export interface VerificationReport {
  ok: boolean;
  checkedEvents: number;
  headSeq: number;
  headHash: string;
  firstBreak: ChainBreak | null;
  /** Rows whose search columns differ from their hashed body (first 20). */
  columnProblems: { seq: number; column: string }[];
  mismatchedRows: number;
  checkpoints: { checked: number; problems: { seq: number; reason: string }[] };
  verifiedAt: string;
}

const BATCH = 5000;

/**
 * Walks the whole chain in sequence order and checks every signed checkpoint against it,
 * and every row's search columns against its hashed body.
 */
export async function verifyAuditLog(database: Database): Promise<VerificationReport> {
  const checkpoints = await database.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.seq));
  const problems: { seq: number; reason: string }[] = [];
  const pending = new Map<number, Buffer>();
  for (const cp of checkpoints) {
    if (!signedStatementValid(cp.statement, cp.signature, cp.publicKey)) {
      problems.push({ seq: cp.seq, reason: 'checkpoint signature is invalid' });
      continue;
    }
    const claimed = JSON.parse(cp.statement) as { seq: number; headHash: string };
    if (claimed.seq !== cp.seq || claimed.headHash !== cp.headHash.toString('hex')) {
      problems.push({ seq: cp.seq, reason: 'checkpoint row differs from its signed statement' });
      continue;
    }
    pending.set(cp.seq, cp.headHash);
  }

  const verifier = new ChainVerifier();
  const columnProblems: { seq: number; column: string }[] = [];
  let mismatchedRows = 0;
  let cursor = 0;
  for (;;) {
    const rows = await database
      .select({
        seq: auditEvents.seq, body: auditEvents.body, prevHash: auditEvents.prevHash, hash: auditEvents.hash,
        occurredAt: auditEvents.occurredAt, actorType: auditEvents.actorType, actorId: auditEvents.actorId, actorLabel: auditEvents.actorLabel,
        action: auditEvents.action, targetType: auditEvents.targetType, targetId: auditEvents.targetId,
      })
      .from(auditEvents)
      .where(gt(auditEvents.seq, cursor))
      .orderBy(asc(auditEvents.seq))
      .limit(BATCH);
    for (const row of rows) {
      if (!verifier.push(row)) break;
      const column = columnMismatch(row);
      if (column) {
        mismatchedRows += 1;
        if (columnProblems.length < 20) columnProblems.push({ seq: row.seq, column });
      }
      const signed = pending.get(row.seq);
      if (signed) {
        if (!signed.equals(verifier.headHash)) problems.push({ seq: row.seq, reason: 'chain head differs from the signed checkpoint' });
        pending.delete(row.seq);
      }
    }
    if (verifier.firstBreak || rows.length < BATCH) break;
    cursor = rows[rows.length - 1]!.seq;
  }
  if (!verifier.firstBreak) {
    for (const seq of pending.keys()) {
      problems.push({ seq, reason: `signed checkpoint covers sequence ${seq}, which is missing from the log` });
    }
  }
  return {
    ok: !verifier.firstBreak && problems.length === 0 && mismatchedRows === 0,
    checkedEvents: verifier.checked,
    headSeq: verifier.headSeq,
    headHash: verifier.headHash.toString('hex'),
    firstBreak: verifier.firstBreak,
    columnProblems,
    mismatchedRows,
    checkpoints: { checked: checkpoints.length, problems },
    verifiedAt: new Date().toISOString(),
  };
}
