import { getAliasEndpoint } from '@/server/approvals/approvals-api';

export const GET = getAliasEndpoint.handle;
