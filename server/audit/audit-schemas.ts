import { z } from 'zod';
import { isoDateTime, singleLineText } from '@/server/validation/input-primitives';

export const auditFilterSchema = z.object({
  from: isoDateTime().optional(),
  to: isoDateTime().optional(),
  actor: singleLineText(200, { trim: true }).optional(),
  action: singleLineText(200, { trim: true }).optional(),
  targetType: singleLineText(100, { trim: true }).optional(),
  targetId: singleLineText(200, { trim: true }).optional(),
  /** Keyset cursor: return events with a sequence number below this one (older). */
  before: z.number().int().positive().optional(),
  /** Keyset cursor: return the events just above this sequence number (newer), still newest first. */
  after: z.number().int().nonnegative().optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export type AuditFilterInput = z.input<typeof auditFilterSchema>;

/** A page reads one way from one cursor: both at once has no meaning. */
export const ONE_CURSOR = { message: 'Pass before or after, not both', path: ['after'] };
export const oneCursor = (filter: { before?: number; after?: number }) => filter.before === undefined || filter.after === undefined;
export const auditPageSchema = auditFilterSchema.refine(oneCursor, ONE_CURSOR);

/** The search part of a filter (no paging): what an export selects and its manifest records. */
export const auditSearchSchema = auditFilterSchema.pick({ from: true, to: true, actor: true, action: true, targetType: true, targetId: true });
export type AuditSearch = z.infer<typeof auditSearchSchema>;

export const AUDIT_EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];
