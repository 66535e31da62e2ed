import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { AppError, type AppErrorCode } from '@/server/errors/app-error';
import { digestOf, toPublicError, zodSummary, type PublicError } from '@/server/errors/public-error';

// How a failure inside a procedure reaches the caller: AppError and invalid input keep their
// messages; anything else is decided by server/errors (logged with a request id, answered
// generically: 503 while the database is unreachable, 500 otherwise). Server components
// calling procedures directly get the same TRPCError, with a digest their error boundary
// can recognise (server/errors/public-error.ts: digestOf).

const TRPC_CODES: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  bad_request: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  payload_too_large: 'PAYLOAD_TOO_LARGE',
  unavailable: 'SERVICE_UNAVAILABLE',
  unsupported_media_type: 'UNSUPPORTED_MEDIA_TYPE',
  unprocessable: 'UNPROCESSABLE_CONTENT',
  rate_limited: 'TOO_MANY_REQUESTS',
};

const BY_STATUS: Record<number, TRPC_ERROR_CODE_KEY> = { 400: 'BAD_REQUEST', 409: 'CONFLICT', 503: 'SERVICE_UNAVAILABLE' };

/**
 * A TRPCError whose message is already fit for the client, with the request id it was logged
 * under. It keeps no cause: Next.js and others log what reaches them, causes included.
 */
export class PublicTrpcError extends TRPCError {
  readonly requestId: string | undefined;
  readonly digest: string | undefined;

  constructor(answer: PublicError) {
    super({ code: BY_STATUS[answer.status] ?? 'INTERNAL_SERVER_ERROR', message: answer.message });
    this.requestId = answer.requestId;
    this.digest = digestOf(answer);
  }
}

/** The TRPCError a failure inside procedure `path` becomes. */
export function toTrpcError(error: unknown, path: string): TRPCError {
  if (error instanceof PublicTrpcError) return error;
  if (error instanceof AppError && error.code !== 'unavailable') return new TRPCError({ code: TRPC_CODES[error.code], message: error.message, cause: error });
  if (error instanceof TRPCError) {
    if (error.code !== 'INTERNAL_SERVER_ERROR') return error;
    if (error.cause && error.cause !== error) return toTrpcError(error.cause, path);
  }
  if (error instanceof ZodError) return new TRPCError({ code: 'BAD_REQUEST', message: zodSummary(error), cause: error });
  return new PublicTrpcError(toPublicError(error, `tRPC ${path}`));
}

/** The shape tRPC sends for `error`: nothing but public messages, the matching HTTP status, and the request id when one was logged. */
export function publicShape<S extends { message: string; code: number; data: object }>(shape: S, error: TRPCError, path: string | undefined): S {
  const data = { ...shape.data, stack: undefined };
  if (error.cause instanceof ZodError) return { ...shape, message: zodSummary(error.cause), data };
  const mapped = toTrpcError(error, path ?? '(unknown procedure)');
  const requestId = mapped instanceof PublicTrpcError ? mapped.requestId : undefined;
  return {
    ...shape,
    message: mapped.message,
    code: TRPC_ERROR_CODES_BY_KEY[mapped.code],
    data: { ...data, code: mapped.code, httpStatus: getHTTPStatusCodeFromError(mapped), ...(requestId ? { requestId } : {}) },
  };
}
