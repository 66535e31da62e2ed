'use client';

import { useQuery } from '@tanstack/react-query';
import { EmptyState } from '@/app/_components/data-table';
import { Notice } from '@/app/_components/notice';
import { Section } from '@/app/_components/section';
import { useTRPC } from '@/app/trpc-provider';
import { DisparityTrend } from './disparity-trend';
import type { ReportDetail, ReportList } from './fairness-types';
import { ReportPicker } from './report-picker';
import { SelectedReport } from './selected-report';

const POLL_MS = 2000;

/** The report list (refreshed every 2 s while a report is pending), the chosen report and the trend. */
export function FairnessReports({ name, initialList, initialSelected, selectedId }: { name: string; initialList: ReportList; initialSelected: ReportDetail | null; selectedId: string | null }) {
  const trpc = useTRPC();
  const list = useQuery({
    ...trpc.fairness.list.queryOptions({ model: name }),
    initialData: initialList,
    refetchInterval: (query) => (query.state.data?.reports.some((r) => r.status === 'pending') ? POLL_MS : false),
  });
  const reports = list.data.reports;
  const known = selectedId !== null && (initialSelected?.id === selectedId || reports.some((r) => r.id === selectedId));
  // The other side of the same shadow run, for the side-by-side comparison.
  const chosen = reports.find((r) => r.id === selectedId) ?? initialSelected;
  const counterpartId = chosen?.shadowRunId ? (reports.find((r) => r.shadowRunId === chosen.shadowRunId && r.side !== chosen.side && r.status === 'completed')?.id ?? null) : null;

  if (reports.length === 0) {
    return (
      <Section title="Reports">
        <EmptyState title="No fairness reports yet">
          Reports run on a schedule over each week of labelled traffic, after every completed shadow run, and on request above (maintainers and admins).
        </EmptyState>
      </Section>
    );
  }
  return (
    <>
      <Section title="Reports">
        <ReportPicker name={name} reports={reports} selectedId={selectedId} />
      </Section>
      {selectedId !== null && !known ? (
        <Notice tone="warning" title="No such report">
          This model has no fairness report with the id <span className="font-mono">{selectedId}</span>. Choose one from the list above.
        </Notice>
      ) : null}
      {selectedId !== null && known ? <SelectedReport key={selectedId} name={name} id={selectedId} initial={initialSelected?.id === selectedId ? initialSelected : undefined} counterpartId={counterpartId} /> : null}
      <Section title="Trend over production traffic">
        <DisparityTrend reports={reports} />
      </Section>
    </>
  );
}
