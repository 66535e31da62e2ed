import { approvalEndpoints } from '@/server/approvals/approvals-api';
import { artifactEndpoints } from '@/server/artifacts/artifacts-api';
import { auditEndpoints } from '@/server/audit/audit-api';
import { fairnessEndpoints } from '@/server/fairness/fairness-api';
import { webhookEndpoints } from '@/server/inbound-webhooks/webhooks-api';
import { kpiEndpoints } from '@/server/kpis/kpis-api';
import { referenceEndpoints } from '@/server/reference/reference-api';
import { registryEndpoints } from '@/server/registry/registry-api';
import type { Endpoint } from '@/server/rest/api-endpoint';
import { trafficEndpoints } from '@/server/traffic/events-api';

/** Every /api/v1 operation; route files bind them and the OpenAPI document lists them. */
export const API_ENDPOINTS: Endpoint[] = [...registryEndpoints, ...artifactEndpoints, ...webhookEndpoints, ...referenceEndpoints, ...approvalEndpoints, ...trafficEndpoints, ...auditEndpoints, ...fairnessEndpoints, ...kpiEndpoints] as Endpoint[];
