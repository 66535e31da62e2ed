import { AppError } from '@/server/errors/app-error';

// Errors that mean "the database cannot be reached right now" rather than "this request is
// wrong": socket errors, postgres.js connection states, and PostgreSQL's connection
// exception class (08), shutdown (57P01–57P03) and too-many-connections (53300) codes.
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** Whether `error` (or anything in its cause chain) is a lost or refused database connection. */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  if (Array.isArray(errors) && errors.some((e) => isConnectionError(e, depth + 1))) return true;
  return isConnectionError(cause, depth + 1);
}

/** Connection failures become AppError `unavailable` (503: retry later); anything else is returned unchanged. */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof AppError || !isConnectionError(error)) return error;
  return new AppError('unavailable', 'The database is unreachable right now; nothing was stored. Retry later.');
}
