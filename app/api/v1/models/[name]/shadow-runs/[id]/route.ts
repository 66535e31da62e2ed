import { getShadowRunEndpoint } from '@/server/shadow/shadow-api';

export const GET = getShadowRunEndpoint.handle;
