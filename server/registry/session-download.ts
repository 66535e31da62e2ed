import { db } from '@/db/client';
import { getSessionUser } from '@/server/auth/session-user';
import { AppError } from '@/server/errors/app-error';
import { can } from '@/server/rbac/permissions';
import { errorResponse } from '@/server/rest/json-error';
import { getVersionDetail } from './model-queries';
import { artifactResponse } from './registry-api';

export async function downloadForSession(name: string, version: number): Promise<Response> {
  try {
    const user = await getSessionUser();
    if (!user) throw new AppError('unauthorized', 'Sign in to download artifacts.');
    if (!can(user.roles, 'models:read')) throw new AppError('forbidden', 'You need the models:read permission for this.');
    if (!Number.isInteger(version) || version < 1) throw new AppError('not_found', 'No such version.');
    const detail = await getVersionDetail(db(), name, version);
    return artifactResponse(detail.model.name, detail.version);
  } catch (error) {
    return errorResponse(error);
  }
}
