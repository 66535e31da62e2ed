import { sign, verify as verifySignature, createPublicKey } from 'node:crypto';
import { desc } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditCheckpoints, auditEvents } from '@/db/schema';
import { canonicalJson } from './canonical-json';
import type { SigningKey } from './signing-key';

export interface CheckpointStatement {
  keyId: string;
  seq: number;
  headHash: string;
  signedAt: string;
}

export function checkpointStatement(s: CheckpointStatement): string {
  return canonicalJson(s);
}

/** An Ed25519 signature over a statement's UTF-8 bytes (checkpoints and export manifests). */
export function signedStatementValid(statement: string, signature: string, publicKeyPem: string): boolean {
  try {
    return verifySignature(null, Buffer.from(statement, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Signs the current head of the chain. Does nothing when the head has not moved since the
 * last checkpoint; the primary key on seq makes a concurrent duplicate a no-op.
 */
export async function createCheckpoint(database: Database, key: SigningKey): Promise<{ seq: number } | null> {
  const [head] = await database
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  if (!head) return null;
  const [last] = await database
    .select({ seq: auditCheckpoints.seq })
    .from(auditCheckpoints)
    .orderBy(desc(auditCheckpoints.seq))
    .limit(1);
  if (last && last.seq >= head.seq) return null;
  const statement = checkpointStatement({
    keyId: key.keyId,
    seq: head.seq,
    headHash: head.hash.toString('hex'),
    signedAt: new Date().toISOString(),
  });
  const signature = sign(null, Buffer.from(statement, 'utf8'), key.privateKey).toString('base64');
  const inserted = await database
    .insert(auditCheckpoints)
    .values({ seq: head.seq, headHash: head.hash, statement, signature, publicKey: key.publicKeyPem })
    .onConflictDoNothing()
    .returning({ seq: auditCheckpoints.seq });
  return inserted[0] ?? null;
}
