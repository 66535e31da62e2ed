'use client';

import { LineChart, type Color } from '@tremor/react';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ChartLegend } from '@/app/_components/charts';
import { downloadFile } from '@/app/_components/download-file';
import type { AlertPeriod, DeploymentMarker } from '@/server/dashboard/dashboard-overlays';
import { slug } from '../fairness/report-csv';
import type { ChartCsv } from './chart-csvs';
import { toCsv } from './dashboard-csv';
import { utc } from './dashboard-format';
import { markerLabel, markerLink } from './marker-text';

// A time chart (Tremor's LineChart) with the dashboard's overlays drawn over its plot area:
// deployment and rollback markers as vertical lines, alert periods as shaded bands. Tremor
// draws neither, so the overlay is positioned from the chart's own fixed geometry: a y axis
// of Y_AXIS px on the left, PAD px of x padding on each side, 5 px above the plot and the
// 30 px x axis below it; the points sit at equal steps from the first bucket to the last.

const Y_AXIS = 64;
const PAD = 16;

export interface Timeline {
  model: string;
  /** Bucket starts, ms since the epoch. */
  first: number;
  step: number;
  points: number;
  deployments: DeploymentMarker[];
  alerts: AlertPeriod[];
}

/** Horizontal position of an instant as a share of the plot width (the points span it), clamped. */
function position(timeline: Timeline, at: number): number {
  if (timeline.points <= 1) return 0.5;
  const share = (at - timeline.first) / timeline.step / (timeline.points - 1);
  return Math.min(1, Math.max(0, share));
}

function Overlay({ timeline }: { timeline: Timeline }) {
  const end = timeline.first + timeline.points * timeline.step;
  const alerts = timeline.alerts.filter((a) => a.openedAt.getTime() < end && (a.resolvedAt === null || a.resolvedAt.getTime() > timeline.first));
  const deployments = timeline.deployments.filter((d) => d.at.getTime() >= timeline.first && d.at.getTime() < end);
  return (
    <div className="pointer-events-none absolute bottom-[30px] top-[5px]" style={{ left: Y_AXIS + PAD, right: PAD }}>
      {alerts.map((a) => {
        const left = position(timeline, a.openedAt.getTime());
        const right = a.resolvedAt === null ? 1 : position(timeline, a.resolvedAt.getTime());
        return (
          <div
            key={a.id}
            title={`${a.severity} alert: ${a.message} — ${utc(a.openedAt)} to ${a.resolvedAt ? utc(a.resolvedAt) : 'now (open)'}`}
            className={`pointer-events-auto absolute inset-y-0 ${a.severity === 'critical' ? 'bg-rose-500/15' : 'bg-amber-400/20'}`}
            style={{ left: `${left * 100}%`, width: `max(2px, ${(right - left) * 100}%)` }}
          />
        );
      })}
      {deployments.map((d) => (
        <Link
          key={d.id}
          href={markerLink(d, timeline.model)}
          title={markerLabel(d)}
          aria-label={markerLabel(d)}
          data-deployment-marker={d.id}
          className="group pointer-events-auto absolute inset-y-0 -ml-2 w-4"
          style={{ left: `${position(timeline, d.at.getTime()) * 100}%` }}
        >
          <span className={`absolute inset-y-0 left-2 border-l-2 ${d.kind === 'promotion' ? 'border-indigo-600' : 'border-dashed border-orange-600'}`} />
          <span className={`absolute -top-1 left-2.5 whitespace-nowrap rounded px-1 text-[10px] font-semibold leading-4 text-white ${d.kind === 'promotion' ? 'bg-indigo-600' : 'bg-orange-600'} group-hover:underline`}>
            {d.kind === 'promotion' ? '' : '↩ '}v{d.version}
          </span>
        </Link>
      ))}
    </div>
  );
}

export function ChartCard({ title, description, csv, children }: { title: string; description: ReactNode; csv: ChartCsv | null; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 className="font-medium text-tremor-content-strong">{title}</h3>
          <p className="text-tremor-label text-tremor-content">{description}</p>
        </div>
        {csv ? (
          <button type="button" aria-label={`Download ${title} data (CSV)`} className="btn-secondary text-tremor-label" onClick={() => downloadFile(`${slug(csv.name)}.csv`, 'text/csv;charset=utf-8', toCsv(csv.header, csv.rows))}>
            Download CSV
          </button>
        ) : null}
      </div>
      {children}
    </section>
  );
}

export interface TimeChartProps {
  title: string;
  description: ReactNode;
  data: Record<string, string | number | null>[];
  categories: string[];
  colors: Color[];
  valueFormatter: (value: number) => string;
  timeline: Timeline;
  csv: ChartCsv;
  minValue?: number;
  maxValue?: number;
}

/** A line chart over the range's buckets (index "bucket") with its overlays, legend and CSV download. */
export function TimeChart(props: TimeChartProps) {
  const empty = props.data.every((row) => props.categories.every((c) => row[c] === null || row[c] === undefined));
  return (
    <ChartCard title={props.title} description={props.description} csv={props.csv}>
      <ChartLegend className="mt-2" categories={props.categories} colors={props.colors} />
      <div className="relative mt-2">
        <LineChart
          className="h-60"
          data={props.data}
          index="bucket"
          categories={props.categories}
          colors={props.colors}
          valueFormatter={props.valueFormatter}
          yAxisWidth={Y_AXIS}
          padding={{ left: PAD, right: PAD }}
          showLegend={false}
          connectNulls
          minValue={props.minValue}
          maxValue={props.maxValue}
          noDataText="No data in this range"
        />
        {empty ? null : <Overlay timeline={props.timeline} />}
      </div>
    </ChartCard>
  );
}
