import { exportAuditSessionEndpoint } from '@/server/audit/session-export';
import { uploadReferenceEndpoint } from '@/server/reference/session-upload';
import { downloadArtifactEndpoint } from '@/server/registry/session-download';

/** Every browser route outside tRPC, for the authorization-matrix test. */
export const SESSION_ENDPOINTS = [uploadReferenceEndpoint, downloadArtifactEndpoint, exportAuditSessionEndpoint] as const;
