import { describe, expect, it } from 'vitest';
import { markDatabaseUnavailable, pageRequestScope } from './page-status';
import { publishable } from './public-error';

/** Runs `fail` inside `scope` after an await and a timer, as a failure surfaces in a render. */
function failLater(scope: ReturnType<typeof pageRequestScope>, fail: () => void): Promise<void> {
  return new Promise((resolve) =>
    scope.run(() => {
      void (async () => {
        await new Promise((r) => setTimeout(r, 5));
        fail();
        resolve();
      })();
    }),
  );
}

describe('page status while the database is unreachable', () => {
  it('turns the 500 of the request that found the database unreachable into 503, and nothing else', async () => {
    const failing = pageRequestScope();
    const healthy = pageRequestScope();
    await failLater(failing, () => markDatabaseUnavailable());
    healthy.run(() => undefined);
    expect(failing.status(500)).toBe(503);
    expect(failing.status(200)).toBe(200);
    expect(failing.status(404)).toBe(404);
    expect(healthy.status(500)).toBe(500);
  });

  it('is marked when a connection failure is published to a page', async () => {
    const scope = pageRequestScope();
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    let message = '';
    await failLater(scope, () => (message = publishable(refused, 'page test').message));
    expect(message).not.toContain('5432');
    expect(scope.status(500)).toBe(503);
  });

  it('leaves other failures at 500', async () => {
    const scope = pageRequestScope();
    await failLater(scope, () => publishable(new Error('boom'), 'page test'));
    expect(scope.status(500)).toBe(500);
  });

  it('does nothing outside a page request', () => {
    expect(() => markDatabaseUnavailable()).not.toThrow();
  });
});
