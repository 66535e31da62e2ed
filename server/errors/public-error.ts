import { randomBytes } from 'node:crypto';
import { ZodError } from 'zod';
import { AppError } from './app-error';
import { markDatabaseUnavailable } from './page-status';
import { isConnectionError, isDataException, isUniqueViolation, postgresFailureOf, UNAVAILABLE_MESSAGE, type PostgresFailure } from './database-errors';

// The one place that decides what a client learns about a failure. Expected refusals
// (AppError, invalid input) keep their clear messages. Anything else is logged here with a
// request id and answered with a stable code, a generic message and that id: never a
// database message, a statement or its parameter values. The REST wrapper, the tRPC error
// formatter and the sign-in form all answer through it.

export interface PublicError {
  status: number;
  /** Stable, machine-readable: the AppError codes plus `internal`. */
  code: string;
  message: string;
  details?: unknown;
  /** Present when the failure was logged: quote it to find the log line. */
  requestId?: string;
  /** For 503: when to try again. */
  retryAfterSeconds?: number;
}

export const RETRY_AFTER_SECONDS = 5;
const INTERNAL_MESSAGE = 'Something went wrong on our side.';

// A failure passes several layers (middleware, formatter, route); it is logged once.
const decided = new WeakMap<object, PublicError>();

export function newRequestId(): string {
  return randomBytes(8).toString('hex');
}

/** `path: message; path: message` — the fields a ZodError refuses. */
export function zodSummary(error: ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
}

function zodDetails(error: ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

// Data exceptions quote the offending value ("value \"1e308\" is out of range…"); the log keeps the shape, not the value.
function withoutValues(failure: PostgresFailure): PostgresFailure {
  return isDataException(failure) ? { ...failure, message: failure.message.replace(/"[^"]*"/g, '"…"') } : failure;
}

/** What may be logged of `error`: never drizzle's message (it embeds every parameter value). */
function loggable(error: unknown): Record<string, unknown> {
  if (error instanceof AppError) return { code: error.code };
  const failure = postgresFailureOf(error);
  if (failure) return { postgres: withoutValues(failure) };
  if (error instanceof Error) {
    const query = (error as { query?: unknown }).query;
    if (typeof query === 'string') return { name: error.name, query };
    return { name: error.name, message: error.message, stack: error.stack };
  }
  return { thrown: typeof error };
}

function logged(level: 'warn' | 'error', where: string, summary: string, error: unknown): string {
  const requestId = newRequestId();
  console[level](`[${requestId}] ${where}: ${summary}`, loggable(error));
  return requestId;
}

function decide(error: unknown, where: string): PublicError {
  if (error instanceof AppError) {
    if (error.code !== 'unavailable') return { status: error.status, code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
    const requestId = logged('warn', where, 'database unreachable', error);
    return { status: 503, code: 'unavailable', message: error.message, requestId, retryAfterSeconds: RETRY_AFTER_SECONDS };
  }
  if (error instanceof ZodError) return { status: 400, code: 'bad_request', message: `The request is invalid: ${zodSummary(error)}`, details: zodDetails(error) };
  if (isConnectionError(error)) {
    const requestId = logged('warn', where, 'database unreachable', error);
    return { status: 503, code: 'unavailable', message: UNAVAILABLE_MESSAGE, requestId, retryAfterSeconds: RETRY_AFTER_SECONDS };
  }
  const failure = postgresFailureOf(error);
  if (isDataException(failure)) {
    const requestId = logged('warn', where, `input validation let through a value the database refused (${failure!.code})`, error);
    return { status: 400, code: 'bad_request', message: `A value in the request cannot be stored (out of range or not valid text); nothing was stored (request id ${requestId}).`, requestId };
  }
  if (isUniqueViolation(failure)) {
    const requestId = logged('warn', where, 'unique constraint raced', error);
    return { status: 409, code: 'conflict', message: `A concurrent change conflicts with this request; nothing was stored. Reload and retry (request id ${requestId}).`, requestId };
  }
  const requestId = logged('error', where, 'unexpected failure', error);
  return { status: 500, code: 'internal', message: `${INTERNAL_MESSAGE} The failure was logged with request id ${requestId}.`, requestId };
}

/**
 * What a client may learn about `error` (thrown while serving `where`, e.g. `POST /api/v1/models`
 * or `tRPC users.create`); unexpected failures are logged with a request id first.
 */
export function toPublicError(error: unknown, where: string): PublicError {
  if (error instanceof PublishedError) return error.answer;
  if (typeof error !== 'object' || error === null) return decide(error, where);
  let answer = decided.get(error);
  if (!answer) {
    answer = decide(error, where);
    decided.set(error, answer);
  }
  return answer;
}

/**
 * Next.js shows a server error's digest (never its message) in production; a logged failure's
 * digest names its kind and request id, e.g. `vigil-unavailable:9f2c…`, so an error boundary
 * can say "the database is unreachable" and quote the id.
 */
export function digestOf(answer: PublicError): string | undefined {
  return answer.requestId ? `vigil-${answer.code}:${answer.requestId}` : undefined;
}

/**
 * An error fit to travel on (to Next.js's error boundary, to next-auth's sign-in form): its
 * message is the public one and it has no cause, so whoever logs it repeats nothing private.
 */
export class PublishedError extends Error {
  readonly digest: string | undefined;

  constructor(readonly answer: PublicError) {
    super(answer.message);
    this.name = 'PublishedError';
    this.digest = digestOf(answer);
  }
}

/** `error` as something safe to rethrow: expected AppErrors unchanged, anything else published. */
export function publishable(error: unknown, where: string): Error {
  if (error instanceof AppError && error.code !== 'unavailable') return error;
  const answer = toPublicError(error, where);
  if (answer.code === 'unavailable') markDatabaseUnavailable();
  return new PublishedError(answer);
}
