import { getPromotionEndpoint } from '@/server/approvals/approvals-api';

export const GET = getPromotionEndpoint.handle;
