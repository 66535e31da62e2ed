import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { outboundDeliveries, outboundWebhooks } from '@/db/schema';
import { enqueue } from '@/server/jobs/enqueue';
import { loadSecretsKey, openSecret } from '@/server/secrets/secret-box';
import { DELIVERY_TIMEOUT_MS, followUpDelaySeconds, isDelivered, MAX_DELIVERY_ATTEMPTS } from './delivery-policy';
import { signedRequest, type OutboundMessage } from './outbound-message';

// One run of the `outboundDelivery` job = at most one HTTP attempt. The attempt is claimed
// first, in one transaction that also counts it and enqueues the follow-up job (the next
// attempt after the backoff, or after the last attempt a watchdog); only then is the request
// sent, and its result recorded with a second, conditional update. A worker that dies
// mid-request therefore leaves a counted attempt and a queued follow-up: nothing is lost,
// and a duplicate or early job finds nothing to claim, so nothing is sent or counted twice.

export type DeliveryOutcome =
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'delivered'; attempt: number; statusCode: number }
  | { outcome: 'retrying'; attempt: number; statusCode: number | null; error: string; nextAttemptAt: Date }
  | { outcome: 'failed'; attempt: number; statusCode: number | null; error: string };

const INTERRUPTED = 'No result recorded: the attempt is in progress, or its worker stopped before the receiver answered.';
const MAX_ERROR_CHARS = 500;
const MAX_BODY_BYTES = 1024;

export interface DeliverOptions {
  /** Replaceable in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** A pending delivery is claimable when no attempt is scheduled for later. */
function claimable(id: string, attempts: number) {
  return and(
    eq(outboundDeliveries.id, id),
    eq(outboundDeliveries.status, 'pending'),
    eq(outboundDeliveries.attempts, attempts),
    or(isNull(outboundDeliveries.nextAttemptAt), lte(outboundDeliveries.nextAttemptAt, sql`now()`)),
  );
}

/** The start of a response body, for the log; the rest is discarded without being read. */
async function bodySnippet(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that breaks off says nothing more than its status already did.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8').replace(/\s+/g, ' ').trim();
}

function describeError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `No answer within ${DELIVERY_TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `Network error: ${cause.code}${cause.message ? ` (${cause.message})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

async function attempt(fetchImpl: typeof fetch, url: string, sealedSecret: string, messageId: string, message: OutboundMessage): Promise<{ statusCode: number | null; error: string | null }> {
  try {
    const { headers, body } = signedRequest(openSecret(sealedSecret, loadSecretsKey()), messageId, message, new Date());
    const response = await fetchImpl(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS) });
    const snippet = await bodySnippet(response);
    if (isDelivered(response.status)) return { statusCode: response.status, error: null };
    return { statusCode: response.status, error: `HTTP ${response.status}${snippet ? `: ${snippet}` : ''}`.slice(0, MAX_ERROR_CHARS) };
  } catch (error) {
    return { statusCode: null, error: describeError(error).slice(0, MAX_ERROR_CHARS) };
  }
}

/** Runs one job of `outboundDelivery`: one attempt at most, recorded whatever happens. */
export async function deliverOutbound(database: Database, payload: { deliveryId: string }, options: DeliverOptions = {}): Promise<DeliveryOutcome> {
  const [row] = await database
    .select({ delivery: outboundDeliveries, webhook: outboundWebhooks })
    .from(outboundDeliveries)
    .innerJoin(outboundWebhooks, eq(outboundWebhooks.id, outboundDeliveries.webhookId))
    .where(eq(outboundDeliveries.id, payload.deliveryId));
  if (!row) return { outcome: 'skipped', reason: 'no such delivery (its webhook was deleted)' };
  const { delivery, webhook } = row;
  if (delivery.status !== 'pending') return { outcome: 'skipped', reason: `already ${delivery.status}` };

  // Nothing to send: close the delivery if it is still this job's turn.
  const close = async (reason: string): Promise<DeliveryOutcome> => {
    const [closed] = await database
      .update(outboundDeliveries)
      .set({ status: 'failed', lastError: reason, nextAttemptAt: null })
      .where(claimable(delivery.id, delivery.attempts))
      .returning({ id: outboundDeliveries.id });
    return closed ? { outcome: 'failed', attempt: delivery.attempts, statusCode: delivery.lastStatusCode, error: reason } : { outcome: 'skipped', reason: 'not due' };
  };
  if (!webhook.enabled) return close('Not sent: the webhook was disabled.');
  if (delivery.attempts >= MAX_DELIVERY_ATTEMPTS) return close(`Attempt ${delivery.attempts} of ${MAX_DELIVERY_ATTEMPTS} was interrupted before the receiver answered.`);

  const attemptNo = delivery.attempts + 1;
  const claim = await database.transaction(async (tx) => {
    const [claimed] = await tx
      .update(outboundDeliveries)
      .set({ attempts: attemptNo, lastStatusCode: null, lastError: INTERRUPTED, nextAttemptAt: sql`date_trunc('milliseconds', now()) + ${followUpDelaySeconds(attemptNo)} * interval '1 second'` })
      .where(claimable(delivery.id, delivery.attempts))
      .returning({ nextAttemptAt: outboundDeliveries.nextAttemptAt });
    if (!claimed) return null;
    // Whole milliseconds, so the job's start_after is exactly next_attempt_at: never due before the row is claimable.
    await enqueue(tx, 'outboundDelivery', { deliveryId: delivery.id }, { startAfter: claimed.nextAttemptAt! });
    return claimed;
  });
  if (!claim) return { outcome: 'skipped', reason: 'not due, or claimed by another worker' };

  const result = await attempt(options.fetch ?? fetch, webhook.url, webhook.encryptedSecret, delivery.messageId, delivery.payload);
  const ownAttempt = and(eq(outboundDeliveries.id, delivery.id), eq(outboundDeliveries.status, 'pending'), eq(outboundDeliveries.attempts, attemptNo));
  if (result.error === null) {
    await database
      .update(outboundDeliveries)
      .set({ status: 'delivered', lastStatusCode: result.statusCode, lastError: null, nextAttemptAt: null, deliveredAt: sql`now()` })
      .where(ownAttempt);
    return { outcome: 'delivered', attempt: attemptNo, statusCode: result.statusCode! };
  }
  if (attemptNo >= MAX_DELIVERY_ATTEMPTS) {
    await database.update(outboundDeliveries).set({ status: 'failed', lastStatusCode: result.statusCode, lastError: result.error, nextAttemptAt: null }).where(ownAttempt);
    return { outcome: 'failed', attempt: attemptNo, statusCode: result.statusCode, error: result.error };
  }
  // The next attempt was scheduled with the claim; only the result is left to record.
  await database.update(outboundDeliveries).set({ lastStatusCode: result.statusCode, lastError: result.error }).where(ownAttempt);
  return { outcome: 'retrying', attempt: attemptNo, statusCode: result.statusCode, error: result.error, nextAttemptAt: claim.nextAttemptAt! };
}

/** The worker's handler: one log line per attempt, never the URL (chat URLs carry secrets). */
export async function outboundDeliveryTask(database: Database, payload: { deliveryId: string }): Promise<void> {
  const result = await deliverOutbound(database, payload);
  if (result.outcome === 'skipped') return;
  const status = result.outcome === 'delivered' ? `delivered (${result.statusCode})` : `${result.outcome}: ${result.error}`;
  console.log(`[worker] outbound delivery ${payload.deliveryId} attempt ${result.attempt}: ${status}`);
}
