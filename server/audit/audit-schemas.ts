import { z } from 'zod';

export const auditFilterSchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(200).optional(),
  targetType: z.string().trim().max(100).optional(),
  targetId: z.string().trim().max(200).optional(),
  /** Keyset cursor: return events with a sequence number below this one. */
  before: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(50),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
export type AuditFilterInput = z.input<typeof auditFilterSchema>;
