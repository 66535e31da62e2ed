import { listAuditEventsEndpoint } from '@/server/audit/audit-api';

export const GET = listAuditEventsEndpoint.handle;
