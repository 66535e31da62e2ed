'use client';

import type { ReactNode } from 'react';
import { BarChart } from '@/app/_components/charts';
import { DataTable } from '@/app/_components/data-table';
import type { BinaryRealized, MulticlassRealized, RealizedPerformance, RegressionRealized } from '@/server/monitoring/realized-performance';

// Realized performance of the latest report window that has labels, for the model's task
// type. Undefined values say "undefined" (with the reason where there is one), never 0.

const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'undefined' : `${(v * 100).toFixed(1)} %`);
const num = (v: number | null | undefined) => {
  if (v === null || v === undefined) return 'undefined';
  const abs = Math.abs(v);
  return abs !== 0 && (abs < 0.001 || abs >= 1e6) ? v.toExponential(3) : v.toFixed(Math.abs(v) >= 100 ? 1 : 4);
};

function Tile({ label, value, hint }: { label: string; value: string; hint?: string | null }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="text-tremor-label text-tremor-content">{label}</p>
      <p className="mt-1 text-tremor-metric font-semibold text-tremor-content-strong">{value}</p>
      {hint ? <p className="text-tremor-label text-tremor-content">{hint}</p> : null}
    </div>
  );
}

function Note({ children }: { children: ReactNode }) {
  return <p className="text-tremor-label text-tremor-content">{children}</p>;
}

function Binary({ r }: { r: BinaryRealized }) {
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-3 lg:grid-cols-5">
        <Tile label="Accuracy" value={pct(r.accuracy)} />
        <Tile label={`Precision (${r.positiveClass})`} value={pct(r.precision)} />
        <Tile label={`Recall (${r.positiveClass})`} value={pct(r.recall)} />
        <Tile label="F1" value={pct(r.f1)} />
        <Tile label="ROC AUC" value={r.rocAuc === null ? 'undefined' : r.rocAuc.toFixed(3)} hint={r.rocAuc === null ? 'needs a score on every labelled event and both classes' : null} />
      </div>
      <DataTable label="Confusion matrix" columns={['Actual \\ predicted', `not ${r.positiveClass}`, r.positiveClass]}>
        <tr><th scope="row">not {r.positiveClass}</th><td className="font-mono">{r.confusion.tn}</td><td className="font-mono">{r.confusion.fp}</td></tr>
        <tr><th scope="row">{r.positiveClass}</th><td className="font-mono">{r.confusion.fn}</td><td className="font-mono">{r.confusion.tp}</td></tr>
      </DataTable>
    </div>
  );
}

function ProbabilityTiles({ r }: { r: MulticlassRealized }) {
  const m = r.probabilityMetrics;
  if (!m) return null;
  const auc = (v: number | null) => (v === null ? 'undefined' : v.toFixed(3));
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <Tile label="Log loss" value={m.logLoss === null ? 'undefined' : m.logLoss.toFixed(4)} hint={`on ${m.rows.toLocaleString()} events with class probabilities; lower is better`} />
      <Tile label="ROC AUC, one-vs-rest macro" value={auc(m.rocAuc.macro)} hint={m.rocAuc.undefinedReason ?? 'unweighted mean of the per-class AUCs'} />
      <Tile label="ROC AUC, one-vs-rest weighted" value={auc(m.rocAuc.weighted)} hint={m.rocAuc.undefinedReason ?? "weighted by each class's labelled rows"} />
    </div>
  );
}

function Multiclass({ r }: { r: MulticlassRealized }) {
  const skipped = r.skipped.labelNotAClass + r.skipped.noPredictedClass;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Tile label="Accuracy" value={pct(r.accuracy)} />
        <Tile label="F1, macro" value={pct(r.macro?.f1)} hint="unweighted mean over classes" />
        <Tile label="F1, weighted" value={pct(r.weighted?.f1)} hint="weighted by each class's labelled rows" />
        <Tile label="F1, micro" value={pct(r.micro?.f1)} hint="over all rows (equals accuracy)" />
      </div>
      <ProbabilityTiles r={r} />
      {r.notComputed ? <Note>{r.notComputed}</Note> : null}
      <DataTable label="Averaged metrics" columns={['Average', 'Precision', 'Recall', 'F1']}>
        {(['macro', 'weighted', 'micro'] as const).map((average) => (
          <tr key={average}>
            <th scope="row">{average}</th>
            <td className="font-mono">{pct(r[average]?.precision)}</td>
            <td className="font-mono">{pct(r[average]?.recall)}</td>
            <td className="font-mono">{pct(r[average]?.f1)}</td>
          </tr>
        ))}
      </DataTable>
      <Note>
        As scikit-learn: a class with no predicted row counts as precision 0 in the averages, one with no labelled row as recall 0; classes neither predicted nor labelled are left out.
        The table below shows such values as undefined.
      </Note>
      <DataTable label="Per-class metrics" columns={['Class', 'Labelled', 'Predicted', 'Precision', 'Recall', 'F1']}>
        {r.perClass.map((c) => (
          <tr key={c.class}>
            <th scope="row" className="font-mono">{c.class}</th>
            <td className="font-mono">{c.support.toLocaleString()}</td>
            <td className="font-mono">{c.predicted.toLocaleString()}</td>
            <td className="font-mono">{pct(c.precision)}</td>
            <td className="font-mono">{pct(c.recall)}</td>
            <td className="font-mono">{pct(c.f1)}</td>
          </tr>
        ))}
      </DataTable>
      {r.confusion ? (
        <DataTable label="Confusion matrix" columns={['Actual \\ predicted', ...r.classes]}>
          {r.confusion.map((row, i) => (
            <tr key={r.classes[i]}>
              <th scope="row" className="font-mono">{r.classes[i]}</th>
              {row.map((count, j) => (
                <td key={r.classes[j]} className={`font-mono ${i === j ? 'font-semibold text-emerald-700' : ''}`}>{count.toLocaleString()}</td>
              ))}
            </tr>
          ))}
        </DataTable>
      ) : (
        <Note>The confusion matrix is kept for up to 30 classes; this model has {r.classes.length}.</Note>
      )}
      {skipped > 0 ? <Note>Left out: {r.skipped.labelNotAClass} labelled events whose label is not a declared class, {r.skipped.noPredictedClass} without a predicted class.</Note> : null}
    </div>
  );
}

function Regression({ r }: { r: RegressionRealized }) {
  const width = r.residuals.histogram.edges.length > 1 ? r.residuals.histogram.edges[1]! - r.residuals.histogram.edges[0]! : 0;
  const bars = r.residuals.histogram.counts.map((count, i) => ({ residual: num(r.residuals.histogram.edges[i]! + width / 2), Rows: count }));
  const skipped = r.skipped.labelNotANumber + r.skipped.noPrediction;
  return (
    <div className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Tile label="MAE" value={num(r.mae)} hint="mean absolute error" />
        <Tile label="RMSE" value={num(r.rmse)} hint="root mean squared error" />
        <Tile label="R²" value={r.r2 === null ? 'undefined' : r.r2.toFixed(4)} hint={r.r2Undefined} />
        <Tile label="MAPE" value={pct(r.mape)} hint={r.mapeUndefined ?? 'mean absolute percentage error'} />
      </div>
      <div className="grid gap-4 xl:grid-cols-[3fr_2fr]">
        <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
          <p className="font-medium text-tremor-content-strong">Residuals (label − prediction)</p>
          <Note>Rows per equal-width bin; positive residuals are under-predictions. Mean {num(r.residuals.mean)}.</Note>
          <BarChart className="mt-3 h-56" data={bars} index="residual" categories={['Rows']} colors={['indigo']} yAxisWidth={48} />
        </div>
        <DataTable label="Residual percentiles" columns={['Percentile', 'Residual']}>
          {r.residuals.quantiles.map((q) => (
            <tr key={q.q}>
              <th scope="row">{q.q === 0 ? 'min' : q.q === 100 ? 'max' : `p${q.q}`}</th>
              <td className="font-mono">{num(q.value)}</td>
            </tr>
          ))}
        </DataTable>
      </div>
      <Note>No label-free estimate for regression: the published method (NannyML&apos;s DLE) trains a second model on the reference errors, which Vigil does not do.</Note>
      {skipped > 0 ? <Note>Left out: {r.skipped.labelNotANumber} labelled events whose label is not a number, {r.skipped.noPrediction} without a numeric prediction.</Note> : null}
    </div>
  );
}

export function RealizedPerformanceSection({ realized }: { realized: RealizedPerformance }) {
  if (realized.task === 'regression') return <Regression r={realized} />;
  if (realized.task === 'multiclass_classification') return <Multiclass r={realized} />;
  return <Binary r={realized} />;
}
