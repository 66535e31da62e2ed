import { toPublicError } from '@/server/errors/public-error';

export function jsonError(status: number, code: string, message: string, details?: unknown): Response {
  return Response.json(details === undefined ? { code, message } : { code, message, details }, { status });
}

/**
 * Maps anything thrown by a handler to the public `{code, message, details?, requestId?}`
 * error shape (server/errors/public-error.ts decides what may be said); 503 carries
 * Retry-After. `where` names the operation in the log line of an unexpected failure.
 */
export function errorResponse(error: unknown, where = 'REST'): Response {
  const answer = toPublicError(error, where);
  const body = { code: answer.code, message: answer.message, ...(answer.details === undefined ? {} : { details: answer.details }), ...(answer.requestId ? { requestId: answer.requestId } : {}) };
  const headers = new Headers();
  if (answer.requestId) headers.set('x-request-id', answer.requestId);
  if (answer.retryAfterSeconds) headers.set('retry-after', String(answer.retryAfterSeconds));
  return Response.json(body, { status: answer.status, headers });
}
