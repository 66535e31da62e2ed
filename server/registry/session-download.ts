import { db } from '@/db/client';
import { AppError } from '@/server/errors/app-error';
import { sessionEndpoint } from '@/server/rest/session-endpoint';
import { INT4_MAX } from '@/server/validation/input-primitives';
import { getVersionDetail } from './model-queries';
import { artifactResponse } from './registry-api';

/** The UI's download of a version's ONNX artifact. */
export const downloadArtifactEndpoint = sessionEndpoint<{ name: string; version: number }>(
  { name: 'download artifacts', permission: 'models:read', mutation: false },
  async (_context, { name, version }) => {
    if (!Number.isInteger(version) || version < 1 || version > INT4_MAX) throw new AppError('not_found', 'No such version.');
    const detail = await getVersionDetail(db(), name, version);
    return artifactResponse(detail.model.name, detail.version);
  },
);
