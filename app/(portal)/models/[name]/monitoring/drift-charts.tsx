'use client';

import { useState } from 'react';
import { Badge } from '@/app/_components/badges';
import { BarChart, LineChart, SERIES_COLORS } from '@/app/_components/charts';
import { formatAxisPercent, formatCount, formatPercent } from '@/app/_components/format';
import { TableFrame } from '@/app/_components/data-table';
import type { FeatureDrift } from '@/server/drift/drift-types';
import type { DriftShareThreshold } from '@/server/drift/drift-share-threshold';
import { shareThresholdText, type HistoryPoint } from './drift-history-points';

const METHOD_LABELS: Record<string, string> = {
  ks: 'KS p-value',
  chi_square: 'χ² p-value',
  z_test: 'z-test p-value',
  wasserstein: 'Wasserstein (norm.)',
  jensen_shannon: 'Jensen–Shannon',
  psi: 'PSI',
};

const fixed = (v: number) => (Math.abs(v) < 0.001 && v !== 0 ? v.toExponential(2) : v.toFixed(3));

/** The latest report's per-feature table; choosing a feature shows reference vs current. */
export function DriftTable({ features }: { features: FeatureDrift[] }) {
  const [selected, setSelected] = useState(() => features.find((f) => f.drifted)?.feature ?? features[0]?.feature);
  const chosen = features.find((f) => f.feature === selected);
  return (
    <div className="grid gap-4 xl:grid-cols-[3fr_2fr]">
      <TableFrame label="Feature drift">
        <table className="data-table" aria-label="Feature drift">
          <thead>
            <tr><th>Feature</th><th>Method</th><th>Value</th><th>Threshold</th><th>Drift</th></tr>
          </thead>
          <tbody>
            {features.map((f) => (
              <tr key={f.feature} aria-selected={f.feature === selected} className="cursor-pointer aria-selected:bg-indigo-50/60" onClick={() => setSelected(f.feature)}>
                <td><button type="button" className="font-mono text-indigo-700 hover:underline" onClick={() => setSelected(f.feature)}>{f.feature}</button></td>
                <td className="whitespace-nowrap text-tremor-label" title={f.note ?? undefined}>{METHOD_LABELS[f.method] ?? f.method}</td>
                <td className="font-mono">{fixed(f.value)}</td>
                <td className="whitespace-nowrap font-mono">{f.method === 'ks' || f.method === 'chi_square' || f.method === 'z_test' ? `p < ${f.threshold}` : `≥ ${f.threshold}`}</td>
                <td>{f.drifted ? <Badge tone="bad">drift</Badge> : <Badge tone="good">stable</Badge>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableFrame>
      {chosen && (
        <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
          <p className="font-medium text-tremor-content-strong">{chosen.feature}: reference vs current</p>
          <p className="text-tremor-label text-tremor-content">Share of rows per {chosen.type === 'numeric' ? 'frozen reference bin' : 'category'}; {formatCount(chosen.currentRows)} current rows, {formatCount(chosen.currentMissing)} missing.</p>
          <BarChart
            className="mt-3 h-64"
            data={chosen.histogram.labels.map((label, i) => ({ bin: label, Reference: chosen.histogram.reference[i] ?? 0, Current: chosen.histogram.current[i] ?? 0 }))}
            index="bin"
            categories={['Reference', 'Current']}
            colors={['slate', 'indigo']}
            valueFormatter={formatAxisPercent}
            yAxisWidth={56}
          />
        </div>
      )}
    </div>
  );
}

/** Feature lines: apart in hue from each other and from the red threshold line. */
const FEATURE_COLORS = SERIES_COLORS.filter((c) => c !== 'rose' && c !== 'orange');

/**
 * Drift per feature on one scale where up is worse (1 = the feature's threshold, the red
 * line), and the share of drifted features: bars at or above the alert threshold red.
 */
export function DriftHistory({ points, features, cap, shareThreshold }: { points: HistoryPoint[]; features: string[]; cap: number; shareThreshold: DriftShareThreshold }) {
  const scores = points.map((p) => ({ window: p.window, ...p.scores, Threshold: 1 }));
  const shares = points.map((p) => ({ window: p.window, 'Below threshold': p.shareBelow, 'At or above threshold': p.shareAbove }));
  // Axis ticks are whole numbers ("2"), tooltips two decimals ("0.37"); the axis ends at the
  // cap, or lower when every score is, but never below 2 so the threshold line sits inside.
  const score = (v: number) => (v >= cap ? `≥ ${cap}` : v.toFixed(Number.isInteger(v) ? 0 : 2));
  const highest = Math.max(0, ...points.flatMap((p) => Object.values(p.scores).filter((v): v is number => v !== null)));
  const top = Math.min(cap, Math.max(2, Math.ceil(highest)));
  const thresholdText = shareThresholdText(shareThreshold);
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
        <p className="font-medium text-tremor-content-strong">Drift score per feature: higher = more drift</p>
        <p className="text-tremor-label text-tremor-content">
          1 is the feature&apos;s threshold (the red line): above it the feature drifted. Distances (PSI, Wasserstein, Jensen–Shannon) are divided by their threshold; a p-value p with threshold α shows as log p / log α, so a smaller p-value plots higher. Values above {cap} are drawn at {cap}. Windows end at the time shown, UTC.
        </p>
        <LineChart className="mt-3 h-64" data={scores} index="window" categories={[...features, 'Threshold']} colors={[...FEATURE_COLORS.slice(0, features.length), 'red']} valueFormatter={score} yAxisWidth={48} minValue={0} maxValue={top} connectNulls />
      </div>
      <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
        <p className="font-medium text-tremor-content-strong">Share of drifted features</p>
        <p className="text-tremor-label text-tremor-content">Red from the threshold up: {thresholdText}. Windows end at the time shown, UTC.</p>
        <BarChart className="mt-3 h-64" data={shares} index="window" categories={['Below threshold', 'At or above threshold']} colors={['slate', 'red']} stack valueFormatter={formatAxisPercent} yAxisWidth={56} minValue={0} maxValue={1} />
      </div>
    </div>
  );
}

/** Label-free estimate beside realized accuracy, per report window. */
export function PerformanceHistory({ points, labelNote }: { points: HistoryPoint[]; labelNote: string }) {
  const data = points.map((p) => ({ window: p.window, 'Estimated (CBPE)': p.estimatedAccuracy, Realized: p.realizedAccuracy }));
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="font-medium text-tremor-content-strong">Accuracy: estimated from scores vs realized from labels</p>
      <p className="text-tremor-label text-tremor-content">{labelNote} Windows end at the time shown, UTC.</p>
      <LineChart className="mt-3 h-64" data={data} index="window" categories={['Estimated (CBPE)', 'Realized']} colors={['indigo', 'emerald']} valueFormatter={(v) => formatPercent(v)} yAxisWidth={64} connectNulls />
    </div>
  );
}

export function VolumeChart({ days }: { days: { day: string; events: number; labeled: number }[] }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="font-medium text-tremor-content-strong">Traffic per day</p>
      <p className="text-tremor-label text-tremor-content">Events by the UTC day they occurred; labelled: those of the day that have their label by now.</p>
      <BarChart className="mt-3 h-56" data={days.map((d) => ({ day: d.day, Events: d.events, Labelled: d.labeled }))} index="day" categories={['Events', 'Labelled']} colors={['indigo', 'emerald']} valueFormatter={formatCount} yAxisWidth={64} />
    </div>
  );
}
