'use client';

import { ConfirmButton } from '@/app/_components/confirm-button';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '@/app/_components/badges';
import { CopyOnce } from '@/app/_components/copy-once';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { errorText } from '@/app/_components/error-text';
import { RevealForm, useCreateFlow } from '@/app/_components/form-card';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import type { OutboundWebhookSummary } from '@/server/outbound-webhooks/outbound-webhooks-service';
import { CreateOutboundWebhookForm } from './create-outbound-webhook-form';

export function OutboundWebhooksPanel({ initialWebhooks, eventTypes, canManage }: { initialWebhooks: OutboundWebhookSummary[]; eventTypes: string[]; canManage: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const webhooks = useQuery({ ...trpc.outboundWebhooks.list.queryOptions(), initialData: initialWebhooks });
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.outboundWebhooks.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.outboundWebhooks.deliveries.queryKey() });
  };
  const flow = useCreateFlow<{ title: string; secret: string }>(refresh);
  const setEnabled = useMutation(trpc.outboundWebhooks.setEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.outboundWebhooks.delete.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.outboundWebhooks.rotateSecret.mutationOptions({ onSuccess: (w) => flow.done({ title: `New secret for ${w.name}`, secret: w.secret }) }));
  const sendTest = useMutation(
    trpc.outboundWebhooks.sendTest.mutationOptions({
      onSuccess: () => {
        setNotice('Test message queued. Its delivery appears below within a few seconds.');
        refresh();
      },
    }),
  );
  const actionError = setEnabled.error ?? remove.error ?? rotate.error ?? sendTest.error;
  const busy = setEnabled.isPending || remove.isPending || rotate.isPending || sendTest.isPending;

  return (
    <div className="space-y-4">
      {flow.created && (
        <CopyOnce
          title={flow.created.title}
          hint="Give it to the receiver to verify signatures (any Standard Webhooks library accepts it). Vigil keeps it encrypted and will not show it again."
          secret={flow.created.secret}
          onDismiss={flow.dismiss}
        />
      )}
      {notice && <Notice tone="info">{notice}</Notice>}
      {actionError && <Notice tone="error">{errorText(actionError)}</Notice>}
      {canManage && (
        <RevealForm open={flow.creating} label="New webhook" onOpen={flow.open}>
          <CreateOutboundWebhookForm eventTypes={eventTypes} onCancel={flow.cancel} onCreated={(name, secret) => flow.done({ title: `Webhook ${name} created`, secret })} />
        </RevealForm>
      )}
      {webhooks.data.length === 0 ? (
        <EmptyState title="No outbound webhooks">Add one to send alerts to Slack, Teams, an incident tool or your own service.</EmptyState>
      ) : (
        <DataTable label="Outbound webhooks" columns={['Webhook', 'Events', 'Status', 'Created', 'Actions']} alignLastRight>
          {webhooks.data.map((w) => (
            <tr key={w.id}>
              <td>
                <p className="font-medium text-tremor-content-strong">{w.name}</p>
                <p className="font-mono text-tremor-label text-tremor-content" title="The path is hidden: chat webhook URLs contain their secret.">{w.urlHint}</p>
              </td>
              <td>
                <span className="flex flex-wrap gap-1.5">
                  {w.events.length === 0 ? <Badge tone="brand">all events</Badge> : w.events.map((e) => <Badge key={e} tone="off">{e}</Badge>)}
                </span>
              </td>
              <td>{w.enabled ? <Badge tone="good">Enabled</Badge> : <Badge tone="off">Disabled</Badge>}</td>
              <td className="whitespace-nowrap"><LocalTime value={w.createdAt} /> <span className="text-tremor-label text-tremor-content">by {w.createdBy}</span></td>
              <td className="whitespace-nowrap text-right">
                {canManage && (
                  <span className="inline-flex gap-2">
                    <button type="button" className="btn-secondary" disabled={busy || !w.enabled} onClick={() => sendTest.mutate({ webhookId: w.id })} aria-label={`Send a test to ${w.name}`}>
                      Send test
                    </button>
                    <button type="button" className="btn-secondary" disabled={busy} onClick={() => setEnabled.mutate({ webhookId: w.id, enabled: !w.enabled })}>
                      {w.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <button
                      type="button"
                      className="btn-secondary"
                      disabled={busy}
                      onClick={() => window.confirm(`Replace the secret of ${w.name}? The receiver must switch to the new one, or it will refuse Vigil's messages.`) && rotate.mutate({ webhookId: w.id })}
                    >
                      Rotate secret
                    </button>
                    <ConfirmButton question={`Delete ${w.name} and its delivery log?`} disabled={busy} onConfirm={() => remove.mutate({ webhookId: w.id })}>
                      Delete
                    </ConfirmButton>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
