import { auditPublicKeyEndpoint } from '@/server/audit/audit-api';

// Read at request time: the key belongs to the running server, not to the build.
export const dynamic = 'force-dynamic';

export const GET = auditPublicKeyEndpoint.handle;
