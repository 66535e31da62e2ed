import { downloadArtifactEndpoint } from '@/server/registry/registry-api';

export const GET = downloadArtifactEndpoint.handle;
