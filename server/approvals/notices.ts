import { and, eq, inArray, isNull, notInArray } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { notifications, userRoles, users } from '@/db/schema';
import { queueEvent } from '@/server/outbound-webhooks/queue-event';
import { reviewPath } from './request-records';

// What approvals tell people: in-app inbox rows and outbound webhooks (Standard Webhooks
// signed, Slack-compatible `text`), both written in the caller's transaction. The returned
// record goes into the audit row of the change that caused it.

export type PromotionEvent = 'promotion.requested' | 'promotion.approved' | 'promotion.rejected' | 'promotion.cancelled' | 'promotion.expired' | 'deployment.created';

export interface InboxNotice {
  kind: string;
  title: string;
  body: string;
  link: string | null;
}

export interface NoticeRecord {
  event: PromotionEvent;
  inbox: string[];
  outbound: { messageId: string; deliveries: number } | null;
}

export function portalBase(): string | null {
  return process.env.NEXTAUTH_URL?.trim().replace(/\/$/, '') || null;
}

/** An absolute URL for messages leaving Vigil (a path when the public URL is unknown). */
export function absoluteUrl(path: string): string {
  const base = portalBase();
  return base ? `${base}${path}` : path;
}

/** Slack mrkdwn control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Active users holding `reviewer`, except `exclude` (people who may not decide). */
export async function activeReviewers(tx: Tx, exclude: (string | null)[]): Promise<{ id: string; email: string }[]> {
  const skip = exclude.filter((id): id is string => id !== null);
  return tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .where(and(eq(userRoles.role, 'reviewer'), eq(users.active, true), skip.length ? notInArray(users.id, skip) : undefined))
    .orderBy(users.email);
}

async function inboxFor(tx: Tx, userIds: string[], notice: InboxNotice): Promise<string[]> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return [];
  const recipients = await tx.select({ id: users.id, email: users.email }).from(users).where(and(inArray(users.id, ids), eq(users.active, true)));
  if (recipients.length === 0) return [];
  await tx.insert(notifications).values(recipients.map((r) => ({ userId: r.id, ...notice })));
  return recipients.map((r) => r.email).sort();
}

export interface NoticeSpec {
  event: PromotionEvent;
  /** Users who get an inbox row (with `inbox`). */
  recipients: string[];
  inbox?: InboxNotice;
  /** Outbound webhook payload and chat line; omit to notify in-app only. */
  outbound?: { data: Record<string, unknown>; text: string; at?: Date };
}

export async function notify(tx: Tx, spec: NoticeSpec): Promise<NoticeRecord> {
  const inbox = spec.inbox ? await inboxFor(tx, spec.recipients, spec.inbox) : [];
  const queued = spec.outbound ? await queueEvent(tx, spec.event, spec.outbound.data, { text: spec.outbound.text, at: spec.outbound.at }) : null;
  return { event: spec.event, inbox, outbound: queued ? { messageId: queued.messageId, deliveries: queued.deliveryIds.length } : null };
}

/**
 * A request that left `pending` (decided, cancelled, expired, superseded) asks nobody for a
 * review any more: its "Review …" rows stop counting as unread in every reviewer's inbox, so
 * the badge never says "5 unread" beside an empty queue. Outcome notices stay unread.
 */
export async function settleReviewRequests(tx: Tx, requestIds: string[]): Promise<void> {
  if (requestIds.length === 0) return;
  await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.kind, 'promotion.requested'), isNull(notifications.readAt), inArray(notifications.link, requestIds.map(reviewPath))));
}
