import { z } from 'zod';
import { endpoint } from '@/server/rest/api-endpoint';
import { ciReleaseReportSchema } from './ci-release-report';
import { handleCiWebhook } from './ci-webhook';
import { handleGithubWebhook } from './github-webhook';

const answer = z.object({ message: z.string(), release: z.object({ id: z.uuid(), model: z.string(), version: z.number().int().nullable() }).optional(), duplicate: z.boolean().optional(), ignored: z.boolean().optional() });

export const githubWebhookEndpoint = endpoint(
  {
    operationId: 'githubWebhook',
    method: 'POST',
    path: '/webhooks/github',
    tag: 'Webhooks',
    summary: 'GitHub webhook deliveries (release, workflow_run, ping)',
    description:
      'Configure in GitHub with content type application/json and a secret from Administration → Webhooks. Verified with X-Hub-Signature-256; de-duplicated on X-GitHub-Delivery (a redelivery answers 200 with no second effect). Acts on release=published and workflow_run=completed+success; other events are acknowledged with 202.',
    scope: null,
    body: { kind: 'raw', contentType: 'application/json', description: 'The GitHub event payload, signed with X-Hub-Signature-256' },
    result: { status: 200, description: 'Recorded, acknowledged, or a duplicate delivery', also: [{ status: 202, description: 'Verified but ignored (an event or action Vigil does not act on, or no model to attach it to)' }], schema: answer },
    errors: [400, 401, 413],
  },
  async ({ database, request }) => {
    const result = await handleGithubWebhook(database, request);
    return Response.json(result.body, { status: result.status });
  },
);

export const ciWebhookEndpoint = endpoint(
  {
    operationId: 'ciWebhook',
    method: 'POST',
    path: '/webhooks/ci',
    tag: 'Webhooks',
    summary: 'A release report from any CI (GitLab, Jenkins, …), signed per Standard Webhooks',
    description:
      'Headers webhook-id, webhook-timestamp (unix seconds, within 5 minutes) and webhook-signature (v1,<base64 HMAC-SHA256 of "id.timestamp.body">) with a whsec_ secret from Administration → Webhooks. A replayed webhook-id answers 409 with no effect.',
    scope: null,
    body: { kind: 'raw', contentType: 'application/json', description: 'The release report, signed', schema: ciReleaseReportSchema },
    result: { status: 201, description: 'Release recorded', schema: answer },
    errors: [400, 401, 404, 409, 413],
  },
  async ({ database, request }) => {
    const result = await handleCiWebhook(database, request);
    return Response.json(result.body, { status: result.status });
  },
);

export const webhookEndpoints = [githubWebhookEndpoint, ciWebhookEndpoint];
