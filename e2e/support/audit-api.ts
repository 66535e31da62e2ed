import type { APIRequestContext } from '@playwright/test';

/** GET /api/v1/audit/events with `authorization` as given (or none). */
export async function getAuditEvents(request: APIRequestContext, authorization?: string) {
  const response = await request.get('/api/v1/audit/events', {
    headers: authorization === undefined ? {} : { authorization },
  });
  const contentType = response.headers()['content-type'] ?? '';
  const body: unknown = contentType.includes('application/json') ? await response.json() : await response.text();
  return { status: response.status(), contentType, body };
}
