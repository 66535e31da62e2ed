import { openApiEndpoint } from '@/server/openapi/api-catalog';

export const GET = openApiEndpoint.handle;
