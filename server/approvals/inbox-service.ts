import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { notifications } from '@/db/schema';
import type { inboxListSchema, markReadSchema } from './approval-schemas';
import type { InboxItem } from './promotion-views';

// The in-app inbox: each user sees and marks only their own notifications.

export async function unreadCount(database: Database, userId: string): Promise<{ unread: number }> {
  const [row] = await database.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return { unread: row?.n ?? 0 };
}

/** One page of the user's notifications, newest first; `total` counts the list, `unread` every unread one (the badge), whatever the page. */
export async function listInbox(database: Database, userId: string, input: z.output<typeof inboxListSchema>): Promise<{ items: InboxItem[]; total: number; unread: number }> {
  const mine = and(eq(notifications.userId, userId), input.unreadOnly ? isNull(notifications.readAt) : undefined);
  const [items, [counted], { unread }] = await Promise.all([
    database
      .select({ id: notifications.id, kind: notifications.kind, title: notifications.title, body: notifications.body, link: notifications.link, createdAt: notifications.createdAt, readAt: notifications.readAt })
      .from(notifications)
      .where(mine)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(input.limit)
      .offset(input.offset),
    database.select({ n: count() }).from(notifications).where(mine),
    unreadCount(database, userId),
  ]);
  return { items, total: counted?.n ?? 0, unread };
}

export async function markInboxRead(database: Database, userId: string, input: z.output<typeof markReadSchema>): Promise<{ unread: number }> {
  if (input.all || (input.ids && input.ids.length > 0)) {
    await database
      .update(notifications)
      .set({ readAt: new Date() })
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt), input.all ? undefined : inArray(notifications.id, input.ids!)));
  }
  return unreadCount(database, userId);
}
