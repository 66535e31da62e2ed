import { describe, expect, it } from 'vitest';
import { markDatabaseUnavailable, pageStatus } from './page-status';
import { publishable } from './public-error';

describe('page status while the database is unreachable', () => {
  it('turns a 500 into 503 for a few seconds after a page found the database unreachable, and nothing else', () => {
    expect(pageStatus(500, 1_000)).toBe(500);
    markDatabaseUnavailable(10_000);
    expect(pageStatus(500, 12_000)).toBe(503);
    expect(pageStatus(200, 12_000)).toBe(200);
    expect(pageStatus(404, 12_000)).toBe(404);
    expect(pageStatus(500, 16_000)).toBe(500);
  });

  it('is marked when a connection failure is published to a page', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const published = publishable(refused, 'page test');
    expect(published.message).not.toContain('5432');
    expect(pageStatus(500)).toBe(503);
  });
});
