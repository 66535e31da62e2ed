import { API_ENDPOINTS } from '@/server/openapi/api-catalog';
import { openApiDocument } from '@/server/openapi/openapi-document';

export function GET(request: Request) {
  return Response.json(openApiDocument(API_ENDPOINTS, new URL(request.url).origin), { headers: { 'cache-control': 'no-cache' } });
}
