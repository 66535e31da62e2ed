import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboundDeliveries, outboundWebhooks } from '@/db/schema';
import { createDefaultTestDatabase } from '@/server/testing/test-database';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { verifyStandardWebhook } from '@/server/inbound-webhooks/standard-webhooks';
import { JOBS } from '@/server/jobs/job-catalog';
import { deliverOutbound, outboundDeliveryTask } from './deliver-outbound';
import { listOutboundDeliveries } from './delivery-queries';
import { createOutboundWebhook, deleteOutboundWebhook, listOutboundWebhooks, rotateOutboundWebhookSecret, sendTestEvent, setOutboundWebhookEnabled, updateOutboundWebhook } from './outbound-webhooks-service';
import { queueEvent } from './queue-event';

process.env.VIGIL_SECRETS_KEY = randomBytes(32).toString('base64');
const database = await createDefaultTestDatabase();
const admin: Actor = { type: 'user', id: '00000000-0000-4000-8000-0000000000ad', label: 'admin@vigil.test', roles: ['admin'], origin: { ip: '10.0.0.9', userAgent: 'test' } };

// A receiver on 127.0.0.1 that answers with scripted status codes and records every request.
interface Received {
  path: string;
  headers: Headers;
  body: Buffer;
}
const received: Received[] = [];
let script: number[] = [];
const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value);
    received.push({ path: request.url ?? '', headers, body: Buffer.concat(chunks) });
    const status = script.shift() ?? 200;
    response.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? `receiver says no (${status})` : 'ok');
  });
});
let base = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function closedPortUrl(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}

async function auditActions(targetId: string): Promise<string[]> {
  const rows = await database.execute<{ action: string }>(sql`select action from audit_events where target_id = ${targetId} order by seq`);
  return rows.map((r) => r.action);
}

async function delivery(id: string) {
  const [row] = await database.select().from(outboundDeliveries).where(eq(outboundDeliveries.id, id));
  return row!;
}

/** Seconds from now until the delivery's next attempt, by the database clock. */
async function secondsUntilNextAttempt(id: string): Promise<number | null> {
  const [row] = await database.execute<{ s: string | null }>(sql`select extract(epoch from next_attempt_at - now()) as s from outbound_deliveries where id = ${id}`);
  return row!.s === null ? null : Number(row!.s);
}

/** Queued outboundDelivery jobs of a delivery, with their start times. */
async function jobsOf(id: string) {
  return database.execute<{ start_after: string; next_attempt_at: string | null; state: string }>(
    sql`select j.start_after, d.next_attempt_at, j.state from pgboss.job j join outbound_deliveries d on d.id::text = j.data->>'deliveryId'
        where j.name = ${JOBS.outboundDelivery.name} and j.data->>'deliveryId' = ${id} order by j.created_on`,
  );
}

/** The clock moves on to the scheduled attempt (the job pg-boss holds until then is run by hand). */
async function timePasses(id: string) {
  await database.update(outboundDeliveries).set({ nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(outboundDeliveries.id, id));
}

async function queue(eventType: string, data: Record<string, unknown> = { alert: { id: 'a1' } }, text = 'Drift on *credit-risk*') {
  return database.transaction((tx) => queueEvent(tx, eventType, data, { text }));
}

describe('outbound webhook administration', () => {
  it('creates a webhook with a whsec_ secret shown once and sealed at rest, audited without secrets', async () => {
    const created = await createOutboundWebhook(database, admin, { name: 'Slack #ml-alerts', url: `${base}/services/T0/B0/very-secret-token`, events: ['alert.opened', 'alert.resolved', 'alert.opened'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.events).toEqual(['alert.opened', 'alert.resolved']);
    const [row] = await database.select().from(outboundWebhooks).where(eq(outboundWebhooks.id, created.id));
    expect(row!.encryptedSecret).not.toContain(created.secret.slice(6, 20));
    const listed = (await listOutboundWebhooks(database)).find((w) => w.id === created.id)!;
    expect(listed).not.toHaveProperty('secret');
    expect(listed.urlHint).toBe(`${base}/…oken`);
    const [audit] = await database.execute<{ body: string }>(sql`select body from audit_events where action = 'outbound_webhook.created' and target_id = ${created.id}`);
    expect(audit!.body).not.toContain('very-secret-token');
    expect(audit!.body).not.toContain(created.secret);
    await deleteOutboundWebhook(database, admin, { webhookId: created.id });
    expect(await auditActions(created.id)).toEqual(['outbound_webhook.created', 'outbound_webhook.deleted']);
  });

  it('refuses URLs that are not http(s)', async () => {
    const { createOutboundWebhookSchema } = await import('./outbound-webhook-schemas');
    expect(createOutboundWebhookSchema.safeParse({ name: 'x', url: 'ftp://example.com/x' }).success).toBe(false);
    expect(createOutboundWebhookSchema.safeParse({ name: 'x', url: 'javascript:alert(1)' }).success).toBe(false);
    expect(createOutboundWebhookSchema.safeParse({ name: 'x', url: 'https://hooks.slack.com/services/x' }).success).toBe(true);
  });
});

describe('queueing and delivering', () => {
  let secret = '';
  let webhookId = '';
  beforeEach(() => {
    received.length = 0;
    script = [];
  });
  beforeAll(async () => {
    await database.delete(outboundWebhooks).where(sql`true`);
    const created = await createOutboundWebhook(database, admin, { name: 'receiver', url: `${base}/hook`, events: [] });
    secret = created.secret;
    webhookId = created.id;
  });

  it('queues one delivery per enabled, subscribed webhook with its job, only if the transaction commits', async () => {
    const onlyResolved = await createOutboundWebhook(database, admin, { name: 'resolved only', url: `${base}/resolved`, events: ['alert.resolved'] });
    const disabled = await createOutboundWebhook(database, admin, { name: 'disabled', url: `${base}/off`, events: [] });
    await setOutboundWebhookEnabled(database, admin, { webhookId: disabled.id, enabled: false });

    const queued = await queue('alert.opened');
    expect(queued.messageId).toMatch(/^msg_[0-9a-f-]{36}$/);
    expect(queued.deliveryIds).toHaveLength(1);
    expect((await delivery(queued.deliveryIds[0]!)).webhookId).toBe(webhookId);
    expect(await jobsOf(queued.deliveryIds[0]!)).toHaveLength(1);
    expect((await queue('alert.resolved')).deliveryIds).toHaveLength(2);

    const before = (await database.select().from(outboundDeliveries)).length;
    await expect(database.transaction(async (tx) => { await queueEvent(tx, 'alert.opened', {}); throw new Error('the change failed'); })).rejects.toThrow('the change failed');
    expect(await database.select().from(outboundDeliveries)).toHaveLength(before);
    expect(await database.execute(sql`select 1 from pgboss.job where name = ${JOBS.outboundDelivery.name} and not exists (select 1 from outbound_deliveries d where d.id::text = data->>'deliveryId')`)).toHaveLength(0);

    await deleteOutboundWebhook(database, admin, { webhookId: onlyResolved.id });
    await deleteOutboundWebhook(database, admin, { webhookId: disabled.id });
    expect(await auditActions(disabled.id)).toEqual(['outbound_webhook.created', 'outbound_webhook.disabled', 'outbound_webhook.deleted']);
  });

  it('POSTs a Standard Webhooks-signed JSON body with a Slack text, and logs the delivery', async () => {
    received.length = 0;
    const { deliveryIds, messageId } = await queue('alert.opened', { alert: { id: 'a1', severity: 'critical' } }, ':rotating_light: Drift on *credit-risk*');
    expect(await deliverOutbound(database, { deliveryId: deliveryIds[0]! })).toEqual({ outcome: 'delivered', attempt: 1, statusCode: 200 });
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request!.path).toBe('/hook');
    expect(request!.headers.get('content-type')).toBe('application/json');
    expect(request!.headers.get('webhook-id')).toBe(messageId);
    expect(verifyStandardWebhook(request!.headers, request!.body, [secret])).toMatchObject({ ok: true, id: messageId });
    expect(verifyStandardWebhook(request!.headers, request!.body, ['whsec_' + randomBytes(32).toString('base64')]).ok).toBe(false);
    const body = JSON.parse(request!.body.toString('utf8'));
    expect(body).toMatchObject({ type: 'alert.opened', text: ':rotating_light: Drift on *credit-risk*', data: { alert: { id: 'a1', severity: 'critical' } } });
    expect(new Date(body.timestamp).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await delivery(deliveryIds[0]!)).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null, deliveredAt: expect.any(Date) });
    // The follow-up job queued with the attempt finds nothing left to do.
    await timePasses(deliveryIds[0]!);
    expect(await deliverOutbound(database, { deliveryId: deliveryIds[0]! })).toEqual({ outcome: 'skipped', reason: 'already delivered' });
    const log = await listOutboundDeliveries(database, { webhookId, limit: 10 });
    expect(log.find((d) => d.id === deliveryIds[0])).toMatchObject({ webhookName: 'receiver', eventType: 'alert.opened', status: 'delivered', attempts: 1, lastStatusCode: 200 });
  });

  it('retries a receiver that fails twice with backoff, then delivers the same message: 3 attempts', async () => {
    received.length = 0;
    script = [500, 503, 200];
    const { deliveryIds, messageId } = await queue('alert.opened');
    const id = deliveryIds[0]!;

    const first = await deliverOutbound(database, { deliveryId: id });
    expect(first).toMatchObject({ outcome: 'retrying', attempt: 1, statusCode: 500, error: 'HTTP 500: receiver says no (500)' });
    expect(await delivery(id)).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500: receiver says no (500)' });
    expect(await secondsUntilNextAttempt(id)).toBeGreaterThan(25);
    expect(await secondsUntilNextAttempt(id)).toBeLessThanOrEqual(30);
    // The retry is a pg-boss job due exactly when the delivery says its next attempt is.
    const jobs = await jobsOf(id);
    expect(jobs).toHaveLength(2);
    expect(new Date(jobs[1]!.start_after).getTime()).toBe(new Date(jobs[1]!.next_attempt_at!).getTime());

    // A duplicate or early job neither sends nor counts anything.
    expect(await deliverOutbound(database, { deliveryId: id })).toMatchObject({ outcome: 'skipped' });
    expect(received).toHaveLength(1);

    await timePasses(id);
    expect(await deliverOutbound(database, { deliveryId: id })).toMatchObject({ outcome: 'retrying', attempt: 2, statusCode: 503 });
    expect(await secondsUntilNextAttempt(id)).toBeGreaterThan(115);
    expect(await secondsUntilNextAttempt(id)).toBeLessThanOrEqual(120);
    expect(await jobsOf(id)).toHaveLength(3);

    await timePasses(id);
    expect(await deliverOutbound(database, { deliveryId: id })).toEqual({ outcome: 'delivered', attempt: 3, statusCode: 200 });
    expect(await delivery(id)).toMatchObject({ status: 'delivered', attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    expect(received.map((r) => r.headers.get('webhook-id'))).toEqual([messageId, messageId, messageId]);
    expect(new Set(received.map((r) => r.body.toString('utf8'))).size).toBe(1);
    for (const r of received) expect(verifyStandardWebhook(r.headers, r.body, [secret]).ok).toBe(true);
  });

  it('gives up after 6 failed attempts with the last error, backing off 30 s, 2 min, 10 min, 1 h, 6 h', async () => {
    const dead = await createOutboundWebhook(database, admin, { name: 'dead receiver', url: await closedPortUrl(), events: ['alert.opened'] });
    const { deliveryIds } = await queue('alert.opened');
    const mine = (await Promise.all(deliveryIds.map(delivery))).find((d) => d.webhookId === dead.id)!.id;
    const waits: number[] = [];
    try {
      for (let attempt = 1; attempt <= 6; attempt += 1) {
        const outcome = await deliverOutbound(database, { deliveryId: mine });
        expect(outcome).toMatchObject({ attempt, outcome: attempt < 6 ? 'retrying' : 'failed', statusCode: null, error: expect.stringMatching(/ECONNREFUSED/) });
        if (attempt === 6) break;
        waits.push(Math.round((await secondsUntilNextAttempt(mine))!));
        await timePasses(mine);
      }
      expect(waits).toEqual([30, 120, 600, 3600, 21_600]);
      const row = await delivery(mine);
      expect(row).toMatchObject({ status: 'failed', attempts: 6, lastStatusCode: null, nextAttemptAt: null, deliveredAt: null });
      expect(row.lastError).toMatch(/^Network error: ECONNREFUSED/);
      expect(await deliverOutbound(database, { deliveryId: mine })).toEqual({ outcome: 'skipped', reason: 'already failed' });
    } finally {
      await deleteOutboundWebhook(database, admin, { webhookId: dead.id });
    }
  });

  it('leaves a counted attempt and a queued follow-up while the receiver has not answered (a worker dying then loses nothing)', async () => {
    const { deliveryIds } = await queue('alert.opened');
    const id = deliveryIds[0]!;
    let answer!: (r: Response) => void;
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const hanging: typeof fetch = () => {
      started();
      return new Promise<Response>((resolve) => (answer = resolve));
    };
    const run = deliverOutbound(database, { deliveryId: id }, { fetch: hanging });
    await inFlight;
    expect(await delivery(id)).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/No result recorded/) });
    expect(await jobsOf(id)).toHaveLength(2);
    // A second worker given the same job meanwhile does nothing.
    expect(await deliverOutbound(database, { deliveryId: id })).toMatchObject({ outcome: 'skipped' });
    answer(new Response('fine', { status: 202 }));
    expect(await run).toEqual({ outcome: 'delivered', attempt: 1, statusCode: 202 });
  });

  it('marks failed a last attempt that never reported back, and deliveries of a disabled webhook', async () => {
    const { deliveryIds } = await queue('alert.opened');
    const id = deliveryIds[0]!;
    // As if attempt 6 was claimed and its worker died: the watchdog job comes due.
    await database.update(outboundDeliveries).set({ attempts: 6, nextAttemptAt: sql`now() - interval '1 second'` }).where(eq(outboundDeliveries.id, id));
    expect(await deliverOutbound(database, { deliveryId: id })).toMatchObject({ outcome: 'failed', attempt: 6 });
    expect((await delivery(id)).lastError).toMatch(/Attempt 6 of 6 was interrupted/);

    const other = await queue('alert.opened');
    await setOutboundWebhookEnabled(database, admin, { webhookId, enabled: false });
    expect(await deliverOutbound(database, { deliveryId: other.deliveryIds[0]! })).toMatchObject({ outcome: 'failed', attempt: 0 });
    expect(await delivery(other.deliveryIds[0]!)).toMatchObject({ status: 'failed', attempts: 0, lastError: 'Not sent: the webhook was disabled.' });
    await setOutboundWebhookEnabled(database, admin, { webhookId, enabled: true });
  });

  it('sends a test event to one webhook whatever its filter, audited; refused while disabled', async () => {
    await updateOutboundWebhook(database, admin, { webhookId, events: ['alert.resolved'] });
    received.length = 0;
    const test = await sendTestEvent(database, admin, webhookId);
    expect(await deliverOutbound(database, { deliveryId: test.deliveryId })).toMatchObject({ outcome: 'delivered' });
    const body = JSON.parse(received[0]!.body.toString('utf8'));
    expect(body).toMatchObject({ type: 'test', text: expect.stringMatching(/Test message from Vigil/), data: { webhook: { id: webhookId, name: 'receiver' }, requestedBy: admin.label } });
    await setOutboundWebhookEnabled(database, admin, { webhookId, enabled: false });
    await expect(sendTestEvent(database, admin, webhookId)).rejects.toBeInstanceOf(AppError);
    await setOutboundWebhookEnabled(database, admin, { webhookId, enabled: true });
    await updateOutboundWebhook(database, admin, { webhookId, events: [] });
    const actions = await auditActions(webhookId);
    expect(actions).toContain('outbound_webhook.updated');
    expect(actions.filter((a) => a === 'outbound_webhook.test_sent')).toHaveLength(1);
  });

  it('signs with the new secret after rotation', async () => {
    const rotated = await rotateOutboundWebhookSecret(database, admin, { webhookId });
    expect(rotated.secret).not.toBe(secret);
    received.length = 0;
    const test = await sendTestEvent(database, admin, webhookId);
    await deliverOutbound(database, { deliveryId: test.deliveryId });
    expect(verifyStandardWebhook(received[0]!.headers, received[0]!.body, [rotated.secret]).ok).toBe(true);
    expect(verifyStandardWebhook(received[0]!.headers, received[0]!.body, [secret]).ok).toBe(false);
    secret = rotated.secret;
    expect(await auditActions(webhookId)).toContain('outbound_webhook.secret_rotated');
  });

  it('is delivered by a pg-boss worker running the task', async () => {
    received.length = 0;
    const boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema: 'pgboss', supervise: false, schedule: false, max: 2 });
    await boss.start();
    try {
      await boss.work<{ deliveryId: string }>(JOBS.outboundDelivery.name, { pollingIntervalSeconds: 0.5, batchSize: 50 }, async (jobs) => {
        for (const job of jobs) await outboundDeliveryTask(database, job.data);
      });
      const { deliveryIds, messageId } = await queue('alert.opened');
      const deadline = Date.now() + 20_000;
      while ((await delivery(deliveryIds[0]!)).status === 'pending' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await delivery(deliveryIds[0]!)).toMatchObject({ status: 'delivered', attempts: 1 });
      // Earlier tests' queued deliveries are worked off too; this message went out once.
      expect(received.filter((r) => r.headers.get('webhook-id') === messageId)).toHaveLength(1);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });
});
