'use client';

import { ProgressBar } from '@tremor/react';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { useTRPC } from '@/app/trpc-provider';
import type { AppRouter } from '@/server/app-router';
import type { inferRouterOutputs } from '@trpc/server';
import { count, pct, pp, RUN_STATUS_TONES, signed, type RunStatus } from './shadow-format';

type Run = inferRouterOutputs<AppRouter>['shadow']['list'][number];

function windowText(run: Run) {
  if (run.maxEvents !== null) return `last ${count(run.maxEvents)} events`;
  if (!run.windowFrom || !run.windowTo) return '—';
  const hours = Math.round((new Date(run.windowTo).getTime() - new Date(run.windowFrom).getTime()) / 3600_000);
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} h`;
}

/** A model's runs, refreshed every two seconds while one is in progress; a regressor's show the MAE difference instead of agreement and accuracy. */
export function RunList({ name, taskType, initialRuns }: { name: string; taskType: string; initialRuns: Run[] }) {
  const regression = taskType === 'regression';
  const trpc = useTRPC();
  const runs = useQuery({
    ...trpc.shadow.list.queryOptions({ model: name }),
    initialData: initialRuns,
    refetchInterval: (query) => (query.state.data?.some((r) => r.status === 'pending' || r.status === 'running') ? 2000 : false),
  });
  if (runs.data.length === 0) {
    return <EmptyState title="No shadow runs yet">A run starts on its own when a new version is validated and the model has traffic from the last 7 days, or start one above.</EmptyState>;
  }
  return (
    <DataTable label="Shadow runs" columns={['Started', 'Candidate', 'Window', 'Status', 'Progress', ...(regression ? ['MAE Δ'] : ['Agreement', 'Accuracy Δ']), 'By']}>
      {runs.data.map((run) => (
        <tr key={run.id}>
          <td className="whitespace-nowrap">
            <Link href={`/models/${name}/shadow/${run.id}`} className="font-medium text-indigo-700 hover:underline"><LocalTime value={run.createdAt} /></Link>
          </td>
          <td className="font-mono">v{run.candidateVersion}</td>
          <td className="whitespace-nowrap text-tremor-label">{windowText(run)}</td>
          <td><Badge tone={RUN_STATUS_TONES[run.status as RunStatus] ?? 'off'}>{run.status}</Badge></td>
          <td className="min-w-[10rem]">
            {run.status === 'running' || run.status === 'pending' ? (
              <div className="space-y-1">
                <ProgressBar value={(run.progress.fraction ?? 0) * 100} color="indigo" />
                <p className="text-tremor-label text-tremor-content tabular-nums">{count(run.progress.processed)} / {count(run.progress.total)}</p>
              </div>
            ) : (
              <span className="text-tremor-label tabular-nums">{count(run.progress.processed)} events</span>
            )}
          </td>
          {regression ? (
            <td className="tabular-nums">{signed(run.headline?.maeDifference, 3)}</td>
          ) : (
            <>
              <td className="tabular-nums">{pct(run.headline?.agreement)}</td>
              <td className="tabular-nums">{pp(run.headline?.accuracyDifference)}</td>
            </>
          )}
          <td className="text-tremor-label">{run.trigger === 'auto' ? 'auto (on validation)' : run.createdBy}</td>
        </tr>
      ))}
    </DataTable>
  );
}
