'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormCard, RevealForm } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';

type Population = 'traffic' | 'shadow';

/** Requests a report over labelled traffic or a shadow replay; a refusal is shown in the form. */
export function RunReportForm({ name, versions }: { name: string; versions: { version: number; status: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [population, setPopulation] = useState<Population>('traffic');
  const run = useMutation(
    trpc.fairness.run.mutationOptions({
      onSuccess: async ({ id }) => {
        setOpen(false);
        await queryClient.invalidateQueries({ queryKey: trpc.fairness.list.queryKey() });
        router.push(`/models/${name}/fairness?report=${id}`, { scroll: false });
      },
    }),
  );

  function submit(form: FormData) {
    const version = Number(form.get('version')) || undefined;
    if (population === 'traffic') run.mutate({ model: name, population, version, days: Number(form.get('days')) });
    else run.mutate({ model: name, population, version });
  }

  return (
    <RevealForm open={open} label="Run a report" onOpen={() => setOpen(true)}>
      <FormCard title="Run a fairness report" error={run.error} pending={run.isPending} submitLabel="Run report" onSubmit={submit} onCancel={() => setOpen(false)}>
        <div className="grid gap-4 sm:grid-cols-3">
          <fieldset className="space-y-1.5">
            <legend className="label">Population</legend>
            <div className="flex flex-col gap-1.5 text-tremor-default text-tremor-content-emphasis">
              {(
                [
                  ['traffic', 'Labelled production traffic'],
                  ['shadow', 'Shadow replay of a candidate'],
                ] as const
              ).map(([value, label]) => (
                <label key={value} className="flex items-center gap-2">
                  <input type="radio" name="population" value={value} checked={population === value} onChange={() => setPopulation(value)} />
                  {label}
                </label>
              ))}
            </div>
          </fieldset>
          {population === 'traffic' ? (
            <div className="space-y-1.5">
              <label htmlFor="fairness-days" className="label">Window (days, up to now)</label>
              <input id="fairness-days" name="days" type="number" min={1} max={90} step={1} defaultValue={7} required className="field-input" />
              <p className="text-tremor-label text-tremor-content">Only events whose label has arrived count.</p>
            </div>
          ) : (
            <p className="self-center text-tremor-label text-tremor-content">Judges the traffic the candidate&apos;s latest completed shadow run replayed.</p>
          )}
          <div className="space-y-1.5">
            <label htmlFor="fairness-version" className="label">{population === 'traffic' ? 'Version that served (optional)' : 'Candidate version (optional)'}</label>
            <select id="fairness-version" name="version" className="field-input" defaultValue="">
              <option value="">{population === 'traffic' ? 'Latest with labelled traffic' : 'Latest shadow run'}</option>
              {versions.map((v) => (
                <option key={v.version} value={v.version}>v{v.version} ({v.status.replace('_', ' ')})</option>
              ))}
            </select>
          </div>
        </div>
        <p className="text-tremor-label text-tremor-content">
          The report is computed by a worker with the current group settings, which it keeps with the result. Requesting it is recorded in the audit log.
        </p>
      </FormCard>
    </RevealForm>
  );
}
