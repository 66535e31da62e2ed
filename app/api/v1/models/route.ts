import { createModelEndpoint, listModelsEndpoint } from '@/server/registry/registry-api';

export const GET = listModelsEndpoint.handle;
export const POST = createModelEndpoint.handle;
