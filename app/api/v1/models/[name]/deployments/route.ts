import { listDeploymentsEndpoint } from '@/server/approvals/approvals-api';

export const GET = listDeploymentsEndpoint.handle;
