'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { errorText } from '@/app/_components/error-text';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { OffsetPager, type OffsetPage } from '@/app/_components/pager';
import { useTRPC } from '@/app/trpc-provider';
import type { InboxItem } from '@/server/approvals/promotion-views';

/** One page of the signed-in user's notifications, newest first, with mark-as-read; the count beside the title is every unread one, not the page's. */
export function InboxPanel({ initial, page, search }: { initial: { items: InboxItem[]; total: number; unread: number }; page: OffsetPage; search: Record<string, string | undefined> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const inbox = useQuery({ ...trpc.inbox.list.queryOptions({ limit: page.size, offset: page.offset }), initialData: initial, refetchInterval: 60_000 });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.inbox.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.inbox.unreadCount.queryKey() });
  };
  const markRead = useMutation(trpc.inbox.markRead.mutationOptions({ onSuccess: refresh }));
  const { items, total, unread } = inbox.data;
  return (
    <section aria-label="Inbox" id="inbox" className="scroll-mt-4 rounded-tremor-default border border-tremor-border bg-white shadow-tremor-card">
      <div className="flex items-center justify-between gap-2 border-b border-tremor-border px-4 py-3">
        <h2 className="flex items-center gap-2 text-tremor-title font-semibold text-tremor-content-strong">
          Inbox
          {unread > 0 && <span className="rounded-tremor-full bg-indigo-600 px-2 py-0.5 text-tremor-label font-semibold text-white" aria-label={`${unread} unread`}>{unread}</span>}
        </h2>
        <button type="button" className="btn-secondary px-2.5 py-1 text-tremor-label" disabled={unread === 0 || markRead.isPending} onClick={() => markRead.mutate({ all: true })}>
          Mark all read
        </button>
      </div>
      {markRead.error && <div className="p-3"><Notice tone="error">{errorText(markRead.error)}</Notice></div>}
      {items.length === 0 ? (
        <p className="px-4 py-6 text-center text-tremor-default text-tremor-content">Nothing here. Requests to review and outcomes of yours arrive here.</p>
      ) : (
        <ul className="divide-y divide-tremor-border" aria-label="Notifications">
          {items.map((item) => {
            const isUnread = item.readAt === null;
            return (
              <li key={item.id} className={`px-4 py-3 ${isUnread ? 'bg-indigo-50/50' : ''}`} aria-label={`${isUnread ? 'Unread: ' : ''}${item.title}`}>
                <div className="flex items-start gap-2">
                  <span className={`mt-1.5 h-2 w-2 shrink-0 rounded-full ${isUnread ? 'bg-indigo-600' : 'bg-transparent'}`} aria-hidden="true" />
                  <div className="min-w-0 flex-1">
                    {item.link ? (
                      <Link href={item.link} className="text-tremor-default font-medium text-tremor-content-strong hover:text-indigo-700 hover:underline" onClick={() => isUnread && markRead.mutate({ ids: [item.id] })}>
                        {item.title}
                      </Link>
                    ) : (
                      <p className="text-tremor-default font-medium text-tremor-content-strong">{item.title}</p>
                    )}
                    {item.body && <p className="mt-0.5 line-clamp-2 text-tremor-label text-tremor-content">{item.body}</p>}
                    <p className="mt-1 flex items-center justify-between gap-2 text-tremor-label text-tremor-content-subtle">
                      <LocalTime value={item.createdAt} />
                      {isUnread && (
                        <button type="button" className="rounded-tremor-small px-1.5 py-0.5 font-medium text-indigo-700 hover:bg-indigo-50" disabled={markRead.isPending} onClick={() => markRead.mutate({ ids: [item.id] })} aria-label={`Mark “${item.title}” read`}>
                          Mark read
                        </button>
                      )}
                    </p>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <div className="border-t border-tremor-border px-4 pb-3 empty:hidden">
        <OffsetPager label="Inbox" pathname="/promotions" search={search} param="inbox" page={page} total={total} hash="inbox" />
      </div>
    </section>
  );
}
