import { listReleasesEndpoint } from '@/server/registry/registry-api';

export const GET = listReleasesEndpoint.handle;
