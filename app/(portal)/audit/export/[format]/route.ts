import { exportAuditSessionEndpoint } from '@/server/audit/session-export';

// The audit page's Export buttons, for a signed-in user; machines use /api/v1/audit/export with a token.
export async function GET(request: Request, { params }: { params: Promise<{ format: string }> }) {
  return exportAuditSessionEndpoint.serve(request, await params);
}
