import { createVersionEndpoint, listVersionsEndpoint } from '@/server/registry/registry-api';

export const GET = listVersionsEndpoint.handle;
export const POST = createVersionEndpoint.handle;
