'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/app/trpc-provider';

/**
 * The signed-in user's unread notification count, for the "Promotions" navigation link.
 * Renders nothing at zero; polls every minute. Must sit inside the TrpcProvider.
 */
export function UnreadBadge() {
  const trpc = useTRPC();
  const count = useQuery({ ...trpc.inbox.unreadCount.queryOptions(), refetchInterval: 60_000 });
  const unread = count.data?.unread ?? 0;
  if (unread === 0) return null;
  return (
    <span className="ml-auto rounded-tremor-full bg-indigo-600 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white" aria-label={`${unread} unread`}>
      {unread > 99 ? '99+' : unread}
    </span>
  );
}
