'use client';

import type { Color } from '@tremor/react';
import { BarChart } from '@/app/_components/charts';
import type { DashboardPoint, ModelDashboard } from '@/server/dashboard/model-dashboard';
import { scoreBucketBounds } from '@/server/traffic/rollup-buckets';
import { bucketLabel, count, milliseconds, percent, utc } from './dashboard-format';
import { shareThresholdText } from '../monitoring/drift-history-points';
import { KpiCharts } from './kpi-charts';
import { chartCsvs, csvStem } from './chart-csvs';
import { ChartCard, TimeChart, type Timeline } from './time-chart';

// The dashboard's charts, built from the loaded series; every chart's CSV is made from the
// same rows it draws (raw values: shares as fractions, latencies in ms, times in UTC).

// Per-version lines beside the indigo total: apart in hue (cyan beside sky read as one colour).
const VERSION_COLORS: Color[] = ['violet', 'amber', 'emerald', 'fuchsia', 'lime', 'orange'];
const PREVIOUS = 'Previous period';
const THRESHOLD = 'Alert threshold';

type Row = Record<string, string | number | null>;

function rows(view: ModelDashboard, value: (p: DashboardPoint) => Row, previous?: (p: DashboardPoint) => number | null): Row[] {
  return view.current.points.map((p, i) => {
    const row: Row = { bucket: bucketLabel(p.start, view.range.bucket), ...value(p) };
    const before = view.previous?.points[i];
    if (previous && view.previous) row[PREVIOUS] = before ? previous(before) : null;
    return row;
  });
}

export function DashboardCharts({ view }: { view: ModelDashboard }) {
  const name = view.model.name;
  const timeline: Timeline = {
    model: name,
    first: view.range.from.getTime(),
    step: view.current.points.length > 1 ? view.current.points[1]!.start.getTime() - view.current.points[0]!.start.getTime() : view.range.to.getTime() - view.range.from.getTime(),
    points: view.current.points.length,
    deployments: view.deployments,
    alerts: view.alerts,
  };
  const compare = view.previous !== null;
  const shifted = compare ? ` (${PREVIOUS.toLowerCase()}: the same buckets shifted back by the range's length)` : '';
  const binary = view.model.positiveClass !== null;
  const versions = view.current.versions.map((v) => `v${v.version}`);
  const perVersion = versions.length > 1 ? versions : [];

  const { traffic, latency, positive, performance, drift, scores, scoreShares, previousShares } = chartCsvs(view, perVersion);
  const target = view.target?.minimum ?? null;
  const scoreLabels = view.current.summary.scoreHistogram.map((_, k) => {
    const { lower, upper } = scoreBucketBounds(k);
    return `${lower.toFixed(2)}–${upper.toFixed(2)}`;
  });
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <TimeChart
        title="Traffic"
        description={`Events per ${view.range.bucket}${perVersion.length ? ', in all and per version' : ''}${shifted}.`}
        data={rows(view, (p) => ({ 'All versions': p.events, ...Object.fromEntries(perVersion.map((v) => [v, p.eventsByVersion[v.slice(1)] ?? 0])) }), (p) => p.events)}
        categories={['All versions', ...perVersion, ...(compare ? [PREVIOUS] : [])]}
        colors={['indigo', ...VERSION_COLORS.slice(0, perVersion.length), ...(compare ? (['slate'] as Color[]) : [])]}
        valueFormatter={count}
        timeline={timeline}
        csv={traffic}
        minValue={0}
      />
      <TimeChart
        title="Latency"
        description={`p50, p95 and p99 per ${view.range.bucket}, read from √2-wide log buckets: each within a factor √2 of the exact percentile (the CSV gives the bucket).`}
        data={rows(view, (p) => ({ p50: p.latency.p50?.value ?? null, p95: p.latency.p95?.value ?? null, p99: p.latency.p99?.value ?? null }), (p) => p.latency.p95?.value ?? null)}
        categories={['p50', 'p95', 'p99', ...(compare ? [PREVIOUS] : [])]}
        colors={['emerald', 'amber', 'rose', ...(compare ? (['slate'] as Color[]) : [])]}
        valueFormatter={milliseconds}
        timeline={timeline}
        csv={latency}
        minValue={0}
      />
      {binary ? (
        <TimeChart
          title="Positive rate"
          description={`Share of events predicted "${view.model.positiveClass}" (the logged label, else score ≥ 0.5)${compare ? `; ${PREVIOUS.toLowerCase()} in grey` : ''}.`}
          data={rows(view, (p) => ({ 'Positive rate': p.positiveRate }), (p) => p.positiveRate)}
          categories={['Positive rate', ...(compare ? [PREVIOUS] : [])]}
          colors={['violet', ...(compare ? (['slate'] as Color[]) : [])]}
          valueFormatter={(v) => percent(v)}
          timeline={timeline}
          csv={positive}
          minValue={0}
        />
      ) : null}
      {binary ? (
        <TimeChart
          title="Performance"
          description={
            <>
              Realized accuracy from the labels received so far (per {view.range.bucket}), the label-free estimate (CBPE) of each drift report at the end of its window
              {target !== null ? `, and the target (${percent(target)})` : ', no target set'}.
            </>
          }
          data={rows(view, (p) => ({ Realized: p.realized.accuracy, 'Estimated (CBPE)': p.estimatedAccuracy, ...(target !== null ? { Target: target } : {}) }), (p) => p.realized.accuracy)}
          categories={['Realized', 'Estimated (CBPE)', ...(target !== null ? ['Target'] : []), ...(compare ? [PREVIOUS] : [])]}
          colors={['emerald', 'indigo', ...(target !== null ? (['red'] as Color[]) : []), ...(compare ? (['slate'] as Color[]) : [])]}
          valueFormatter={(v) => percent(v)}
          timeline={timeline}
          csv={performance}
          maxValue={1}
        />
      ) : null}
      <TimeChart
        title="Share of drifted features"
        description={`Of each drift report, at the end of its window${view.current.driftReports.length ? '' : ' (no report in this range)'}; the red line is the alert threshold, ${shareThresholdText(view.driftThreshold)}: at or above it the dataset drifted.`}
        data={rows(view, (p) => ({ 'Drifted features': p.driftShare, [THRESHOLD]: view.driftThreshold.value }), (p) => p.driftShare)}
        categories={['Drifted features', THRESHOLD, ...(compare ? [PREVIOUS] : [])]}
        colors={['amber', 'red', ...(compare ? (['slate'] as Color[]) : [])]}
        valueFormatter={(v) => percent(v, 0)}
        timeline={timeline}
        csv={drift}
        minValue={0}
        maxValue={1}
      />
      <ChartCard title="Score distribution" description={`Share of events per score bucket over the whole range${compare ? ', against the previous period' : ''}; ${count(view.current.summary.scoreHistogram.reduce((a, b) => a + b, 0))} scored events.`} csv={scores}>
        <BarChart
          className="mt-4 h-60"
          data={scoreLabels.map((label, k) => ({ score: label, 'This period': scoreShares[k]!, ...(previousShares ? { [PREVIOUS]: previousShares[k]! } : {}) }))}
          index="score"
          categories={['This period', ...(previousShares ? [PREVIOUS] : [])]}
          colors={['indigo', 'slate']}
          valueFormatter={(v) => percent(v)}
          yAxisWidth={64}
        />
      </ChartCard>
      <div className="xl:col-span-2">
        <KpiCharts view={view} timeline={timeline} stem={csvStem(view)} />
      </div>
      <p className="text-tremor-label text-tremor-content xl:col-span-2">
        Buckets are UTC {view.range.bucket}s from {utc(view.range.from)} to {utc(view.range.to)}. Vertical lines mark deployments (dashed: rollbacks), shaded bands
        alert periods (red: critical, amber: warning); hover for details, click a marker for its promotion.
      </p>
    </div>
  );
}
