import { z } from 'zod';
import { approvalEndpoints } from '@/server/approvals/approvals-api';
import { artifactEndpoints } from '@/server/artifacts/artifacts-api';
import { auditEndpoints } from '@/server/audit/audit-api';
import { fairnessEndpoints } from '@/server/fairness/fairness-api';
import { webhookEndpoints } from '@/server/inbound-webhooks/webhooks-api';
import { kpiEndpoints } from '@/server/kpis/kpis-api';
import { referenceEndpoints } from '@/server/reference/reference-api';
import { registryEndpoints } from '@/server/registry/registry-api';
import { endpoint, type Endpoint } from '@/server/rest/api-endpoint';
import { shadowEndpoints } from '@/server/shadow/shadow-api';
import { trafficEndpoints } from '@/server/traffic/events-api';
import { openApiDocument } from './openapi-document';

/** GET /api/v1/openapi.json; here, beside the catalog, so the document lists itself too. */
export const openApiEndpoint = endpoint(
  {
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/openapi.json',
    tag: 'API',
    summary: 'This document: every operation of the API, as OpenAPI 3.1',
    description: 'Public. Generated from the same specs the handlers validate requests with.',
    scope: null,
    result: {
      status: 200,
      description: 'The OpenAPI document',
      schema: z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
    },
    errors: [],
  },
  // API_ENDPOINTS is read when a request comes, after the module has defined it.
  async ({ request }) => Response.json(openApiDocument(API_ENDPOINTS, new URL(request.url).origin), { headers: { 'cache-control': 'no-cache' } }),
);

/** Every /api/v1 operation; route files bind them and the OpenAPI document lists them. */
export const API_ENDPOINTS: Endpoint[] = [
  ...registryEndpoints,
  ...artifactEndpoints,
  ...webhookEndpoints,
  ...referenceEndpoints,
  ...approvalEndpoints,
  ...trafficEndpoints,
  ...auditEndpoints,
  ...fairnessEndpoints,
  ...shadowEndpoints,
  ...kpiEndpoints,
  openApiEndpoint,
] as Endpoint[];
