'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '@/app/_components/error-text';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';

/** `YYYY-MM-DDTHH:mm:ss` in the browser's time zone, as a datetime-local input wants it. */
function localInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "What was in production on date X?": an environment and an instant → the deployment serving then. */
export function AliasAtForm({ model, environments }: { model: string; environments: string[] }) {
  const trpc = useTRPC();
  const [environment, setEnvironment] = useState(environments.includes('production') ? 'production' : environments[0]!);
  const [value, setValue] = useState('');
  // Until the user picks a time the question is "what serves now": the field shows the
  // second the page opened, which can be just before a deployment of the same second.
  const [edited, setEdited] = useState(false);
  const [asked, setAsked] = useState<{ environment: string; at: Date } | null>(null);
  useEffect(() => setValue(localInputValue(new Date())), []);
  const answer = useQuery({
    ...trpc.promotions.aliasAt.queryOptions({ model, environment: asked?.environment ?? environment, at: asked?.at ?? new Date(0) }),
    enabled: asked !== null,
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const at = edited ? new Date(value) : new Date();
    if (Number.isNaN(at.getTime())) return;
    if (!edited) setValue(localInputValue(at));
    setAsked({ environment, at });
  }

  const d = answer.data?.deployment;
  return (
    <section aria-label="What was serving when" className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <h2 className="text-tremor-title font-semibold text-tremor-content-strong">What was serving when?</h2>
      <form onSubmit={submit} className="mt-3 flex flex-wrap items-end gap-3">
        <div className="space-y-1.5">
          <label htmlFor="alias-at-environment" className="label">Environment</label>
          <select id="alias-at-environment" value={environment} onChange={(e) => setEnvironment(e.target.value)} className="field-input w-auto">
            {environments.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="alias-at-time" className="label">Date and time (your time zone)</label>
          <input id="alias-at-time" type="datetime-local" step={1} required value={value} onChange={(e) => {
              setValue(e.target.value);
              setEdited(true);
            }} className="field-input w-auto" />
        </div>
        <button type="submit" className="btn-primary">Look up</button>
      </form>
      <div className="mt-4" aria-live="polite">
        {asked && answer.isFetching && <p className="text-tremor-default text-tremor-content">Looking…</p>}
        {answer.error && <Notice tone="error">{errorText(answer.error)}</Notice>}
        {asked && answer.data && !answer.isFetching && (
          d ? (
            <div data-testid="alias-at-answer" className="rounded-tremor-small border border-indigo-200 bg-indigo-50 px-4 py-3 text-tremor-default text-indigo-950">
              <p>
                At <LocalTime value={answer.data.at} />, <strong>{answer.data.environment}</strong> served <strong>{model} v{d.version}</strong>
                {d.kind === 'emergency_rollback' ? ' (emergency rollback)' : d.kind === 'rollback' ? ' (rollback)' : ''}.
              </p>
              <p className="mt-1 text-tremor-label">
                Deployed <LocalTime value={d.createdAt} />{d.replacedAt ? <>, replaced <LocalTime value={d.replacedAt} /></> : ', still serving'}. Approved by {d.approvedBy.join(', ') || 'nobody (no approval needed)'}
                {d.requestedBy ? `; requested by ${d.requestedBy}` : ''}. Artifact sha256 <span className="font-mono">{d.artifactSha256.slice(0, 16)}…</span>
                {d.requestId && <> · <Link href={`/promotions/${d.requestId}`} className="font-medium underline">Request →</Link></>}
              </p>
            </div>
          ) : (
            <p data-testid="alias-at-answer" className="rounded-tremor-small border border-tremor-border bg-tremor-background-muted px-4 py-3 text-tremor-default text-tremor-content-emphasis">
              At <LocalTime value={answer.data.at} />, nothing of {model} served {answer.data.environment}.
            </p>
          )
        )}
      </div>
    </section>
  );
}
