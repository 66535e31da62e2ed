'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CopyOnce } from '@/app/_components/copy-once';
import { errorText } from '@/app/_components/error-text';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import type { TokenView } from '@/server/api-tokens/api-tokens-service';
import { CreateTokenForm } from './create-token-form';

function status(token: TokenView, now: number): { label: string; className: string } {
  if (token.revokedAt) return { label: 'Revoked', className: 'bg-gray-100 text-gray-600' };
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return { label: 'Expired', className: 'bg-amber-50 text-amber-700' };
  return { label: 'Active', className: 'bg-emerald-50 text-emerald-700' };
}

export function TokensPanel({ initialTokens }: { initialTokens: TokenView[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery({ ...trpc.apiTokens.list.queryOptions(), initialData: initialTokens });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiTokens.list.queryKey() });
  const revoke = useMutation(trpc.apiTokens.revoke.mutationOptions({ onSuccess: () => void refresh() }));
  const [now] = useState(() => Date.now());

  return (
    <div className="space-y-4">
      {created && (
        <CopyOnce
          title={`Token ${created.name} created`}
          hint="Copy it now and store it in your CI or service's secret store. Vigil keeps only a hash and cannot show it again."
          secret={created.secret}
          onDismiss={() => setCreated(null)}
        />
      )}
      {revoke.error && <Notice tone="error">{errorText(revoke.error)}</Notice>}
      {creating ? (
        <CreateTokenForm
          onCancel={() => setCreating(false)}
          onCreated={(name, secret) => {
            setCreating(false);
            setCreated({ name, secret });
            void refresh();
          }}
        />
      ) : (
        <div className="flex justify-end">
          <button type="button" className="btn-primary" onClick={() => { setCreating(true); setCreated(null); }}>New token</button>
        </div>
      )}
      {tokens.data.length === 0 ? (
        <div className="rounded-tremor-default border border-dashed border-tremor-border bg-white p-10 text-center">
          <p className="font-medium text-tremor-content-strong">No API tokens yet</p>
          <p className="mt-1 text-tremor-default text-tremor-content">Create one for each CI pipeline or production service that talks to Vigil, with only the scopes it needs.</p>
        </div>
      ) : (
        <div className="overflow-x-auto rounded-tremor-default border border-tremor-border bg-white shadow-tremor-card">
          <table className="data-table">
            <thead>
              <tr>
                <th>Token</th>
                <th>Scopes</th>
                <th>Status</th>
                <th>Created</th>
                <th>Expires</th>
                <th>Last used</th>
                <th className="text-right">Actions</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => {
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
                    <td><span className={`rounded-tremor-full px-2 py-0.5 text-tremor-label font-medium ${s.className}`}>{s.label}</span></td>
                    <td className="whitespace-nowrap">
                      <LocalTime value={token.createdAt} />
                      {token.createdBy && <p className="text-tremor-label text-tremor-content">by {token.createdBy}</p>}
                    </td>
                    <td className="whitespace-nowrap"><LocalTime value={token.expiresAt} fallback="never" /></td>
                    <td className="whitespace-nowrap"><LocalTime value={token.lastUsedAt} fallback="never" /></td>
                    <td className="text-right">
                      {!token.revokedAt && (
                        <button
                          type="button"
                          className="btn-danger"
                          disabled={revoke.isPending}
                          onClick={() => {
                            if (window.confirm(`Revoke ${token.name}? Systems using it will get 401 at once.`)) revoke.mutate({ tokenId: token.id });
                          }}
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
