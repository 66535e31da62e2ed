'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormCard, RevealForm } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';

type Population = 'traffic' | 'shadow' | 'reference';

/** Requests a report over labelled traffic, a shadow replay or the reference dataset; a refusal is shown in the form. */
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
    else if (population === 'shadow') run.mutate({ model: name, population, version, side: form.get('side') === 'serving' ? 'serving' : 'candidate' });
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
                  ['reference', 'Reference dataset, scored by the version'],
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
          ) : population === 'shadow' ? (
            <fieldset className="space-y-1.5">
              <legend className="label">Decisions judged</legend>
              <div className="flex flex-col gap-1.5 text-tremor-default text-tremor-content-emphasis">
                <label className="flex items-center gap-2"><input type="radio" name="side" value="candidate" defaultChecked /> The candidate&apos;s, replayed</label>
                <label className="flex items-center gap-2"><input type="radio" name="side" value="serving" /> The serving version&apos;s, as logged</label>
              </div>
              <p className="text-tremor-label text-tremor-content">Over the rows the latest completed shadow run replayed.</p>
            </fieldset>
          ) : (
            <p className="self-center text-tremor-label text-tremor-content">Runs the model&apos;s newest reference dataset through the version with onnxruntime and decides at score ≥ 0.5.</p>
          )}
          <div className="space-y-1.5">
            <label htmlFor="fairness-version" className="label">{{ traffic: 'Version that served (optional)', shadow: 'Candidate version (optional)', reference: 'Version (optional)' }[population]}</label>
            <select id="fairness-version" name="version" className="field-input" defaultValue="">
              <option value="">{{ traffic: 'Latest with labelled traffic', shadow: 'Latest shadow run', reference: 'Newest validated version' }[population]}</option>
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
