'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge } from '@/app/_components/badges';
import { ConfirmButton } from '@/app/_components/confirm-button';
import { CopyOnce } from '@/app/_components/copy-once';
import { DataTable } from '@/app/_components/data-table';
import { errorText } from '@/app/_components/error-text';
import { FormCard, RevealForm, TextField, useCreateFlow } from '@/app/_components/form-card';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';

interface SecretRow {
  id: string;
  source: 'github' | 'ci';
  label: string;
  hint: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export function SecretsPanel({ initialSecrets }: { initialSecrets: SecretRow[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secrets = useQuery({ ...trpc.webhooks.secrets.queryOptions(), initialData: initialSecrets });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.secrets.queryKey() });
  const flow = useCreateFlow<{ label: string; secret: string }>(() => void refresh());
  const create = useMutation(trpc.webhooks.createSecret.mutationOptions({ onSuccess: (s) => flow.done({ label: s.label, secret: s.secret }) }));
  const revoke = useMutation(trpc.webhooks.revokeSecret.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <div className="space-y-4">
      {flow.created && (
        <CopyOnce title={`Secret ${flow.created.label} created`} hint="Paste it into GitHub or your CI's secret store now. Vigil keeps it encrypted and will not show it again." secret={flow.created.secret} onDismiss={flow.dismiss} />
      )}
      {revoke.error && <Notice tone="error">{errorText(revoke.error)}</Notice>}
      <RevealForm open={flow.creating} label="New secret" onOpen={flow.open}>
        <FormCard
          title="New webhook secret"
          error={create.error}
          pending={create.isPending}
          submitLabel="Create secret"
          onCancel={flow.cancel}
          onSubmit={(form) => create.mutate({ source: form.get('source') === 'ci' ? 'ci' : 'github', label: String(form.get('label') ?? '') })}
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <div className="space-y-1.5">
              <label htmlFor="secret-source" className="label">For</label>
              <select id="secret-source" name="source" className="field-input" defaultValue="github">
                <option value="github">GitHub (X-Hub-Signature-256)</option>
                <option value="ci">Other CI (Standard Webhooks)</option>
              </select>
            </div>
            <TextField id="secret-label" label="Label" name="label" required placeholder="acme/credit-risk repository" />
          </div>
          <p className="text-tremor-label text-tremor-content">Two secrets per source may be active at once, so you can rotate without dropping deliveries.</p>
        </FormCard>
      </RevealForm>
      {secrets.data.length > 0 && (
        <DataTable label="Webhook secrets" columns={['Secret', 'For', 'Status', 'Created', 'Actions']} alignLastRight>
          {secrets.data.map((s) => (
            <tr key={s.id}>
              <td>
                <p className="font-medium text-tremor-content-strong">{s.label}</p>
                <p className="font-mono text-tremor-label text-tremor-content">{s.hint}</p>
              </td>
              <td>{s.source === 'github' ? 'GitHub' : 'Other CI'}</td>
              <td>{s.revokedAt ? <Badge tone="off">Revoked</Badge> : <Badge tone="good">Active</Badge>}</td>
              <td className="whitespace-nowrap"><LocalTime value={s.createdAt} /> <span className="text-tremor-label text-tremor-content">by {s.createdBy}</span></td>
              <td className="text-right">
                {!s.revokedAt && (
                  <ConfirmButton question={`Revoke ${s.label}? Deliveries signed with it will be refused.`} disabled={revoke.isPending} onConfirm={() => revoke.mutate({ secretId: s.id })}>
                    Revoke
                  </ConfirmButton>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
