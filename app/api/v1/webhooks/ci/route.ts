import { ciWebhookEndpoint } from '@/server/inbound-webhooks/webhooks-api';

export const POST = ciWebhookEndpoint.handle;
