import { auditFilterSchema } from '@/server/audit/audit-schemas';
import { listAuditEvents } from '@/server/audit/list-events';
import { withApiToken } from '@/server/rest/with-api-token';

// GET /api/v1/audit/events?actor=&action=&from=&to=&before=&limit= — newest first, keyset paginated.
export const GET = withApiToken('audit:read', async (request, { database }) => {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const filter = auditFilterSchema.parse({
    ...params,
    before: params.before ? Number(params.before) : undefined,
    limit: params.limit ? Number(params.limit) : undefined,
  });
  return Response.json(await listAuditEvents(database, filter));
});
