import { uploadReferenceEndpoint } from '@/server/reference/reference-api';

export const POST = uploadReferenceEndpoint.handle;
