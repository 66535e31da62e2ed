import { createPromotionEndpoint } from '@/server/approvals/approvals-api';

export const POST = createPromotionEndpoint.handle;
