'use client';

import type { Color } from '@tremor/react';
import Link from 'next/link';
import type { KpiSeries } from '@/server/kpis/kpi-series';
import type { ModelDashboard } from '@/server/dashboard/model-dashboard';
import { bucketLabel } from './dashboard-format';
import { kpiValueText } from '@/app/(portal)/kpis/kpi-value';
import { TimeChart, type Timeline } from './time-chart';

// Business KPIs of the model (server/kpis: its own KPIs, and unscoped ones it posted points
// to), aggregated per bucket as each definition says (sum, mean or rate).

const PREVIOUS = 'Previous period';

const formatter = (kpi: KpiSeries['kpi']) => (v: number) => kpiValueText(kpi, v);

const AGGREGATION_TEXT = { sum: 'sum', mean: 'mean', rate: 'rate (Σ numerator / Σ denominator)' } as const;

export function KpiCharts({ view, timeline, stem }: { view: ModelDashboard; timeline: Timeline; stem: string }) {
  const kpis = view.current.kpis;
  if (kpis.length === 0) {
    return (
      <section aria-label="Business KPIs" className="rounded-tremor-default border border-dashed border-tremor-border bg-white p-5 text-tremor-default text-tremor-content">
        <p className="font-medium text-tremor-content-strong">No business KPIs defined</p>
        <p className="mt-1">
          No KPI belongs to {view.model.name} and no shared KPI has points of it in this range. <Link href="/kpis" className="text-indigo-700 hover:underline">KPI definitions</Link>
        </p>
      </section>
    );
  }
  return (
    <section aria-label="Business KPIs" className="space-y-3">
      <h2 className="text-tremor-title font-semibold text-tremor-content-strong">Business KPIs</h2>
      <div className="grid gap-4 xl:grid-cols-2">
        {kpis.map((series) => {
          const { kpi } = series;
          const previous = view.previous?.kpis.find((k) => k.kpi.name === kpi.name) ?? null;
          const compare = view.previous !== null;
          const label = kpi.unit ? `${kpi.name} (${kpi.unit})` : kpi.name;
          const data = series.points.map((p, i) => ({
            bucket: bucketLabel(p.start, view.range.bucket),
            [label]: p.value,
            ...(kpi.target !== null ? { Target: kpi.target } : {}),
            ...(compare ? { [PREVIOUS]: previous?.points[i]?.value ?? null } : {}),
          }));
          const colors: Color[] = ['teal', ...(kpi.target !== null ? (['red'] as Color[]) : []), ...(compare ? (['slate'] as Color[]) : [])];
          return (
            <TimeChart
              key={kpi.name}
              title={label}
              description={`${kpi.description ? `${kpi.description} ` : ''}${AGGREGATION_TEXT[kpi.aggregation]} per ${view.range.bucket}; ${kpi.direction === 'up' ? 'higher' : 'lower'} is better${kpi.target !== null ? `; target ${formatter(kpi)(kpi.target)}` : ''}.`}
              data={data}
              categories={[label, ...(kpi.target !== null ? ['Target'] : []), ...(compare ? [PREVIOUS] : [])]}
              colors={colors}
              valueFormatter={formatter(kpi)}
              timeline={timeline}
              csv={{
                name: `${stem}-kpi-${kpi.name}`,
                header: ['bucket_start_utc', 'value', 'points', 'numerator', 'denominator', 'target', ...(compare ? ['previous_bucket_start_utc', 'previous_value'] : [])],
                rows: series.points.map((p, i) => [p.start, p.value, p.points, p.numerator, p.denominator, kpi.target, ...(compare ? [previous?.points[i]?.start ?? null, previous?.points[i]?.value ?? null] : [])]),
              }}
            />
          );
        })}
      </div>
    </section>
  );
}
