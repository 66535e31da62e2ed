'use client';

import { LineChart } from '@/app/_components/charts';
import { EmptyState } from '@/app/_components/data-table';
import { decimal, utc } from './fairness-format';
import type { ReportSummary } from './fairness-types';

const DP = 'Demographic parity difference';
const EO = 'Equalized odds difference';
const DI = 'Disparate impact';

/** Headline disparities of the completed reports over production traffic, oldest first. */
export function DisparityTrend({ reports }: { reports: ReportSummary[] }) {
  const points = reports
    .filter((r) => r.population === 'traffic' && r.status === 'completed')
    .sort((a, b) => new Date(a.windowTo ?? a.createdAt).getTime() - new Date(b.windowTo ?? b.createdAt).getTime())
    .map((r) => ({
      window: `${utc(r.windowTo ?? r.createdAt).replace(' UTC', '')} (v${r.version})`,
      [DP]: r.headline.demographicParityDifference,
      [EO]: r.headline.equalizedOddsDifference,
      [DI]: r.headline.disparateImpact,
    }));
  if (points.length < 2) {
    return <EmptyState title="Not enough reports for a trend">The trend needs at least two completed reports over production traffic; it has {points.length}.</EmptyState>;
  }
  const impacts = points.filter((p) => p[DI] !== null);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
        <p className="font-medium text-tremor-content-strong">Largest differences between judged groups</p>
        <p className="text-tremor-label text-tremor-content">Fairlearn, the worst grouping of each report; 0 is parity. Window end in UTC.</p>
        <LineChart className="mt-3 h-48" data={points} index="window" categories={[DP, EO]} colors={['indigo', 'rose']} valueFormatter={(v) => decimal(v)} yAxisWidth={56} connectNulls />
      </div>
      <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
        <p className="font-medium text-tremor-content-strong">Disparate impact furthest from 1</p>
        <p className="text-tremor-label text-tremor-content">AIF360, pooled unprivileged over privileged; the four-fifths rule wants 0.8–1.25.</p>
        {impacts.length >= 2 ? (
          <LineChart className="mt-3 h-48" data={points} index="window" categories={[DI]} colors={['amber']} valueFormatter={(v) => decimal(v)} yAxisWidth={56} connectNulls autoMinValue />
        ) : (
          <p className="mt-3 text-tremor-default text-tremor-content-emphasis">
            {impacts.length === 1
              ? `Only one report had a privileged value to compare with: ${decimal(impacts[0]![DI])} (${impacts[0]!.window}).`
              : 'No report had a privileged value to compare with.'}
          </p>
        )}
      </div>
    </div>
  );
}
