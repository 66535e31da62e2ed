import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase } from '@/db/client';
import { callEndpoint } from '@/server/rest/call-endpoint';
import { ingestEvents } from './ingest-service';
import { ingestEventsEndpoint, recordLabelsEndpoint } from './events-api';

// A port that was free a moment ago: nothing listens there, so connecting is refused.
const port = await new Promise<number>((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = server.address() as net.AddressInfo;
    server.close(() => resolve(free));
  });
});
const closedUrl = `postgres://postgres@127.0.0.1:${port}/vigil`;
// This file's process-wide pool (db()) points at the closed port.
process.env.DATABASE_URL = closedUrl;

const event = { requestId: 'r1', time: new Date().toISOString(), version: 1, features: { age: 1 }, prediction: { score: 0.5 } };

describe('database unreachable', () => {
  const database = createDatabase(closedUrl, { max: 1 });
  afterAll(() => closeDatabase(database));

  it('the service raises AppError unavailable', async () => {
    await expect(ingestEvents(database, 'credit-risk', [event])).rejects.toMatchObject({ code: 'unavailable', status: 503 });
  });

  it('the endpoints answer 503 unavailable, even before the token is checked', async () => {
    const token = `vgl_${'A'.repeat(32)}`;
    const events = await callEndpoint(ingestEventsEndpoint, { token, json: { model: 'credit-risk', events: [event] } });
    expect(events).toMatchObject({ status: 503, json: { code: 'unavailable', message: expect.stringContaining('Retry later') } });
    const labels = await callEndpoint(recordLabelsEndpoint, { token, json: { model: 'credit-risk', labels: [{ requestId: 'r1', label: 'x' }] } });
    expect(labels.status).toBe(503);
  });
});
