import { desc } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { auditCheckpoints } from '@/db/schema';

export async function listCheckpoints(database: Database, limit: number) {
  const rows = await database.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(limit);
  return rows.map((row) => ({
    seq: row.seq,
    headHash: row.headHash.toString('hex'),
    signedAt: row.signedAt.toISOString(),
    signature: row.signature,
    keyId: (JSON.parse(row.statement) as { keyId: string }).keyId,
  }));
}
