import { AppError } from './app-error';

// Reading what went wrong in the database without repeating it to anyone: postgres.js
// raises PostgresError (SQLSTATE in `code`, the statement in `query`, values in
// `parameters`) or socket errors, and drizzle wraps them in an error whose message embeds
// the SQL and every parameter value (a password hash, a token hash). Only the fields below
// are ever logged; messages and parameters never reach a client.

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

const MAX_DEPTH = 5;

/** Whether `error` (or anything in its cause chain) is a lost or refused database connection. */
export function isConnectionError(error: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return false;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return true;
  if (Array.isArray(errors) && errors.some((e) => isConnectionError(e, depth + 1))) return true;
  return isConnectionError(cause, depth + 1);
}

export const UNAVAILABLE_MESSAGE = 'The database is unreachable right now; nothing was stored. Retry later.';

/** Connection failures become AppError `unavailable` (503: retry later); anything else is returned unchanged. */
export function asUnavailable(error: unknown): unknown {
  if (error instanceof AppError || !isConnectionError(error)) return error;
  return new AppError('unavailable', UNAVAILABLE_MESSAGE);
}

/** The fields of a PostgreSQL error report that are safe to log (no values). */
export interface PostgresFailure {
  /** SQLSTATE, e.g. 22021 (invalid byte sequence), 23505 (unique violation). */
  code: string;
  message: string;
  table?: string;
  column?: string;
  constraint?: string;
  /** The statement text with its $n placeholders, never the values. */
  query?: string;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The PostgreSQL error report in `error`'s cause chain, reduced to its value-free fields. */
export function postgresFailureOf(error: unknown, depth = 0): PostgresFailure | null {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return null;
  const e = error as Record<string, unknown>;
  if (typeof e.code === 'string' && SQLSTATE.test(e.code) && typeof e.severity === 'string') {
    const text = (key: string) => (typeof e[key] === 'string' ? (e[key] as string) : undefined);
    return {
      code: e.code,
      message: typeof e.message === 'string' ? e.message : '',
      table: text('table_name'),
      column: text('column_name'),
      constraint: text('constraint_name'),
      query: text('query'),
    };
  }
  return postgresFailureOf(e.cause, depth + 1);
}

/**
 * Class 22 (data exception: a value that does not fit its column, bytes the encoding refuses,
 * an out-of-range date). Input validation should have refused it; if it did not, the request
 * was still at fault.
 */
export function isDataException(failure: PostgresFailure | null): boolean {
  return failure !== null && failure.code.startsWith('22');
}

/** A unique constraint raced by a concurrent request (services check first; this is the loser). */
export function isUniqueViolation(failure: PostgresFailure | null): boolean {
  return failure?.code === '23505';
}

function codeOf(error: unknown, depth = 0): string | null {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return null;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  if (Array.isArray(errors)) for (const e of errors) if (codeOf(e, depth + 1)) return codeOf(e, depth + 1);
  return codeOf(cause, depth + 1);
}

/** One line about a failed database call that is safe to show anyone (a code, never SQL or values): for health reports. */
export function databaseFailureSummary(error: unknown): string {
  const code = codeOf(error);
  if (isConnectionError(error)) return `the database cannot be reached${code ? ` (${code})` : ''}`;
  return `the database call failed${code ? ` (${SQLSTATE.test(code) ? `SQLSTATE ${code}` : code})` : ''}`;
}
