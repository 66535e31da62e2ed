'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { Badge } from '@/app/_components/badges';
import { ConfirmButton } from '@/app/_components/confirm-button';
import { errorText } from '@/app/_components/error-text';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import type { PolicySnapshot } from '@/server/approvals/promotion-policy';
import type { AppRouter } from '@/server/app-router';
import { gateRequirements } from '../../promotions/evidence-format';
import { PolicyForm, type AlertKindOption } from './policy-form';

export type PoliciesData = inferRouterOutputs<AppRouter>['policies']['list'];

type Editing = { environment: string; model: string | null; base: PolicySnapshot } | null;

const SOURCE_LABELS = { 'built-in': 'built-in default', environment: 'configured', model: 'per-model override' } as const;

function PolicySummary({ policy }: { policy: PolicySnapshot }) {
  return (
    <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
      <dl className="space-y-2 text-tremor-default">
        <div><dt className="text-tremor-label text-tremor-content">Approvals</dt><dd className="font-medium text-tremor-content-strong">{policy.minApprovals} distinct reviewer{policy.minApprovals === 1 ? '' : 's'}</dd></div>
        <div><dt className="text-tremor-label text-tremor-content">Rollbacks</dt><dd className="font-medium text-tremor-content-strong">{policy.fastRollback ? 'fast: 1 approval' : `like promotions: ${policy.minApprovals}`}</dd></div>
        <div><dt className="text-tremor-label text-tremor-content">Expiry</dt><dd className="font-medium text-tremor-content-strong">{policy.expiresAfterHours} h</dd></div>
      </dl>
      <table className="data-table" aria-label={`Gates of ${policy.environment}`}>
        <thead><tr><th>Gate</th><th>Required</th><th>Thresholds</th></tr></thead>
        <tbody>
          {gateRequirements(policy.gates).map((g) => (
            <tr key={g.gate}>
              <td className="font-medium text-tremor-content-strong">{g.label}</td>
              <td>{g.required ? <Badge tone="brand">required</Badge> : <Badge tone="off">informational</Badge>}</td>
              <td className="font-mono text-tremor-label">{g.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Provenance({ policy }: { policy: PolicySnapshot }) {
  return (
    <span className="flex flex-wrap items-center gap-2 text-tremor-label text-tremor-content">
      <Badge tone={policy.source === 'built-in' ? 'off' : 'good'}>{SOURCE_LABELS[policy.source]}</Badge>
      {policy.updatedBy && <>edited by {policy.updatedBy}, <LocalTime value={policy.updatedAt} /></>}
    </span>
  );
}

/** Every environment's policy and its per-model overrides, each editable and removable by admins. */
export function PoliciesPanel({ initial, models, alertKinds }: { initial: PoliciesData; models: string[]; alertKinds: AlertKindOption[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery({ ...trpc.policies.list.queryOptions(), initialData: initial });
  const data = list.data;
  const [editing, setEditing] = useState<Editing>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [adding, setAdding] = useState<Record<string, string>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.policies.list.queryKey() });
  const remove = useMutation(trpc.policies.remove.mutationOptions({ onSuccess: () => void refresh() }));
  const label = (env: string, model: string | null) => (model ? `${env} / ${model}` : env);

  const form = (env: string, model: string | null, base: PolicySnapshot) => (
    <PolicyForm
      key={label(env, model)}
      title={model ? `Policy for ${model} in ${env}` : `Policy for ${env}`}
      environment={env}
      model={model}
      initial={base}
      catalog={data.gateCatalog}
      alertKinds={alertKinds}
      onCancel={() => setEditing(null)}
      onSaved={() => {
        setEditing(null);
        setSaved(`Policy ${label(env, model)} saved. The change is in the audit log with before and after.`);
        void refresh();
      }}
    />
  );

  return (
    <div className="space-y-8">
      {saved && <Notice tone="success">{saved}</Notice>}
      {remove.error && <Notice tone="error">{errorText(remove.error)}</Notice>}
      {data.environments.map(({ environment, policy, overrides }) => {
        const free = models.filter((m) => !overrides.some((o) => o.model === m));
        const isEditing = (model: string | null) => editing?.environment === environment && editing.model === model;
        return (
          <section key={environment} aria-label={`Policy ${environment}`} className="space-y-3">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div className="flex flex-wrap items-center gap-3"><h2 className="text-tremor-title font-semibold text-tremor-content-strong">{environment}</h2><Provenance policy={policy} /></div>
              {!isEditing(null) && (
                <span className="flex gap-2">
                  {policy.source === 'environment' && (
                    <ConfirmButton tone="secondary" question={`Reset ${environment} to the built-in default policy?`} disabled={remove.isPending} onConfirm={() => remove.mutate({ environment, model: null })}>
                      Reset to default
                    </ConfirmButton>
                  )}
                  <button type="button" className="btn-primary" onClick={() => { setSaved(null); setEditing({ environment, model: null, base: policy }); }} aria-label={`Edit policy ${environment}`}>Edit</button>
                </span>
              )}
            </div>
            {isEditing(null) ? form(environment, null, policy) : (
              <div className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card"><PolicySummary policy={policy} /></div>
            )}
            <div className="space-y-3 pl-4 sm:pl-8">
              <h3 className="text-tremor-default font-semibold text-tremor-content-strong">Per-model overrides in {environment}</h3>
              {overrides.length === 0 && <p className="text-tremor-default text-tremor-content">None: every model follows the {environment} policy.</p>}
              {overrides.map((o) => (
                <div key={o.model} className="space-y-2">
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="flex flex-wrap items-center gap-3"><p className="font-mono font-medium text-tremor-content-strong">{o.model}</p><Provenance policy={o} /></div>
                    {!isEditing(o.model) && (
                      <span className="flex gap-2">
                        <ConfirmButton question={`Remove the override for ${o.model}? It will follow the ${environment} policy.`} disabled={remove.isPending} onConfirm={() => remove.mutate({ environment, model: o.model })}>
                          Remove override
                        </ConfirmButton>
                        <button type="button" className="btn-secondary" onClick={() => { setSaved(null); setEditing({ environment, model: o.model, base: o }); }} aria-label={`Edit override ${environment} / ${o.model}`}>Edit</button>
                      </span>
                    )}
                  </div>
                  {isEditing(o.model) ? form(environment, o.model, o) : (
                    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card"><PolicySummary policy={o} /></div>
                  )}
                </div>
              ))}
              {editing?.environment === environment && editing.model !== null && !overrides.some((o) => o.model === editing.model) && form(environment, editing.model, editing.base)}
              {free.length > 0 && !(editing?.environment === environment && editing.model !== null) && (
                <form
                  className="flex flex-wrap items-end gap-2"
                  aria-label={`Add override in ${environment}`}
                  onSubmit={(e) => {
                    e.preventDefault();
                    const model = adding[environment] ?? free[0]!;
                    setSaved(null);
                    setEditing({ environment, model, base: policy });
                  }}
                >
                  <div className="space-y-1">
                    <label htmlFor={`override-model-${environment}`} className="label">Model</label>
                    <select id={`override-model-${environment}`} className="field-input w-auto py-1.5" value={adding[environment] ?? free[0]} onChange={(e) => setAdding({ ...adding, [environment]: e.target.value })}>
                      {free.map((m) => <option key={m} value={m}>{m}</option>)}
                    </select>
                  </div>
                  <button type="submit" className="btn-secondary py-1.5">Add override</button>
                </form>
              )}
            </div>
          </section>
        );
      })}
    </div>
  );
}
