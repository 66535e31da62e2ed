import { ZodError } from 'zod';
import { AppError } from '@/server/errors/app-error';

export function jsonError(status: number, code: string, message: string, details?: unknown): Response {
  return Response.json(details === undefined ? { code, message } : { code, message, details }, { status });
}

/** Maps anything thrown by a handler to the public `{code, message}` error shape. */
export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return jsonError(error.status, error.code, error.message, error.details);
  if (error instanceof ZodError) {
    const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return jsonError(400, 'bad_request', 'The request is invalid.', details);
  }
  console.error('Unhandled error in REST handler', error);
  return jsonError(500, 'internal', 'Something went wrong on our side.');
}
