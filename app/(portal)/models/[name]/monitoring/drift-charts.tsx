'use client';

import { useState } from 'react';
import { Badge } from '@/app/_components/badges';
import { BarChart, LineChart } from '@/app/_components/charts';
import { TableFrame } from '@/app/_components/data-table';
import type { FeatureDrift } from '@/server/drift/drift-types';

const METHOD_LABELS: Record<string, string> = {
  ks: 'KS p-value',
  chi_square: 'χ² p-value',
  z_test: 'z-test p-value',
  wasserstein: 'Wasserstein (norm.)',
  jensen_shannon: 'Jensen–Shannon',
  psi: 'PSI',
};

const percent = (v: number) => `${(v * 100).toFixed(1)} %`;
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
          <p className="text-tremor-label text-tremor-content">Share of rows per {chosen.type === 'numeric' ? 'frozen reference bin' : 'category'}; {chosen.currentRows.toLocaleString()} current rows, {chosen.currentMissing} missing.</p>
          <BarChart
            className="mt-3 h-64"
            data={chosen.histogram.labels.map((label, i) => ({ bin: label, Reference: chosen.histogram.reference[i] ?? 0, Current: chosen.histogram.current[i] ?? 0 }))}
            index="bin"
            categories={['Reference', 'Current']}
            colors={['slate', 'indigo']}
            valueFormatter={percent}
            yAxisWidth={56}
          />
        </div>
      )}
    </div>
  );
}

export interface HistoryPoint {
  window: string;
  driftShare: number;
  values: Record<string, number>;
  estimatedAccuracy: number | null;
  realizedAccuracy: number | null;
}

/** Drift score of each feature over the reports, and the dataset-level share. */
export function DriftHistory({ points, features }: { points: HistoryPoint[]; features: string[] }) {
  const data = points.map((p) => ({ window: p.window, 'Drifted share': p.driftShare, ...p.values }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
        <p className="font-medium text-tremor-content-strong">Drift score per feature</p>
        <p className="text-tremor-label text-tremor-content">The value each feature&apos;s method compares with its threshold.</p>
        <LineChart className="mt-3 h-64" data={data} index="window" categories={features} valueFormatter={fixed} yAxisWidth={56} />
      </div>
      <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
        <p className="font-medium text-tremor-content-strong">Share of drifted features</p>
        <p className="text-tremor-label text-tremor-content">The dataset drifts when it reaches the threshold (default 50 %).</p>
        <BarChart className="mt-3 h-64" data={data} index="window" categories={['Drifted share']} colors={['rose']} valueFormatter={percent} yAxisWidth={56} />
      </div>
    </div>
  );
}

/** Label-free estimate beside realized accuracy, per report window. */
export function PerformanceHistory({ points }: { points: HistoryPoint[] }) {
  const data = points.map((p) => ({ window: p.window, 'Estimated (CBPE)': p.estimatedAccuracy, Realized: p.realizedAccuracy }));
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="font-medium text-tremor-content-strong">Accuracy: estimated from scores vs realized from labels</p>
      <p className="text-tremor-label text-tremor-content">Labels arrive late; the estimate covers windows that have none yet.</p>
      <LineChart className="mt-3 h-64" data={data} index="window" categories={['Estimated (CBPE)', 'Realized']} colors={['indigo', 'emerald']} valueFormatter={(v) => percent(v)} yAxisWidth={56} connectNulls />
    </div>
  );
}

export function VolumeChart({ days }: { days: { day: string; events: number; labeled: number }[] }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="font-medium text-tremor-content-strong">Traffic per day</p>
      <BarChart className="mt-3 h-56" data={days.map((d) => ({ day: d.day, Events: d.events, Labelled: d.labeled }))} index="day" categories={['Events', 'Labelled']} colors={['indigo', 'emerald']} yAxisWidth={56} />
    </div>
  );
}
