import { exportAuditEndpoint } from '@/server/audit/audit-api';

export const GET = exportAuditEndpoint.handle;
