import { z } from 'zod';
import { endpoint } from '@/server/rest/api-endpoint';
import { AUDIT_EXPORT_FORMATS, auditFilterSchema, auditSearchSchema, ONE_CURSOR, oneCursor } from './audit-schemas';
import { auditExportResponse } from './export-response';
import { listAuditEvents } from './list-events';
import { publicSigningKey } from './server-signing-key';

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
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
}).refine(oneCursor, ONE_CURSOR);

export const listAuditEventsEndpoint = endpoint(
  {
    operationId: 'listAuditEvents',
    method: 'GET',
    path: '/audit/events',
    tag: 'Audit',
    summary: 'Audit events, newest first, paginated by sequence number',
    description: 'Pass `before=<nextBefore>` from a page to read further back, `after=<nextAfter>` to read the newer page above it (not both). `action` ending in "." matches a prefix.',
    scope: 'audit:read',
    query: auditQuery,
    result: { status: 200, description: 'A page of events', schema: z.object({ events: z.array(auditEventJson), nextBefore: z.number().int().nullable(), nextAfter: z.number().int().nullable() }) },
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
    summary: 'The audit log for the given filters, as JSON Lines (verifiable offline) or CSV',
    description: [
      '`format=jsonl` (default): a header line, the signed checkpoints, every event of the contiguous stretch of the chain from the first to the last matching event (widened to the signed checkpoints that anchor both ends; a checkpoint is signed on the spot if none covers the newest event) with the exact hashed body and both hashes, and last a manifest (range, filters, counts, head hash) signed with the server key.',
      'Verify it with `vigil audit verify FILE --fingerprint HEX`, pinning the fingerprint from `GET /api/v1/audit/public-key` or the audit page.',
      '`format=csv`: a header row, then one row per matching event (RFC 4180; before/after/details as JSON text; text that would start a spreadsheet formula gets a leading apostrophe).',
      'Both stream. Every export is itself recorded in the audit log (`audit.exported`: who, format, filters, counts).',
    ].join(' '),
    scope: 'audit:read',
    query: auditSearchSchema.extend({ format: z.enum(AUDIT_EXPORT_FORMATS).default('jsonl') }),
    result: { status: 200, description: 'application/x-ndjson or text/csv, streamed', binary: 'application/x-ndjson' },
    errors: [400, 503],
  },
  async ({ database, actor, query }) => auditExportResponse(database, actor, query.format, query),
);

export const auditPublicKeyEndpoint = endpoint(
  {
    operationId: 'getAuditPublicKey',
    method: 'GET',
    path: '/audit/public-key',
    tag: 'Audit',
    summary: 'The public key that signs audit checkpoints and export manifests, with the fingerprint to pin',
    description:
      'Public, like any public key. `fingerprint` is the SHA-256 of the raw 32-byte Ed25519 public key, as hex. Record it once, through a channel you trust, and pass it to `vigil audit verify --fingerprint`: an export signed by any other key then fails.',
    scope: null,
    result: {
      status: 200,
      description: 'The signing key',
      schema: z.object({ algorithm: z.literal('Ed25519'), fingerprint: z.string(), keyId: z.string(), publicKey: z.string() }),
    },
    errors: [503],
  },
  async () => publicSigningKey(),
);

export const auditEndpoints = [listAuditEventsEndpoint, exportAuditEndpoint, auditPublicKeyEndpoint];
