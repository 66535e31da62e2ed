import { DataTable } from '@/app/_components/data-table';
import type { MulticlassLabelled, MulticlassVersionMetrics } from '@/server/shadow/shadow-multiclass';
import { count, fixed, signed } from '../shadow-format';
import { AccuracySignificance } from './binary-results';

const METRICS: { label: string; value: (m: MulticlassVersionMetrics) => number | null | undefined }[] = [
  { label: 'Accuracy', value: (m) => m.accuracy },
  { label: 'Macro precision', value: (m) => m.macro?.precision },
  { label: 'Macro recall', value: (m) => m.macro?.recall },
  { label: 'Macro F1', value: (m) => m.macro?.f1 },
  { label: 'Weighted F1', value: (m) => m.weighted?.f1 },
  { label: 'Micro F1', value: (m) => m.micro?.f1 },
];

function ClassConfusion({ title, classes, matrix }: { title: string; classes: string[]; matrix: number[][] | null }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="font-medium text-tremor-content-strong">{title}</p>
      <p className="text-tremor-label text-tremor-content">Rows: actual class; columns: predicted class.</p>
      {matrix ? (
        <table className="mt-3 w-full text-center text-tremor-default tabular-nums" aria-label={`${title} confusion matrix`}>
          <thead>
            <tr className="text-tremor-label text-tremor-content"><th />{classes.map((c) => <th key={c} className="py-1 font-mono">{c}</th>)}</tr>
          </thead>
          <tbody>
            {matrix.map((row, i) => (
              <tr key={classes[i]}>
                <th className="py-1 text-left font-mono text-tremor-label font-normal text-tremor-content">{classes[i]}</th>
                {row.map((n, j) => <td key={classes[j]} className={`py-1.5 ${i === j ? 'bg-emerald-50' : n > 0 ? 'bg-red-50' : ''}`}>{count(n)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mt-3 text-tremor-default text-tremor-content">Too many classes to show a confusion matrix.</p>
      )}
    </div>
  );
}

/** A multiclass classifier's metrics on the labelled events: averages, per class, confusions, and the accuracy test. */
export function MulticlassResults({ labelled, candidate, serving }: { labelled: MulticlassLabelled; candidate: string; serving: string }) {
  const skipped = labelled.skipped;
  const left = skipped.labelNotAClass + skipped.noPrediction + skipped.predictionNotAClass;
  return (
    <div className="space-y-4">
      <DataTable label="Metric comparison" columns={['Metric', `${candidate} (candidate)`, `${serving} (serving)`, 'Difference']}>
        {METRICS.map(({ label, value }) => {
          const a = value(labelled.candidate) ?? null;
          const b = value(labelled.serving) ?? null;
          return (
            <tr key={label}>
              <td>{label}</td>
              <td className="font-mono">{fixed(a)}</td>
              <td className="font-mono">{fixed(b)}</td>
              <td className="font-mono">{a === null || b === null ? '—' : signed(a - b)}</td>
            </tr>
          );
        })}
        <tr>
          <td>Labelled events</td>
          <td className="font-mono">{count(labelled.rows)}</td>
          <td className="font-mono">{count(labelled.rows)}</td>
          <td />
        </tr>
      </DataTable>
      <p className="text-tremor-label text-tremor-content">
        Averages as scikit-learn computes them over the classes present among the labels or either version&apos;s predictions (an undefined precision or recall counts as 0 there; the table below says undefined).
        {left > 0 ? ` Left out: ${count(skipped.labelNotAClass)} events whose label is no declared class, ${count(skipped.noPrediction)} without a class from a version, ${count(skipped.predictionNotAClass)} with a prediction outside the classes.` : ''}
      </p>
      <DataTable label="Per-class comparison" columns={['Class', 'Support', 'Precision, candidate', 'Precision, serving', 'Recall, candidate', 'Recall, serving', 'F1, candidate', 'F1, serving']}>
        {labelled.perClass.map((row) => (
          <tr key={row.class}>
            <td className="font-mono">{row.class}</td>
            <td className="font-mono">{count(row.support)}</td>
            <td className="font-mono">{row.candidate.precision === null ? 'undefined' : fixed(row.candidate.precision)}</td>
            <td className="font-mono">{row.serving.precision === null ? 'undefined' : fixed(row.serving.precision)}</td>
            <td className="font-mono">{row.candidate.recall === null ? 'undefined' : fixed(row.candidate.recall)}</td>
            <td className="font-mono">{row.serving.recall === null ? 'undefined' : fixed(row.serving.recall)}</td>
            <td className="font-mono">{row.candidate.f1 === null ? 'undefined' : fixed(row.candidate.f1)}</td>
            <td className="font-mono">{row.serving.f1 === null ? 'undefined' : fixed(row.serving.f1)}</td>
          </tr>
        ))}
      </DataTable>
      <div className="grid gap-4 lg:grid-cols-3">
        <ClassConfusion title={`${candidate} (candidate)`} classes={labelled.classes} matrix={labelled.candidate.confusion} />
        <ClassConfusion title={`${serving} (serving)`} classes={labelled.classes} matrix={labelled.serving.confusion} />
        <AccuracySignificance labelled={labelled} />
      </div>
    </div>
  );
}
