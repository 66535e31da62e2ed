'use client';

import Link from 'next/link';
import { useState } from 'react';
import { Badge } from '@/app/_components/badges';
import { DataTable } from '@/app/_components/data-table';
import { count, decimal, populationText, REPORT_STATUS_TONES, utc, windowText, type ReportStatus } from './fairness-format';
import type { ReportSummary } from './fairness-types';

const SHOWN = 8;
const SHORT_POPULATION: Record<string, string> = { traffic: 'Traffic', shadow: 'Shadow replay', reference: 'Reference' };

/** Indeterminate progress: the worker reports no fraction, only pending → completed / failed. */
export function Computing() {
  return (
    <span role="status" className="flex items-center gap-2 text-tremor-label text-indigo-800">
      <span aria-hidden="true" className="relative h-1.5 w-16 overflow-hidden rounded-tremor-full bg-indigo-100">
        <span className="absolute inset-y-0 left-0 w-1/2 animate-pulse rounded-tremor-full bg-indigo-600" />
      </span>
      computing…
    </span>
  );
}

function Outcome({ report }: { report: ReportSummary }) {
  if (report.status === 'pending') return <Computing />;
  if (report.status === 'failed') return <span className="text-tremor-label text-red-700">{report.error ?? 'Failed without a message.'}</span>;
  const { demographicParityDifference: dp, disparateImpact: di } = report.headline;
  return (
    <span className="text-tremor-label tabular-nums text-tremor-content-emphasis">
      DP diff. {decimal(dp)}
      {di !== null ? ` · DI ${decimal(di)}` : ''}
    </span>
  );
}

/** Every report of the model, newest first; choosing one puts it in the address (?report=). */
export function ReportPicker({ name, reports, selectedId }: { name: string; reports: ReportSummary[]; selectedId: string | null }) {
  const [all, setAll] = useState(false);
  const selectedIndex = reports.findIndex((r) => r.id === selectedId);
  const shown = all || selectedIndex >= SHOWN ? reports : reports.slice(0, SHOWN);
  return (
    <div className="space-y-2">
      <DataTable label="Fairness reports" columns={['Created', 'Population', 'Version', 'Window', 'Rows', 'Status', 'Result']}>
        {shown.map((report) => {
          const current = report.id === selectedId;
          return (
            <tr key={report.id} className={current ? 'bg-indigo-50/70' : undefined}>
              <td className="whitespace-nowrap">
                <Link
                  href={`/models/${name}/fairness?report=${report.id}`}
                  scroll={false}
                  aria-current={current ? 'true' : undefined}
                  className="font-medium text-indigo-700 hover:underline aria-[current=true]:font-semibold aria-[current=true]:text-indigo-900"
                >
                  {utc(report.createdAt)}
                </Link>
                {current ? <span className="sr-only"> (shown below)</span> : null}
              </td>
              <td className="whitespace-nowrap">{populationText(report, SHORT_POPULATION)}</td>
              <td className="font-mono">v{report.version}</td>
              <td className="whitespace-nowrap text-tremor-label">{windowText(report.windowFrom, report.windowTo)}</td>
              <td className="tabular-nums">{count(report.rowCount)}</td>
              <td><Badge tone={REPORT_STATUS_TONES[report.status as ReportStatus] ?? 'off'}>{report.status}</Badge></td>
              <td className="min-w-[12rem]"><Outcome report={report} /></td>
            </tr>
          );
        })}
      </DataTable>
      {reports.length > shown.length ? (
        <button type="button" className="btn-secondary" onClick={() => setAll(true)}>Show all {reports.length} reports</button>
      ) : null}
    </div>
  );
}
