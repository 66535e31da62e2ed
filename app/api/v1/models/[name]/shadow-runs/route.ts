import { listShadowRunsEndpoint, startShadowRunEndpoint } from '@/server/shadow/shadow-api';

export const GET = listShadowRunsEndpoint.handle;
export const POST = startShadowRunEndpoint.handle;
