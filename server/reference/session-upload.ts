import { db } from '@/db/client';
import { originFromHeaders } from '@/server/auth/request-origin';
import { getSessionUser } from '@/server/auth/session-user';
import { AppError } from '@/server/errors/app-error';
import { can } from '@/server/rbac/permissions';
import { errorResponse } from '@/server/rest/json-error';
import { actorOf } from '@/server/trpc/context';
import { isSameOrigin } from '@/server/trpc/same-origin';
import { MAX_REFERENCE_BYTES } from './reference-api';
import { uploadReference } from './reference-service';

/** The UI's upload: session, permission and same-origin checks as for tRPC mutations. */
export async function uploadReferenceForSession(request: Request, model: string): Promise<Response> {
  try {
    const user = await getSessionUser();
    if (!user) throw new AppError('unauthorized', 'Sign in to upload reference data.');
    if (!isSameOrigin(request.headers)) throw new AppError('forbidden', 'Cross-origin request refused.');
    if (!can(user.roles, 'monitoring:write')) throw new AppError('forbidden', 'You need the monitoring:write permission for this.');
    if (Number(request.headers.get('content-length') ?? 0) > MAX_REFERENCE_BYTES) throw new AppError('payload_too_large', 'Reference files are limited to 64 MiB.');
    const form = await request.formData();
    const file = form.get('file');
    if (!(file instanceof File)) throw new AppError('bad_request', 'Choose a CSV file.');
    const dataset = await uploadReference(db(), actorOf(user, originFromHeaders(request.headers)), {
      model,
      name: String(form.get('name') ?? '').trim() || file.name,
      csv: await file.text(),
    });
    return Response.json({ id: dataset.id, name: dataset.name, rows: dataset.rowCount }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
