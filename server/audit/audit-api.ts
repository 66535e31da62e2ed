import { z } from 'zod';
import { endpoint } from '@/server/rest/api-endpoint';
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

export const auditEndpoints = [listAuditEventsEndpoint];
