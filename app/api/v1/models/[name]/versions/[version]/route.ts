import { getVersionEndpoint } from '@/server/registry/registry-api';

export const GET = getVersionEndpoint.handle;
