import type { Database } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { csvExportLines, planCsvExport } from './audit-csv';
import { chainExportLines, planChainExport, plannedEvents } from './audit-export';
import type { AuditExportFormat, AuditSearch } from './audit-schemas';
import { activeFilters } from './audit-search';
import { recordAudit } from './record-audit';
import { serverSigningKey } from './server-signing-key';

const CHUNK_CHARS = 64 * 1024;

/** Streams lines as the body of a response, pulling only as fast as the client reads. */
function linesBody(lines: AsyncGenerator<string>, lineEnd: '\n' | '\r\n'): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk = '';
      try {
        while (chunk.length < CHUNK_CHARS) {
          const next = await lines.next();
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += next.value + lineEnd;
        }
      } catch (error) {
        // Headers are sent: the client sees a cut stream, which lacks the signed last line.
        console.error('Audit export failed while streaming:', (error as Error).message);
        controller.error(error);
        return;
      }
      controller.enqueue(encoder.encode(chunk));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}

/**
 * An audit export for the browser and the REST API alike. What the file will hold is fixed
 * first and recorded in the audit log (who, format, filters, counts) before a byte is sent,
 * so no export leaves unrecorded.
 */
export async function auditExportResponse(database: Database, actor: Actor, format: AuditExportFormat, search: AuditSearch): Promise<Response> {
  const filters = activeFilters(search);
  const exportedAt = new Date();
  const day = exportedAt.toISOString().slice(0, 10);
  if (format === 'csv') {
    const plan = await planCsvExport(database, filters);
    await recordAudit(database, actor, { action: 'audit.exported', details: { format, filters, upToSeq: plan.headSeq, rows: plan.rows } });
    return new Response(linesBody(csvExportLines(database, plan), '\r\n'), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="vigil-audit-${day}.csv"`, 'cache-control': 'no-store' },
    });
  }
  const signingKey = serverSigningKey();
  const plan = await planChainExport(database, filters, signingKey);
  await recordAudit(database, actor, {
    action: 'audit.exported',
    details: { format, filters, firstSeq: plan.range?.start ?? null, lastSeq: plan.range?.end ?? null, events: plannedEvents(plan), matching: plan.matching },
  });
  return new Response(linesBody(chainExportLines(database, plan, { key: signingKey, exportedBy: actor.label, exportedAt }), '\n'), {
    headers: { 'content-type': 'application/x-ndjson', 'content-disposition': `attachment; filename="vigil-audit-${day}.jsonl"`, 'cache-control': 'no-store' },
  });
}
