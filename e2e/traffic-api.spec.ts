import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { createToken } from './support/admin-ui';
import { unique } from './support/demo-users';
import { signInAs } from './support/sign-in';

// A production service logs its predictions through the web process's own serving of the
// traffic endpoints (runtime/web-server.ts), not Next.js's router: the answers must
// be the documented ones all the same.

function event(requestId: string, minutesAgo: number) {
  return {
    requestId,
    time: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    version: 1,
    features: { age: 41, income: 62.5, loan_amount: 20, debt_to_income: 0.31, credit_history_years: 12, num_late_payments: 0, employment_type: 'salaried', purpose: 'car' },
    prediction: { score: 0.18, label: 'repaid' },
    latencyMs: 3.2,
    attributes: { gender: 'female', age_band: '30_to_50' },
  };
}

test('a service logs events and labels through the API: stored once, refused whole when bad', async ({ page, request }) => {
  await signInAs(page, 'admin');
  const secret = await createToken(page, unique('serving-logger'), ['events:write']);
  const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
  const prefix = unique('e2e-req');
  const batch = { model: 'credit-risk', events: [event(`${prefix}-1`, 5), event(`${prefix}-2`, 4)] };

  const first = await request.post('/api/v1/events', { headers, data: batch });
  expect(first.status()).toBe(201);
  expect(await first.json()).toEqual({ received: 2, inserted: 2, duplicates: 0 });

  const again = await request.post('/api/v1/events', { headers, data: batch });
  expect(again.status()).toBe(200);
  expect(await again.json()).toEqual({ received: 2, inserted: 0, duplicates: 2 });

  const gzipped = await request.post('/api/v1/events', {
    headers: { ...headers, 'content-encoding': 'gzip' },
    data: gzipSync(JSON.stringify({ model: 'credit-risk', events: [event(`${prefix}-3`, 3)] })),
  });
  expect(gzipped.status()).toBe(201);

  const bad = await request.post('/api/v1/events', { headers, data: { model: 'credit-risk', events: [event(`${prefix}-4`, 2), { ...event(`${prefix}-5`, 1), features: { age: 'old' } }] } });
  expect(bad.status()).toBe(400);
  const refusal = await bad.json();
  expect(refusal.code).toBe('bad_request');
  expect(refusal.details).toContainEqual({ row: 1, field: 'features.age', reason: expect.stringContaining('expected a finite number') });

  const malformed = await request.post('/api/v1/events', { headers, data: Buffer.from('{"model": "credit-risk", "events": [') });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).message).toBe('The request body is not valid JSON.');

  const unauthenticated = await request.post('/api/v1/events', { headers: { 'content-type': 'application/json' }, data: batch });
  expect(unauthenticated.status()).toBe(401);

  const labels = await request.post('/api/v1/labels', { headers, data: { model: 'credit-risk', labels: [{ requestId: `${prefix}-1`, label: 'defaulted' }, { requestId: `${prefix}-4`, label: 'repaid' }] } });
  expect(labels.status()).toBe(200);
  expect(await labels.json()).toEqual({ updated: 1, unknown: [`${prefix}-4`] });

  // Other methods and paths are still Next.js's: the route answers only POST.
  expect((await request.get('/api/v1/events', { headers })).status()).toBe(405);
  expect((await request.get('/api/v1/openapi.json')).status()).toBe(200);
});
