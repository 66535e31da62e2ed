import { db } from '@/db/client';
import { AppError } from '@/server/errors/app-error';
import { sessionEndpoint } from '@/server/rest/session-endpoint';
import { AUDIT_EXPORT_FORMATS, auditSearchSchema, type AuditExportFormat } from './audit-schemas';
import { auditExportResponse } from './export-response';

function isFormat(format: string | undefined): format is AuditExportFormat {
  return (AUDIT_EXPORT_FORMATS as readonly string[]).includes(format ?? '');
}

/** The audit page's Export buttons: `/audit/export/{jsonl|csv}?<the page's filters>`. */
export const exportAuditSessionEndpoint = sessionEndpoint<{ format?: string }>(
  { name: 'export the audit log', permission: 'audit:read', mutation: false },
  async ({ actor, request }, { format }) => {
    if (!isFormat(format)) throw new AppError('not_found', 'No such export format; use jsonl or csv.');
    const search = auditSearchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return auditExportResponse(db(), actor, format, search);
  },
);
