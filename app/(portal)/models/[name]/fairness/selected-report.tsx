'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Badge } from '@/app/_components/badges';
import { errorText } from '@/app/_components/error-text';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import { Section } from '@/app/_components/section';
import { count, populationText, REPORT_STATUS_TONES, utc, windowText, type ReportStatus } from './fairness-format';
import type { ReportDetail } from './fairness-types';
import { ReportBody } from './report-body';
import { Computing } from './report-picker';
import { SideBySide } from './side-by-side';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-tremor-label text-tremor-content">{label}</dt>
      <dd className="font-medium tabular-nums text-tremor-content-strong">{children}</dd>
    </div>
  );
}

/** One report: its facts, progress while pending (polled every 2 s), its error or its results. */
export function SelectedReport({ name, id, initial, counterpartId }: { name: string; id: string; initial: ReportDetail | undefined; counterpartId: string | null }) {
  const trpc = useTRPC();
  const query = useQuery({
    ...trpc.fairness.get.queryOptions({ model: name, id }),
    initialData: initial,
    refetchInterval: (q) => (q.state.data?.status === 'pending' ? 2000 : false),
  });
  const detail = query.data;
  if (!detail) {
    return query.error ? <Notice tone="error">{errorText(query.error)}</Notice> : <p className="text-tremor-default text-tremor-content">Loading the report…</p>;
  }
  const title = `${populationText(detail)}, v${detail.version}`;
  const favourable = detail.settings.favourableClass;
  return (
    <section aria-label="Chosen report" className="space-y-6">
      <div className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-tremor-title font-semibold text-tremor-content-strong">{title}</h2>
          <Badge tone={REPORT_STATUS_TONES[detail.status as ReportStatus] ?? 'off'}>{detail.status}</Badge>
        </div>
        <dl className="mt-3 grid gap-4 text-tremor-default sm:grid-cols-3 lg:grid-cols-6">
          {detail.population === 'reference' && detail.referenceId ? (
            <Fact label="Dataset"><Link href={`/models/${name}/reference/${detail.referenceId}`} className="text-indigo-700 underline">reference dataset</Link></Fact>
          ) : (
            <Fact label="Window">{windowText(detail.windowFrom, detail.windowTo)}</Fact>
          )}
          <Fact label="Favourable outcome">{favourable ?? 'the positive class'}</Fact>
          <Fact label="Labelled rows">{count(detail.rowCount)}</Fact>
          <Fact label="Requested">{utc(detail.createdAt)}</Fact>
          <Fact label="Finished">{utc(detail.finishedAt)}</Fact>
          <Fact label="By">{detail.trigger === 'manual' ? detail.createdBy : `${detail.trigger} (${detail.createdBy})`}</Fact>
        </dl>
        {detail.status === 'pending' ? (
          <div className="mt-4">
            <Computing />
            <p className="mt-1 text-tremor-label text-tremor-content">A worker is computing the report; this page refreshes every 2 seconds.</p>
          </div>
        ) : null}
      </div>
      {detail.status === 'failed' ? <Notice tone="error" title="The report failed">{detail.error ?? 'The worker gave no message.'}</Notice> : null}
      {detail.status === 'completed' && detail.report && counterpartId ? (
        <Section title="Serving version and candidate on the same rows">
          <SideBySide name={name} detail={detail} counterpartId={counterpartId} />
        </Section>
      ) : null}
      {detail.status === 'completed' && detail.report ? <ReportBody detail={detail} report={detail.report} /> : null}
      {detail.status === 'completed' && !detail.report ? <Notice tone="warning">The report completed but stored no results.</Notice> : null}
    </section>
  );
}
