'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import type { OffsetPage } from '@/app/_components/pager';
import { useTRPC } from '@/app/trpc-provider';
import type { OutboundDeliveryRow } from '@/server/outbound-webhooks/delivery-queries';

const STATUS_TONES = { pending: 'warn', delivered: 'good', failed: 'bad' } as const;

/**
 * One page of the delivery log (the page comes from the URL, see page.tsx); refreshed every
 * few seconds so retries show up as they happen.
 */
export function DeliveriesTable({ initialDeliveries, page }: { initialDeliveries: OutboundDeliveryRow[]; page: OffsetPage }) {
  const trpc = useTRPC();
  const fetched = useQuery({ ...trpc.outboundWebhooks.deliveries.queryOptions({ limit: page.limit, offset: page.offset }), initialData: initialDeliveries, refetchInterval: 5000 });
  // The extra row only tells the pager an older page exists.
  const deliveries = { data: fetched.data.slice(0, page.size) };
  if (deliveries.data.length === 0) {
    return <EmptyState title="Nothing sent yet">Each message Vigil sends appears here with its attempts, the receiver&apos;s last answer and the next retry. Use “Send test” to try a webhook.</EmptyState>;
  }
  return (
    <DataTable label="Outbound deliveries" columns={['Queued', 'Webhook', 'Event', 'Status', 'Attempts', 'Last answer', 'Next attempt / delivered']} widths={['11.5rem', '9rem', '12rem', '7rem', '6rem', undefined, '11.5rem']} minWidth="64rem">
      {deliveries.data.map((d) => (
        <tr key={d.id}>
          <td className="whitespace-nowrap"><LocalTime value={d.createdAt} /></td>
          <td className="break-id">{d.webhookName}</td>
          <td>
            <p className="break-id font-mono text-tremor-label">{d.eventType}</p>
            <p className="truncate font-mono text-tremor-label text-tremor-content" title={d.messageId}>{d.messageId}</p>
          </td>
          <td><Badge tone={STATUS_TONES[d.status]}>{d.status}</Badge></td>
          <td className="tabular-nums">{d.attempts}</td>
          <td className="break-id text-tremor-label">
            {d.lastStatusCode !== null && <span className="font-mono">{d.lastStatusCode}</span>}
            {d.lastError && <span className="block break-words text-tremor-content">{d.lastError}</span>}
            {d.lastStatusCode === null && !d.lastError && <span className="text-tremor-content-subtle">—</span>}
          </td>
          <td className="whitespace-nowrap">
            {d.status === 'delivered' ? <LocalTime value={d.deliveredAt} /> : d.status === 'pending' ? <LocalTime value={d.nextAttemptAt} fallback="now" /> : <span className="text-tremor-content-subtle">gave up</span>}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
