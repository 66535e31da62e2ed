import { Badge } from '@/app/_components/badges';
import { DataTable } from '@/app/_components/data-table';
import type { RegressionShadowComparison, RegressionVersionMetrics } from '@/server/shadow/shadow-regression';
import { count, fixed, pct, pValue, signed } from '../shadow-format';
import { SignificanceCard } from './kpi';

const QUANTILES = [5, 25, 50, 75, 95];

function metricRows(c: RegressionVersionMetrics, s: RegressionVersionMetrics) {
  return [
    { label: 'MAE', a: c.mae, b: s.mae, why: null, format: (v: number | null) => fixed(v) },
    { label: 'RMSE', a: c.rmse, b: s.rmse, why: null, format: (v: number | null) => fixed(v) },
    { label: 'R²', a: c.r2, b: s.r2, why: c.r2Undefined ?? s.r2Undefined, format: (v: number | null) => fixed(v) },
    { label: 'MAPE', a: c.mape, b: s.mape, why: c.mapeUndefined ?? s.mapeUndefined, format: (v: number | null) => pct(v, 2) },
  ];
}

/** The significance of MAE(candidate) − MAE(serving): the bootstrap interval and the Wilcoxon signed-rank test, stated. */
function ErrorSignificance({ regression }: { regression: RegressionShadowComparison }) {
  const interval = regression.maeDifference;
  const wilcoxon = regression.wilcoxon;
  const verdict = interval === null ? null : interval.lower > 0 ? 'worse' : interval.upper < 0 ? 'better' : null;
  return (
    <SignificanceCard>
      <p className="mt-1 text-tremor-content">
        Per event, d = |error of the candidate| − |error of the serving version|; its mean is the MAE difference. The candidate is closer on {count(regression.candidateCloser)} events, the serving version on{' '}
        {count(regression.servingCloser)}, equal on {count(regression.equal)}.
      </p>
      {interval && (
        <p className="mt-2 text-tremor-content">
          Paired bootstrap of the mean of d ({count(interval.resamples)} resamples, percentile method{interval.method === 'paired-percentile-m-out-of-n' ? `, ${count(interval.resampleRows)} events drawn per resample and rescaled` : ''}): {Math.round(interval.level * 100)} % interval{' '}
          {signed(interval.lower)} to {signed(interval.upper)}.
        </p>
      )}
      <p className="mt-2 text-tremor-content">
        {wilcoxon
          ? `Wilcoxon signed-rank test on d (two-sided, zero differences dropped, ${wilcoxon.method === 'exact' ? 'exact distribution' : 'normal approximation with the tie correction'}, as SciPy's default): p = ${pValue(wilcoxon.pValue)} over ${count(wilcoxon.nonZero)} events. It asks whether one version's errors are typically smaller, so it can disagree with the MAE when a few large errors dominate.`
          : 'Every event has the same absolute error from both versions: nothing to test.'}
      </p>
      <p className="mt-2">{verdict ? <Badge tone={verdict === 'worse' ? 'bad' : 'good'}>{verdict === 'worse' ? 'candidate significantly worse (MAE)' : 'candidate significantly better (MAE)'}</Badge> : <Badge tone="off">no significant MAE difference at 5 %</Badge>}</p>
    </SignificanceCard>
  );
}

/** A regressor's errors on the labelled events, both versions side by side, and whether the difference is real. */
export function RegressionResults({ regression, candidate, serving }: { regression: RegressionShadowComparison; candidate: string; serving: string }) {
  const skipped = regression.skipped;
  const left = skipped.labelNotANumber + skipped.noCandidatePrediction + skipped.noServingPrediction;
  const quantile = (m: RegressionVersionMetrics, q: number) => m.residuals.quantiles.find((x) => x.q === q)?.value ?? null;
  return (
    <div className="space-y-4">
      <DataTable label="Metric comparison" columns={['Metric', `${candidate} (candidate)`, `${serving} (serving)`, 'Difference']}>
        {metricRows(regression.candidate, regression.serving).map((row) => (
          <tr key={row.label}>
            <td>{row.label}</td>
            <td className="font-mono">{row.a === null && row.why ? 'undefined' : row.format(row.a)}</td>
            <td className="font-mono">{row.b === null && row.why ? 'undefined' : row.format(row.b)}</td>
            <td className="font-mono">{row.a === null || row.b === null ? (row.why ?? '—') : row.label === 'MAPE' ? `${signed((row.a - row.b) * 100, 2)} pp` : signed(row.a - row.b)}</td>
          </tr>
        ))}
        <tr>
          <td>Labelled events</td>
          <td className="font-mono">{count(regression.rows)}</td>
          <td className="font-mono">{count(regression.rows)}</td>
          <td />
        </tr>
      </DataTable>
      {left > 0 && (
        <p className="text-tremor-label text-tremor-content">
          Left out: {count(skipped.labelNotANumber)} events whose label is no number, {count(skipped.noCandidatePrediction)} without a candidate prediction, {count(skipped.noServingPrediction)} without a logged prediction.
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <DataTable label="Residual distribution" columns={['Residual (label − prediction)', `${candidate} (candidate)`, `${serving} (serving)`]}>
            <tr>
              <td>Mean</td>
              <td className="font-mono">{signed(regression.candidate.residuals.mean)}</td>
              <td className="font-mono">{signed(regression.serving.residuals.mean)}</td>
            </tr>
            {QUANTILES.map((q) => (
              <tr key={q}>
                <td>{q === 50 ? 'Median' : `${q}th percentile`}</td>
                <td className="font-mono">{signed(quantile(regression.candidate, q))}</td>
                <td className="font-mono">{signed(quantile(regression.serving, q))}</td>
              </tr>
            ))}
          </DataTable>
          <p className="mt-2 text-tremor-label text-tremor-content">Positive residuals: the version predicted too little. Percentiles by NumPy&apos;s linear definition.</p>
        </div>
        <ErrorSignificance regression={regression} />
      </div>
    </div>
  );
}
