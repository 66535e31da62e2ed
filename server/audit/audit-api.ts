import { z } from 'zod';
import { endpoint } from '@/server/rest/api-endpoint';
import { auditExportLines } from './audit-export';
import { auditFilterSchema } from './audit-schemas';
import { listAuditEvents } from './list-events';

const auditEventJson = z.object({
  seq: z.number().int(),
  occurredAt: z.iso.datetime({ offset: true }),
  actorType: z.string(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  body: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

// Query strings carry text: numbers are coerced here rather than in the shared filter schema.
const auditQuery = auditFilterSchema.extend({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const listAuditEventsEndpoint = endpoint(
  {
    operationId: 'listAuditEvents',
    method: 'GET',
    path: '/audit/events',
    tag: 'Audit',
    summary: 'Audit events, newest first, paginated by sequence number',
    description: 'Pass `before=<nextBefore>` from the previous page to read further back. `action` ending in "." matches a prefix.',
    scope: 'audit:read',
    query: auditQuery,
    result: { status: 200, description: 'A page of events', schema: z.object({ events: z.array(auditEventJson), nextBefore: z.number().int().nullable() }) },
    errors: [400],
  },
  async ({ database, query }) => listAuditEvents(database, query),
);

export const exportAuditEndpoint = endpoint(
  {
    operationId: 'exportAudit',
    method: 'GET',
    path: '/audit/export',
    tag: 'Audit',
    summary: 'The audit log as JSON Lines, verifiable offline',
    description:
      'A manifest line, then every event (sequence, the exact canonical body that was hashed, previous hash, hash) in order, then the signed checkpoints with their public keys. Verify it with `vigil audit verify --file export.jsonl`; nothing but the file is needed.',
    scope: 'audit:read',
    query: z.object({ from: z.iso.datetime({ offset: true }).optional(), to: z.iso.datetime({ offset: true }).optional() }),
    result: { status: 200, description: 'application/x-ndjson, streamed', binary: 'application/x-ndjson' },
    errors: [400],
  },
  async ({ database, query }) => {
    const lines = auditExportLines(database, { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined });
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(`${next.value}\n`));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    return new Response(stream, {
      headers: { 'content-type': 'application/x-ndjson', 'content-disposition': `attachment; filename="vigil-audit-${new Date().toISOString().slice(0, 10)}.jsonl"` },
    });
  },
);

export const auditEndpoints = [listAuditEventsEndpoint, exportAuditEndpoint];
