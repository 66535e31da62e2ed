'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormCard, RevealForm } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';

type WindowChoice = 'day' | 'week' | 'events';
const HOUR = 3600_000;

/** Starts a run: a validated candidate, a window of traffic, an optional slice feature. */
export function StartRunForm({ name, candidates, slices }: { name: string; candidates: { version: number; status: string }[]; slices: { name: string; kind: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState<WindowChoice>('day');
  const start = useMutation(trpc.shadow.start.mutationOptions({ onSuccess: (run) => router.push(`/models/${name}/shadow/${run.id}`) }));

  if (candidates.length === 0) {
    return <p className="text-tremor-default text-tremor-content">No version of {name} has passed validation yet, so there is nothing to evaluate in shadow.</p>;
  }

  // A deployed version usually served the traffic itself: comparing it with itself is refused.
  const preferred = candidates.find((c) => c.status !== 'deployed') ?? candidates[0]!;

  function submit(form: FormData) {
    const candidateVersion = Number(form.get('candidate'));
    const sliceFeature = String(form.get('slice') ?? '') || undefined;
    const to = new Date();
    const window =
      choice === 'events' ? { lastEvents: Number(form.get('lastEvents')) } : { from: new Date(to.getTime() - (choice === 'day' ? 24 : 7 * 24) * HOUR), to };
    start.mutate({ model: name, candidateVersion, window, sliceFeature });
  }

  return (
    <RevealForm open={open} label="New shadow run" onOpen={() => setOpen(true)}>
      <FormCard title="New shadow run" error={start.error} pending={start.isPending} submitLabel="Start run" onSubmit={submit} onCancel={() => setOpen(false)}>
        <div className="grid gap-4 sm:grid-cols-3">
          <div className="space-y-1.5">
            <label htmlFor="shadow-candidate" className="label">Candidate version</label>
            <select id="shadow-candidate" name="candidate" className="field-input" defaultValue={preferred.version} aria-describedby="shadow-candidate-hint">
              {candidates.map((c) => (
                <option key={c.version} value={c.version}>v{c.version} ({c.status.replace('_', ' ')})</option>
              ))}
            </select>
            <p id="shadow-candidate-hint" className="text-tremor-label text-tremor-content">Compared with the versions that served the window&apos;s traffic. A version that served all of it would be compared with itself, which is refused.</p>
          </div>
          <fieldset className="space-y-1.5">
            <legend className="label">Traffic window</legend>
            <div className="flex flex-col gap-1.5 text-tremor-default text-tremor-content-emphasis">
              {(
                [
                  ['day', 'Last 24 hours'],
                  ['week', 'Last 7 days'],
                  ['events', 'Last N events'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2">
                  <input type="radio" name="window" value={value} checked={choice === value} onChange={() => setChoice(value)} />
                  {label}
                </label>
              ))}
              {choice === 'events' && (
                <input aria-label="Number of events" name="lastEvents" type="number" min={1} max={50_000_000} step={1} defaultValue={100_000} required className="field-input" />
              )}
            </div>
          </fieldset>
          <div className="space-y-1.5">
            <label htmlFor="shadow-slice" className="label">Break down by (optional)</label>
            <select id="shadow-slice" name="slice" className="field-input" defaultValue="">
              <option value="">No breakdown</option>
              {slices.map((s) => (
                <option key={s.name} value={s.name}>{s.name} ({s.kind})</option>
              ))}
            </select>
            <p className="text-tremor-label text-tremor-content">Numeric features are split at the quartiles of the replayed values.</p>
          </div>
        </div>
        <p className="text-tremor-label text-tremor-content">
          The run reads the window&apos;s events in checkpointed batches on the workers; you can follow it live and cancel it. Starting it is recorded in the audit log.
        </p>
      </FormCard>
    </RevealForm>
  );
}
