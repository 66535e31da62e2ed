'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '@/app/_components/badges';
import { ConfirmButton } from '@/app/_components/confirm-button';
import { CopyOnce } from '@/app/_components/copy-once';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { errorText } from '@/app/_components/error-text';
import { RevealForm, useCreateFlow } from '@/app/_components/form-card';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import type { OffsetPage } from '@/app/_components/pager';
import { useTRPC } from '@/app/trpc-provider';
import type { TokenView } from '@/server/api-tokens/api-tokens-service';
import { CreateTokenForm } from './create-token-form';

function status(token: TokenView, now: number): { label: string; tone: 'off' | 'warn' | 'good' } {
  if (token.revokedAt) return { label: 'Revoked', tone: 'off' };
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return { label: 'Expired', tone: 'warn' };
  return { label: 'Active', tone: 'good' };
}

export function TokensPanel({ initialTokens, page }: { initialTokens: TokenView[]; page: OffsetPage }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery({ ...trpc.apiTokens.list.queryOptions({ limit: page.limit, offset: page.offset }), initialData: initialTokens });
  const shown = tokens.data.slice(0, page.size);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiTokens.list.queryKey() });
  const flow = useCreateFlow<{ name: string; secret: string }>(() => void refresh());
  const created = flow.created;
  const revoke = useMutation(trpc.apiTokens.revoke.mutationOptions({ onSuccess: () => void refresh() }));
  const [now] = useState(() => Date.now());

  return (
    <div className="space-y-4">
      {created && (
        <CopyOnce
          title={`Token ${created.name} created`}
          hint="Copy it now and store it in your CI or service's secret store. Vigil keeps only a hash and cannot show it again."
          secret={created.secret}
          onDismiss={flow.dismiss}
        />
      )}
      {revoke.error && <Notice tone="error">{errorText(revoke.error)}</Notice>}
      <RevealForm open={flow.creating} label="New token" onOpen={flow.open}>
        <CreateTokenForm onCancel={flow.cancel} onCreated={(name, secret) => flow.done({ name, secret })} />
      </RevealForm>
      {shown.length === 0 ? (
        <EmptyState title="No API tokens yet">Create one for each CI pipeline or production service that talks to Vigil, with only the scopes it needs.</EmptyState>
      ) : (
        <DataTable label="API tokens" columns={['Token', 'Scopes', 'Status', 'Created', 'Expires', 'Last used', 'Actions']} alignLastRight>
              {shown.map((token) => {
                const s = status(token, now);
                return (
                  <tr key={token.id}>
                    <td>
                      <p className="font-medium text-tremor-content-strong">{token.name}</p>
                      <p className="font-mono text-tremor-label text-tremor-content">{token.prefix}…</p>
                    </td>
                    <td>
                      <div className="flex flex-wrap gap-1">
                        {token.scopes.map((scope) => (
                          <span key={scope} className="rounded-tremor-small bg-tremor-background-subtle px-1.5 py-0.5 font-mono text-tremor-label text-tremor-content-emphasis">{scope}</span>
                        ))}
                      </div>
                    </td>
                    <td><Badge tone={s.tone}>{s.label}</Badge></td>
                    <td className="whitespace-nowrap">
                      <LocalTime value={token.createdAt} />
                      {token.createdBy && <p className="text-tremor-label text-tremor-content">by {token.createdBy}</p>}
                    </td>
                    <td className="whitespace-nowrap"><LocalTime value={token.expiresAt} fallback="never" /></td>
                    <td className="whitespace-nowrap"><LocalTime value={token.lastUsedAt} fallback="never" /></td>
                    <td className="text-right">
                      {!token.revokedAt && (
                        <ConfirmButton question={`Revoke ${token.name}? Systems using it will get 401 at once.`} disabled={revoke.isPending} onConfirm={() => revoke.mutate({ tokenId: token.id })}>
                          Revoke
                        </ConfirmButton>
                      )}
                    </td>
                  </tr>
                );
              })}
        </DataTable>
      )}
    </div>
  );
}
