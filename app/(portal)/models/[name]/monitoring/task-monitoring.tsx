import { DataTable } from '@/app/_components/data-table';
import type { FeatureDrift } from '@/server/drift/drift-types';
import type { PerformanceSummary } from '@/server/monitoring/monitoring-queries';

// The parts of the monitoring page that differ by task type: what the prediction row of the
// drift table stands for, the statistics of prediction drift in words, and a multiclass
// model's label-free estimate (CBPE) or why there is none.

const TASK_PREDICTION: Record<string, string> = {
  binary_classification: 'prediction (score)',
  multiclass_classification: 'prediction (class)',
  regression: 'prediction (value)',
};

export function predictionRowName(taskType: string): string {
  return TASK_PREDICTION[taskType] ?? 'prediction';
}

const fixed = (v: number | null | undefined, digits = 4) => (v === null || v === undefined || Number.isNaN(v) ? 'undefined' : Math.abs(v) < 1e-4 && v !== 0 ? v.toExponential(2) : v.toFixed(digits));

type Test = { statistic: number; pValue: number; dof?: number } | null | undefined;

/** One sentence per statistic of the prediction's drift, as computed (nothing when absent). */
export function PredictionDriftStatistics({ prediction, taskType }: { prediction: FeatureDrift; taskType: string }) {
  const s = prediction.statistics;
  const chi = s.chiSquare as Test;
  const ks = s.ks as Test;
  const js = s.jensenShannon as number | null | undefined;
  const what =
    taskType === 'multiclass_classification'
      ? 'Predicted-class distribution of the window against the serving version’s predicted classes on the reference dataset'
      : taskType === 'regression'
        ? 'Predicted values of the window against the serving version’s predictions on the reference dataset'
        : 'Scores of the window against the serving version’s scores on the reference dataset';
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 text-tremor-default shadow-tremor-card">
      <p className="font-medium text-tremor-content-strong">Prediction drift</p>
      <p className="text-tremor-label text-tremor-content">
        {what} ({prediction.referenceRows?.toLocaleString() ?? '—'} reference rows, {prediction.currentRows.toLocaleString()} events{prediction.currentMissing ? `, ${prediction.currentMissing.toLocaleString()} without a prediction` : ''}).
        {prediction.note ? ` ${prediction.note}.` : ''}
      </p>
      <ul className="mt-2 list-disc pl-5 font-mono text-tremor-label">
        {ks ? <li>KS (two-sample): D = {fixed(ks.statistic)}, p = {fixed(ks.pValue)}</li> : null}
        {chi ? <li>χ² test of homogeneity (2 × classes, no continuity correction): χ² = {fixed(chi.statistic, 3)}, dof = {chi.dof}, p = {fixed(chi.pValue)}</li> : null}
        {typeof js === 'number' ? <li>Jensen–Shannon distance (natural log): {fixed(js)}</li> : null}
      </ul>
    </div>
  );
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'undefined' : `${(v * 100).toFixed(1)} %`);

/** A multiclass model's CBPE estimate of the latest report, or why there is none. */
export function MulticlassEstimate({ performance }: { performance: PerformanceSummary | null | undefined }) {
  const estimate = performance?.estimatedMulticlass;
  const note = performance?.estimateNote ?? 'Not estimated: this report predates class probabilities on events.';
  if (!estimate) return <p className="text-tremor-default text-tremor-content">{note}</p>;
  return (
    <div className="space-y-2">
      <DataTable label="Estimated performance (CBPE)" columns={['Metric', 'Estimate']}>
        <tr><th scope="row">Accuracy</th><td className="font-mono">{pct(estimate.accuracy)}</td></tr>
        <tr><th scope="row">Precision, macro</th><td className="font-mono">{pct(estimate.macro.precision)}</td></tr>
        <tr><th scope="row">Recall, macro</th><td className="font-mono">{pct(estimate.macro.recall)}</td></tr>
        <tr><th scope="row">F1, macro</th><td className="font-mono">{pct(estimate.macro.f1)}</td></tr>
        <tr><th scope="row">ROC AUC, one-vs-rest macro</th><td className="font-mono">{estimate.macro.rocAuc === null ? 'undefined' : estimate.macro.rocAuc.toFixed(3)}</td></tr>
      </DataTable>
      <p className="text-tremor-label text-tremor-content">{note} A class never predicted leaves its precision, and so the macro averages, undefined.</p>
    </div>
  );
}
