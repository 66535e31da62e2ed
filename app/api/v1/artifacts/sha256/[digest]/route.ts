import { uploadArtifactEndpoint } from '@/server/artifacts/artifacts-api';

export const PUT = uploadArtifactEndpoint.handle;
