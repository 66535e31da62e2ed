import { githubWebhookEndpoint } from '@/server/inbound-webhooks/webhooks-api';

export const POST = githubWebhookEndpoint.handle;
