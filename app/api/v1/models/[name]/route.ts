import { getModelEndpoint } from '@/server/registry/registry-api';

export const GET = getModelEndpoint.handle;
