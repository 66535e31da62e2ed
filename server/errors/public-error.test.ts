import { DrizzleQueryError } from 'drizzle-orm/errors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AppError } from './app-error';
import { databaseFailureSummary } from './database-errors';
import { publishable, PublishedError, toPublicError } from './public-error';

const SECRET = '$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0$aGFzaA';

function postgresError(code: string, message: string) {
  return Object.assign(new Error(message), { name: 'PostgresError', code, severity: 'ERROR', detail: `Key (secret)=(${SECRET})`, query: 'insert into users (name, password_hash) values ($1, $2)', parameters: ['x', SECRET] });
}

function drizzleError(cause: unknown) {
  return new DrizzleQueryError('insert into users (name, password_hash) values ($1, $2)', ['x\u0000', SECRET], cause as Error);
}

function captureLogs() {
  const lines: string[] = [];
  const record = (...args: unknown[]) => lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  vi.spyOn(console, 'error').mockImplementation(record);
  vi.spyOn(console, 'warn').mockImplementation(record);
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe('toPublicError', () => {
  it('answers an unexpected failure with a generic message and a request id, and logs it without parameter values', () => {
    const logs = captureLogs();
    const answer = toPublicError(drizzleError(postgresError('42P01', 'relation "users" does not exist')), 'tRPC users.create');
    expect(answer).toMatchObject({ status: 500, code: 'internal', requestId: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(answer.message).toContain(answer.requestId);
    expect(JSON.stringify(answer)).not.toMatch(/argon2|insert into|relation/);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain(answer.requestId);
    expect(logs[0]).toContain('tRPC users.create');
    expect(logs[0]).toContain('42P01');
    expect(logs[0]).not.toContain(SECRET);
  });

  it('answers a value the database refused (class 22) with 400 and keeps the value out of the log too', () => {
    const logs = captureLogs();
    const answer = toPublicError(drizzleError(postgresError('22003', `value "${SECRET}" is out of range for type real`)), 'POST /api/v1/x');
    expect(answer).toMatchObject({ status: 400, code: 'bad_request' });
    expect(JSON.stringify(answer)).not.toContain(SECRET);
    expect(logs.join('\n')).not.toContain(SECRET);
  });

  it('answers a lost database with 503, Retry-After and a request id', () => {
    captureLogs();
    for (const error of [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }), drizzleError(postgresError('57P01', 'terminating connection due to administrator command')), drizzleError(Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' })), postgresError('57P03', 'the database system is starting up')]) {
      const answer = toPublicError(error, 'GET /api/v1/models');
      expect(answer).toMatchObject({ status: 503, code: 'unavailable', retryAfterSeconds: 5, requestId: expect.any(String) });
      expect(answer.message).not.toMatch(/ECONNREFUSED|CONNECTION|administrator|insert/);
    }
  });

  it('keeps expected refusals as they are, unlogged', () => {
    const logs = captureLogs();
    expect(toPublicError(new AppError('not_found', "No model named 'x'."), 'REST')).toEqual({ status: 404, code: 'not_found', message: "No model named 'x'." });
    const zod = z.object({ name: z.string() }).safeParse({ name: 1 }).error!;
    expect(toPublicError(zod, 'REST')).toMatchObject({ status: 400, code: 'bad_request', message: expect.stringContaining('name:'), details: [{ path: 'name', message: expect.any(String) }] });
    expect(logs).toEqual([]);
  });

  it('decides once per failure: a second layer gets the same answer and logs nothing more', () => {
    const logs = captureLogs();
    const error = new Error('boom');
    const first = toPublicError(error, 'a');
    expect(toPublicError(error, 'b')).toBe(first);
    expect(toPublicError(new PublishedError(first), 'c')).toBe(first);
    expect(logs).toHaveLength(1);
  });

  it('publishable errors carry the public message, a digest naming the kind, and no cause', () => {
    captureLogs();
    const published = publishable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'page');
    expect(published).toBeInstanceOf(PublishedError);
    expect((published as PublishedError).digest).toMatch(/^vigil-unavailable:[0-9a-f]{16}$/);
    expect(published.cause).toBeUndefined();
    const expected = new AppError('forbidden', 'No.');
    expect(publishable(expected, 'page')).toBe(expected);
  });
});

describe('databaseFailureSummary', () => {
  it('says what failed with a code, never the statement', () => {
    expect(databaseFailureSummary(drizzleError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })))).toBe('the database cannot be reached (ECONNREFUSED)');
    expect(databaseFailureSummary(drizzleError(postgresError('42501', 'permission denied')))).toBe('the database call failed (SQLSTATE 42501)');
  });
});
