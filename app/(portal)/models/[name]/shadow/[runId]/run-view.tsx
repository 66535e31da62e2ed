'use client';

import { ProgressBar } from '@tremor/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useEffect } from 'react';
import { Badge } from '@/app/_components/badges';
import { ConfirmButton } from '@/app/_components/confirm-button';
import { errorText } from '@/app/_components/error-text';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { PageHeader } from '@/app/_components/page-header';
import { useTRPC } from '@/app/trpc-provider';
import type { AppRouter } from '@/server/app-router';
import { count, RUN_STATUS_TONES, rate, seconds, type RunStatus } from '../shadow-format';
import { RunResults } from './run-results';

type Outputs = inferRouterOutputs<AppRouter>['shadow'];
const active = (status: string | undefined) => status === 'pending' || status === 'running';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-tremor-label text-tremor-content">{label}</dt>
      <dd className="font-medium tabular-nums text-tremor-content-strong">{value}</dd>
    </div>
  );
}

/** One run: live progress while it runs (polled every second), its results once completed. */
export function RunView({ initialRun, initialResults, canCancel }: { initialRun: Outputs['get']; initialResults: Outputs['results']; canCancel: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const runQuery = useQuery({
    ...trpc.shadow.get.queryOptions({ runId: initialRun.id }),
    initialData: initialRun,
    refetchInterval: (query) => (active(query.state.data?.status) ? 1000 : false),
  });
  const run = runQuery.data;
  // A completed run's results never change: loaded once, and again the moment a watched run completes.
  const results = useQuery({ ...trpc.shadow.results.queryOptions({ runId: initialRun.id }), initialData: initialResults, staleTime: Infinity, enabled: run.status === 'completed' });
  const { refetch } = results;
  const stale = run.status === 'completed' && results.data.status !== 'completed';
  useEffect(() => {
    if (stale) void refetch();
  }, [stale, refetch]);
  const cancel = useMutation(
    trpc.shadow.cancel.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.shadow.get.queryKey({ runId: run.id }) }) }),
  );
  const { progress } = run;
  const window = run.maxEvents !== null ? `the last ${count(run.maxEvents)} events` : null;
  return (
    <>
      <PageHeader
        title={`v${run.candidateVersion} in shadow`}
        description={
          <>
            Replay of {window ?? 'the traffic'}
            {run.windowFrom && run.windowTo ? (
              <> from <LocalTime value={run.windowFrom} /> to <LocalTime value={run.windowTo} /></>
            ) : null}
            {run.sliceFeature ? <>, broken down by <span className="font-mono">{run.sliceFeature}</span></> : null}. Started {run.trigger === 'auto' ? 'automatically after validation' : `by ${run.createdBy}`}.
          </>
        }
        actions={
          <span className="flex items-center gap-2">
            <Badge tone={RUN_STATUS_TONES[run.status as RunStatus] ?? 'off'}>{run.status}</Badge>
            {canCancel && active(run.status) && (
              <ConfirmButton question="Cancel this shadow run? Batches in progress stop and write nothing." onConfirm={() => cancel.mutate({ runId: run.id })} disabled={cancel.isPending}>
                {cancel.isPending ? 'Cancelling…' : 'Cancel run'}
              </ConfirmButton>
            )}
          </span>
        }
      />
      <div className="space-y-6">
        {cancel.error ? <Notice tone="error">{errorText(cancel.error)}</Notice> : null}
        {active(run.status) && (
          <section aria-label="Progress" className="space-y-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
            <div className="flex items-baseline justify-between gap-4">
              <p className="font-medium text-tremor-content-strong">{run.status === 'pending' ? 'Waiting for a worker to plan the batches…' : 'Replaying events through the candidate'}</p>
              <p className="text-tremor-title font-semibold tabular-nums text-tremor-content-strong">{progress.fraction === null ? '—' : `${Math.floor(progress.fraction * 100)} %`}</p>
            </div>
            <ProgressBar value={(progress.fraction ?? 0) * 100} color="indigo" showAnimation />
            <dl className="grid gap-4 text-tremor-default sm:grid-cols-4">
              <Stat label="Events" value={`${count(progress.processed)} / ${count(progress.total)}`} />
              <Stat label="Rate" value={rate(progress.eventsPerSecond)} />
              <Stat label="Time left" value={progress.etaSeconds === null ? '—' : `about ${seconds(progress.etaSeconds)}`} />
              <Stat label="Batches" value={`${progress.batchesDone} / ${progress.batchCount ?? '—'}${run.batches.retries ? ` (${run.batches.retries} retried)` : ''}`} />
            </dl>
          </section>
        )}
        {run.status === 'cancelled' && (
          <Notice tone="warning" title="Cancelled">
            Stopped after {count(progress.processed)} of {count(progress.total)} events{run.finishedAt ? <> at <LocalTime value={run.finishedAt} /></> : null}. Partial results are not summarized; start a new run to evaluate the candidate.
          </Notice>
        )}
        {run.status === 'failed' && <Notice tone="error" title="The run failed">{run.error ?? 'No reason was recorded.'}</Notice>}
        {run.status === 'completed' && results.data.summary ? (
          <RunResults candidateVersion={run.candidateVersion} summary={results.data.summary} largestDifferences={results.data.largestDifferences} />
        ) : run.status === 'completed' ? (
          <p className="text-tremor-default text-tremor-content">Loading the results…</p>
        ) : null}
      </div>
    </>
  );
}
