import { Badge } from '@/app/_components/badges';
import { DataTable } from '@/app/_components/data-table';
import type { BinaryLabelled, ModelMetrics } from '@/server/shadow/shadow-summary';
import { count, fixed, pp, pValue, signed } from '../shadow-format';
import { SignificanceCard } from './kpi';

const METRICS: { key: keyof ModelMetrics; label: string }[] = [
  { key: 'accuracy', label: 'Accuracy' },
  { key: 'precision', label: 'Precision' },
  { key: 'recall', label: 'Recall' },
  { key: 'f1', label: 'F1' },
  { key: 'rocAuc', label: 'ROC AUC' },
];

function Confusion({ title, metrics, positive }: { title: string; metrics: ModelMetrics; positive: string | null }) {
  const { tp, fp, tn, fn } = metrics.confusion;
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="font-medium text-tremor-content-strong">{title}</p>
      <p className="text-tremor-label text-tremor-content">Rows: actual; columns: predicted. Positive class: <span className="font-mono">{positive ?? '—'}</span>.</p>
      <table className="mt-3 w-full text-center text-tremor-default tabular-nums" aria-label={`${title} confusion matrix`}>
        <thead>
          <tr className="text-tremor-label text-tremor-content"><th /><th className="py-1">predicted −</th><th className="py-1">predicted +</th></tr>
        </thead>
        <tbody>
          <tr><th className="py-1 text-left text-tremor-label font-normal text-tremor-content">actual −</th><td className="bg-emerald-50 py-2">{count(tn)}</td><td className="bg-red-50 py-2">{count(fp)}</td></tr>
          <tr><th className="py-1 text-left text-tremor-label font-normal text-tremor-content">actual +</th><td className="bg-red-50 py-2">{count(fn)}</td><td className="bg-emerald-50 py-2">{count(tp)}</td></tr>
        </tbody>
      </table>
    </div>
  );
}

/** McNemar's test and the bootstrap interval of an accuracy difference, in words (binary and multiclass runs). */
export function AccuracySignificance({ labelled }: { labelled: Pick<BinaryLabelled, 'accuracyDifference' | 'outcomes'> }) {
  const diff = labelled.accuracyDifference;
  const interval = diff.interval;
  const significant = diff.mcnemar.pValue < 0.05;
  return (
    <SignificanceCard>
      <p className="mt-1 text-tremor-content">
        Only {count(labelled.outcomes.onlyCandidate)} events are right for the candidate alone and {count(labelled.outcomes.onlyServing)} for the serving version alone; McNemar&apos;s test
        ({diff.mcnemar.method === 'exact' ? 'exact binomial, fewer than 25 discordant events' : 'chi-square with continuity correction'}) gives p = {pValue(diff.mcnemar.pValue)}.
      </p>
      {interval && (
        <p className="mt-2 text-tremor-content">
          Paired bootstrap ({count(interval.resamples)} resamples, percentile method): {Math.round(interval.level * 100)} % interval {pp(interval.lower)} to {pp(interval.upper)}.
        </p>
      )}
      <p className="mt-2">{significant ? <Badge tone={diff.estimate < 0 ? 'bad' : 'good'}>{diff.estimate < 0 ? 'candidate significantly worse' : 'candidate significantly better'}</Badge> : <Badge tone="off">no significant difference at 5 %</Badge>}</p>
    </SignificanceCard>
  );
}

/** A binary classifier's metrics on the labelled events, both versions side by side. */
export function BinaryResults({ labelled, candidate, serving }: { labelled: BinaryLabelled; candidate: string; serving: string }) {
  return (
    <div className="space-y-4">
      <DataTable label="Metric comparison" columns={['Metric', `${candidate} (candidate)`, `${serving} (serving)`, 'Difference']}>
        {METRICS.map(({ key, label }) => {
          const a = labelled.candidate[key] as number | null;
          const b = labelled.serving[key] as number | null;
          return (
            <tr key={key}>
              <td>{label}</td>
              <td className="font-mono">{fixed(a)}</td>
              <td className="font-mono">{fixed(b)}</td>
              <td className="font-mono">{a === null || b === null ? '—' : signed(a - b)}</td>
            </tr>
          );
        })}
        <tr>
          <td>Labelled events</td>
          <td className="font-mono">{count(labelled.candidate.count)}</td>
          <td className="font-mono">{count(labelled.serving.count)}</td>
          <td />
        </tr>
      </DataTable>
      <div className="grid gap-4 lg:grid-cols-3">
        <Confusion title={`${candidate} (candidate)`} metrics={labelled.candidate} positive={labelled.positiveClass} />
        <Confusion title={`${serving} (serving)`} metrics={labelled.serving} positive={labelled.positiveClass} />
        <AccuracySignificance labelled={labelled} />
      </div>
    </div>
  );
}
