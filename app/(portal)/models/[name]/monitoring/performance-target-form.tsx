'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { errorText } from '@/app/_components/error-text';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import type { PerformanceTarget } from '@/server/dashboard/performance-target';

/**
 * The model's performance target (minimum accuracy), part of its monitoring settings: the
 * dashboard draws it under estimated and realized accuracy, the overview judges against it.
 */
export function PerformanceTargetForm({ name, target, canEdit }: { name: string; target: PerformanceTarget | null; canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [value, setValue] = useState(target ? String(Math.round(target.minimum * 1000) / 10) : '');
  const [invalid, setInvalid] = useState<string | null>(null);
  const save = useMutation(trpc.dashboard.setTarget.mutationOptions({ onSuccess: () => router.refresh() }));
  const current = target ? `accuracy of at least ${(target.minimum * 100).toFixed(1)} %` : 'none';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const percent = Number(value);
    if (value.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
      setInvalid('Enter a percentage between 0 and 100.');
      return;
    }
    setInvalid(null);
    save.mutate({ name, target: { metric: 'accuracy', minimum: percent / 100 } });
  }

  return (
    <div id="performance-target" className="rounded-tremor-default border border-tremor-border bg-white p-5 text-tremor-default shadow-tremor-card">
      <p>
        <span className="font-medium text-tremor-content-strong">Performance target:</span> {current}. The dashboard draws it under estimated (CBPE) and realized
        accuracy.
      </p>
      {canEdit ? (
        <form onSubmit={submit} aria-label="Performance target" className="mt-3 flex flex-wrap items-end gap-2">
          <div className="space-y-1">
            <label htmlFor="target-accuracy" className="label">Minimum accuracy (%)</label>
            <input id="target-accuracy" type="number" min={0} max={100} step={0.1} className="field-input w-32" value={value} onChange={(e) => setValue(e.target.value)} />
          </div>
          <button type="submit" className="btn-primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save target'}</button>
          {target ? (
            <button type="button" className="btn-secondary" disabled={save.isPending} onClick={() => save.mutate({ name, target: null })}>
              Remove target
            </button>
          ) : null}
        </form>
      ) : null}
      {invalid || save.error ? (
        <div className="mt-3">
          <Notice tone="error">{invalid ?? errorText(save.error)}</Notice>
        </div>
      ) : null}
      {canEdit ? <p className="mt-2 text-tremor-label text-tremor-content">Changes are recorded in the audit log.</p> : null}
    </div>
  );
}
