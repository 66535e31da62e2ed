'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '@/app/_components/error-text';
import { useTRPC } from '@/app/trpc-provider';
import { ImpactTable } from './impact-table';

const WINDOW_CHOICES = [3, 7, 14, 28];

type Target = { deploymentId: string } | { requestId: string };

function useImpact(target: Target, windowDays: number, enabled: boolean) {
  const trpc = useTRPC();
  const byDeployment = useQuery({ ...trpc.impact.deployment.queryOptions({ deploymentId: 'deploymentId' in target ? target.deploymentId : '', windowDays }), enabled: enabled && 'deploymentId' in target });
  const byRequest = useQuery({ ...trpc.impact.beforeRequest.queryOptions({ requestId: 'requestId' in target ? target.requestId : '', windowDays }), enabled: enabled && 'requestId' in target });
  return 'deploymentId' in target ? byDeployment : byRequest;
}

/**
 * A deployment's impact, loaded when opened, with the window length adjustable. With a
 * request, the last version change before it ("what the last promotion did").
 */
export function ImpactPanel({ target, title, defaultOpen = false }: { target: Target; title: string; defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const [windowDays, setWindowDays] = useState(7);
  const impact = useImpact(target, windowDays, open);
  return (
    <details open={open} onToggle={(e) => setOpen(e.currentTarget.open)} className="group">
      <summary className="cursor-pointer text-tremor-default font-medium text-indigo-700 hover:underline">{title}</summary>
      {open && (
        <div className="mt-3 space-y-3">
          <label className="flex items-center gap-2 text-tremor-label text-tremor-content">
            Window
            <select value={windowDays} onChange={(e) => setWindowDays(Number(e.target.value))} className="rounded-tremor-small border border-tremor-border bg-white px-2 py-1">
              {WINDOW_CHOICES.map((d) => (
                <option key={d} value={d}>{d} days each side</option>
              ))}
            </select>
          </label>
          {impact.isPending ? (
            <p className="text-tremor-default text-tremor-content">Comparing…</p>
          ) : impact.error ? (
            <p role="alert" className="text-tremor-default text-red-700">{errorText(impact.error)}</p>
          ) : impact.data ? (
            <ImpactTable impact={impact.data} />
          ) : (
            <p className="text-tremor-default text-tremor-content">This environment has not changed version before this request: there is no earlier promotion to measure.</p>
          )}
        </div>
      )}
    </details>
  );
}
