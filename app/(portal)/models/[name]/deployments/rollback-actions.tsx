'use client';

import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { errorText } from '@/app/_components/error-text';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';

interface Props {
  model: string;
  environment: string;
  version: number;
  /** Serving version now, for the wording. */
  serving: number | null;
  canRequest: boolean;
  isAdmin: boolean;
  /** A request for this environment is pending (a new one supersedes it). */
  pendingVersion: number | null;
}

/**
 * Going back to a version that served this environment before: a rollback request that goes
 * through review (one approval under a fast-rollback policy), or — admins only — an emergency
 * rollback that moves the alias at once, with a written reason, flagged everywhere.
 */
export function RollbackActions({ model, environment, version, serving, canRequest, isAdmin, pendingVersion }: Props) {
  const trpc = useTRPC();
  const router = useRouter();
  const ids = useId();
  const [mode, setMode] = useState<'request' | 'emergency' | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const request = useMutation(trpc.promotions.request.mutationOptions({ onSuccess: (r) => { setMode(null); setCreated(r.request.url); router.refresh(); } }));
  const emergency = useMutation(trpc.promotions.emergencyRollback.mutationOptions({ onSuccess: () => { setMode(null); router.refresh(); } }));
  const error = mode === 'request' ? request.error : mode === 'emergency' ? emergency.error : null;
  const target = `${environment} to v${version}`;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get('text') ?? '');
    if (mode === 'request') request.mutate({ model, version, environment, justification: text });
    if (mode === 'emergency' && window.confirm(`Move ${environment} of ${model} back to v${version} now, without approval? This is flagged in the audit log and on the timeline.`)) {
      emergency.mutate({ model, version, environment, reason: text });
    }
  }

  if (!canRequest && !isAdmin) return null;
  return (
    <div className="mt-3 space-y-2">
      {created && (
        <Notice tone="success" title={`Rollback of ${target} requested`}>
          Reviewers have been notified. <Link href={created} className="font-medium underline">Review request →</Link>
        </Notice>
      )}
      {mode === null ? (
        <div className="flex flex-wrap gap-2">
          {canRequest && (
            <button type="button" className="btn-secondary py-1.5" onClick={() => { setMode('request'); setCreated(null); }} aria-label={`Request rollback of ${target}`}>
              Request rollback to v{version}
            </button>
          )}
          {isAdmin && (
            <button type="button" className="btn-danger py-1.5" onClick={() => { setMode('emergency'); setCreated(null); }} aria-label={`Emergency rollback of ${target}`}>
              Emergency rollback
            </button>
          )}
        </div>
      ) : (
        <form onSubmit={submit} aria-label={mode === 'request' ? `Request rollback of ${target}` : `Emergency rollback of ${target}`} className={`space-y-2 rounded-tremor-small border p-3 ${mode === 'emergency' ? 'border-red-200 bg-red-50/50' : 'border-tremor-border bg-tremor-background-muted'}`}>
          <p className="text-tremor-label text-tremor-content-emphasis">
            {mode === 'request'
              ? `A rollback request goes through review like any promotion${serving !== null ? `, replacing v${serving}` : ''}; the policy may need a single approval.${pendingVersion !== null ? ` It supersedes the pending request for v${pendingVersion}.` : ''}`
              : `Moves ${environment} to v${version} immediately, without approval. Only for incidents: the reason is audited and shown on the timeline for good.`}
          </p>
          {error && <Notice tone="error">{errorText(error)}</Notice>}
          <label htmlFor={`${ids}-text`} className="label">{mode === 'request' ? 'Justification' : 'Reason (required)'}</label>
          <textarea id={`${ids}-text`} name="text" rows={2} required className="field-input" placeholder={mode === 'request' ? 'What went wrong with the current version' : 'The incident that forces skipping review'} />
          <div className="flex gap-2">
            <button type="submit" className={mode === 'request' ? 'btn-primary' : 'btn-danger'} disabled={request.isPending || emergency.isPending}>
              {mode === 'request' ? 'Send rollback request' : 'Roll back now'}
            </button>
            <button type="button" className="btn-secondary" onClick={() => setMode(null)}>Cancel</button>
          </div>
        </form>
      )}
    </div>
  );
}
