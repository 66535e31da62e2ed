'use client';

import { useQuery } from '@tanstack/react-query';
import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { useTRPC } from '@/app/trpc-provider';
import type { OutboundDeliveryRow } from '@/server/outbound-webhooks/delivery-queries';

const STATUS_TONES = { pending: 'warn', delivered: 'good', failed: 'bad' } as const;

/** The delivery log; refreshed every few seconds so retries show up as they happen. */
export function DeliveriesTable({ initialDeliveries }: { initialDeliveries: OutboundDeliveryRow[] }) {
  const trpc = useTRPC();
  const deliveries = useQuery({ ...trpc.outboundWebhooks.deliveries.queryOptions({ limit: 100 }), initialData: initialDeliveries, refetchInterval: 5000 });
  if (deliveries.data.length === 0) {
    return <EmptyState title="Nothing sent yet">Each message Vigil sends appears here with its attempts, the receiver&apos;s last answer and the next retry. Use “Send test” to try a webhook.</EmptyState>;
  }
  return (
    <DataTable label="Outbound deliveries" columns={['Queued', 'Webhook', 'Event', 'Status', 'Attempts', 'Last answer', 'Next attempt / delivered']}>
      {deliveries.data.map((d) => (
        <tr key={d.id}>
          <td className="whitespace-nowrap"><LocalTime value={d.createdAt} /></td>
          <td>{d.webhookName}</td>
          <td>
            <p className="font-mono text-tremor-label">{d.eventType}</p>
            <p className="max-w-[12rem] truncate font-mono text-tremor-label text-tremor-content" title={d.messageId}>{d.messageId}</p>
          </td>
          <td><Badge tone={STATUS_TONES[d.status]}>{d.status}</Badge></td>
          <td className="tabular-nums">{d.attempts}</td>
          <td className="max-w-[22rem] text-tremor-label">
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
