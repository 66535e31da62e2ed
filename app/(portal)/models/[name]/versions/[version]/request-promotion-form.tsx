'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { errorText } from '@/app/_components/error-text';
import { FormCard, RevealForm, TextAreaField } from '@/app/_components/form-card';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import { GATE_STATUS_WORDS } from '../../../../promotions/gate-numbers';

/** What a request would be before it is made: kind, approvals, blocking gates, what it replaces. */
function Preview({ model, version, environment }: { model: string; version: number; environment: string }) {
  const trpc = useTRPC();
  const preview = useQuery(trpc.promotions.preview.queryOptions({ model, version, environment }));
  if (preview.isPending) return <p className="text-tremor-label text-tremor-content">Checking the policy and the gates…</p>;
  if (preview.error) return <Notice tone="warning" title="The server would refuse this request">{errorText(preview.error)}</Notice>;
  const p = preview.data;
  return (
    <div className="rounded-tremor-small border border-tremor-border bg-tremor-background-muted p-3 text-tremor-default" aria-label="Request preview">
      <p className="text-tremor-content-emphasis">
        {p.kind === 'rollback' ? <>A <strong>rollback</strong>: v{version} served {environment} before. </> : null}
        {p.serving ? <>Replaces v{p.serving.version}. </> : <>First deployment to {environment}. </>}
        Needs <strong>{p.requiredApprovals}</strong> approval{p.requiredApprovals === 1 ? '' : 's'} ({p.policy.source === 'built-in' ? 'built-in policy' : p.policy.source === 'model' ? 'per-model policy' : `${environment} policy`}).
      </p>
      {p.blockingGates.length > 0 ? (
        <p className="mt-1 text-red-700">Blocking gates now: {p.gates.filter((g) => g.blocking).map((g) => `${g.label} (${GATE_STATUS_WORDS[g.status]})`).join(', ')}. Reviewers cannot approve until they pass or an admin overrides them.</p>
      ) : (
        <p className="mt-1 text-emerald-700">Every required gate passes.</p>
      )}
      {p.supersedes && <p className="mt-1 text-amber-800">Supersedes the pending request for v{p.supersedes.version} by {p.supersedes.requestedBy.label}.</p>}
    </div>
  );
}

/** Maintainers ask reviewers to promote this version to an environment. */
export function RequestPromotionForm({ model, version, environments, defaultEnvironment }: { model: string; version: number; environments: string[]; defaultEnvironment: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [environment, setEnvironment] = useState(defaultEnvironment);
  const [created, setCreated] = useState<{ id: string; url: string; environment: string; superseded: number } | null>(null);
  const request = useMutation(
    trpc.promotions.request.mutationOptions({
      onSuccess: (r) => {
        setOpen(false);
        setCreated({ id: r.request.id, url: r.request.url, environment: r.request.environment, superseded: r.supersededIds.length });
        router.refresh();
      },
    }),
  );
  return (
    <div className="space-y-3">
      {created && (
        <Notice tone="success" title={`Promotion to ${created.environment} requested`}>
          Reviewers have been notified{created.superseded ? `; ${created.superseded} older pending request${created.superseded === 1 ? ' was' : 's were'} superseded` : ''}.{' '}
          <Link href={created.url} className="font-medium underline">Review request →</Link>
          <span className="ml-2 font-mono text-tremor-label">{created.url}</span>
        </Notice>
      )}
      <RevealForm open={open} label="Request promotion" onOpen={() => { setOpen(true); setCreated(null); request.reset(); }}>
        <FormCard
          title="Request promotion"
          error={request.error}
          pending={request.isPending}
          submitLabel="Send request"
          onCancel={() => setOpen(false)}
          onSubmit={(form) => request.mutate({ model, version, environment, justification: String(form.get('justification') ?? '') })}
        >
          <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
            <div className="space-y-1.5">
              <label htmlFor="promotion-environment" className="label">Environment</label>
              <select id="promotion-environment" name="environment" value={environment} onChange={(e) => setEnvironment(e.target.value)} className="field-input">
                {environments.map((e) => <option key={e} value={e}>{e}</option>)}
              </select>
            </div>
            <TextAreaField
              id="promotion-justification"
              label="Justification"
              name="justification"
              rows={3}
              required
              placeholder="Why this version should serve: what changed, what you checked, what to watch after the switch"
            />
          </div>
          <Preview model={model} version={version} environment={environment} />
        </FormCard>
      </RevealForm>
    </div>
  );
}
