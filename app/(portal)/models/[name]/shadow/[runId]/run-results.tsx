'use client';

import { BarChart } from '@tremor/react';
import { Badge } from '@/app/_components/badges';
import { DataTable } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { Section } from '@/app/_components/section';
import type { ModelMetrics, ShadowSummary } from '@/server/shadow/shadow-summary';
import { count, duration, fixed, pct, pp, pValue, rate, seconds, signed } from '../shadow-format';

interface Difference {
  requestId: string;
  occurredAt: Date;
  candidateScore: number | null;
  servingScore: number | null;
  candidateLabel: string | null;
  servingLabel: string | null;
  label: string | null;
}

function Kpi({ label, value, hint, tone }: { label: string; value: string; hint: string; tone?: 'bad' | 'good' }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="text-tremor-label text-tremor-content">{label}</p>
      <p className={`mt-1 text-tremor-metric font-semibold tabular-nums ${tone === 'bad' ? 'text-red-700' : tone === 'good' ? 'text-emerald-700' : 'text-tremor-content-strong'}`}>{value}</p>
      <p className="text-tremor-label text-tremor-content">{hint}</p>
    </div>
  );
}

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

/** The summary of a completed run. */
export function RunResults({ candidateVersion, summary, largestDifferences }: { candidateVersion: number; summary: ShadowSummary; largestDifferences: Difference[] }) {
  const labelled = summary.labelled;
  const diff = labelled?.accuracyDifference;
  const interval = diff?.interval;
  const significant = diff ? diff.mcnemar.pValue < 0.05 : false;
  const serving = summary.servingVersions.map((s) => (s.version === null ? 'unknown version' : `v${s.version}`)).join(', ') || 'the serving version';
  const candidate = `v${candidateVersion}`;
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Kpi label="Label agreement" value={pct(summary.agreement.rate, 2)} hint={`${count(summary.agreement.agreed)} of ${count(summary.agreement.compared)} events, ${candidate} vs ${serving}`} />
        <Kpi label={`Accuracy, ${candidate} (candidate)`} value={pct(labelled?.candidate.accuracy, 2)} hint={labelled ? `on ${count(labelled.rows)} labelled events` : 'no ground truth in the window'} />
        <Kpi label={`Accuracy, ${serving} (serving)`} value={pct(labelled?.serving.accuracy, 2)} hint={labelled ? 'the same events' : 'no ground truth in the window'} />
        <Kpi
          label="Accuracy difference (candidate − serving)"
          value={pp(diff?.estimate)}
          tone={diff && significant ? (diff.estimate < 0 ? 'bad' : 'good') : undefined}
          hint={
            diff
              ? `${interval ? `${Math.round(interval.level * 100)} % CI ${pp(interval.lower)} to ${pp(interval.upper)} · ` : ''}McNemar p = ${pValue(diff.mcnemar.pValue)}`
              : 'needs labelled events'
          }
        />
      </div>

      <Section title="Score differences">
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
            <p className="font-medium text-tremor-content-strong">Distribution of candidate − serving score</p>
            <p className="text-tremor-label text-tremor-content">Events per bin of the positive-class score difference; {count(summary.scoreDelta.count)} events where both versions gave a score.</p>
            {summary.scoreDelta.histogram.length > 0 ? (
              <BarChart
                className="mt-3 h-64"
                data={summary.scoreDelta.histogram.map((b) => ({ bin: `${signed(b.from, 3)} … ${signed(b.to, 3)}`, Events: b.count }))}
                index="bin"
                categories={['Events']}
                colors={['indigo']}
                valueFormatter={(v: number) => count(v)}
                yAxisWidth={64}
                showLegend={false}
              />
            ) : (
              <p className="mt-3 text-tremor-default text-tremor-content">No event carried a score from both versions.</p>
            )}
          </div>
          <dl className="grid content-start gap-3 rounded-tremor-default border border-tremor-border bg-white p-4 text-tremor-default shadow-tremor-card">
            <div><dt className="text-tremor-label text-tremor-content">Mean difference</dt><dd className="font-mono text-tremor-content-strong">{signed(summary.scoreDelta.mean, 5)}</dd></div>
            <div><dt className="text-tremor-label text-tremor-content">Largest |difference|</dt><dd className="font-mono text-tremor-content-strong">{fixed(summary.scoreDelta.maxAbs, 5)}</dd></div>
            <div><dt className="text-tremor-label text-tremor-content">Mean score, candidate / serving</dt><dd className="font-mono text-tremor-content-strong">{fixed(summary.scoreDelta.candidateMean)} / {fixed(summary.scoreDelta.servingMean)}</dd></div>
            <div><dt className="text-tremor-label text-tremor-content">Events replayed</dt><dd className="font-mono text-tremor-content-strong">{count(summary.rows)}</dd></div>
            <div><dt className="text-tremor-label text-tremor-content">Served by</dt><dd className="text-tremor-content-strong">{summary.servingVersions.map((s) => `${s.version === null ? 'unknown' : `v${s.version}`}: ${count(s.events)}`).join(' · ') || '—'}</dd></div>
          </dl>
        </div>
      </Section>

      <Section title="Metrics on labelled events">
        {labelled ? (
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
              <div className="rounded-tremor-default border border-tremor-border bg-white p-4 text-tremor-default shadow-tremor-card">
                <p className="font-medium text-tremor-content-strong">Is the difference real?</p>
                <p className="mt-1 text-tremor-content">
                  Only {count(labelled.outcomes.onlyCandidate)} events are right for the candidate alone and {count(labelled.outcomes.onlyServing)} for the serving version alone; McNemar&apos;s test
                  ({diff!.mcnemar.method === 'exact' ? 'exact binomial, fewer than 25 discordant events' : 'chi-square with continuity correction'}) gives p = {pValue(diff!.mcnemar.pValue)}.
                </p>
                {interval && (
                  <p className="mt-2 text-tremor-content">
                    Paired bootstrap ({count(interval.resamples)} resamples, percentile method): {Math.round(interval.level * 100)} % interval {pp(interval.lower)} to {pp(interval.upper)}.
                  </p>
                )}
                <p className="mt-2">{significant ? <Badge tone={diff!.estimate < 0 ? 'bad' : 'good'}>{diff!.estimate < 0 ? 'candidate significantly worse' : 'candidate significantly better'}</Badge> : <Badge tone="off">no significant difference at 5 %</Badge>}</p>
              </div>
            </div>
          </div>
        ) : (
          <Notice tone="info">No event in the window has both ground truth and a label from each version yet. Labels sent later through the API are used by the next run.</Notice>
        )}
      </Section>

      <Section title="Candidate latency">
        <DataTable label="Latency percentiles" columns={['Measured', 'p50', 'p95', 'p99', 'Count']}>
          <tr>
            <td>Inference per event (its chunk&apos;s onnxruntime time / rows)</td>
            <td className="font-mono">{duration(summary.latency.perRowMs.p50)}</td>
            <td className="font-mono">{duration(summary.latency.perRowMs.p95)}</td>
            <td className="font-mono">{duration(summary.latency.perRowMs.p99)}</td>
            <td className="font-mono">{count(summary.latency.perRowMs.count)}</td>
          </tr>
          <tr>
            <td>Batch (read, infer, write)</td>
            <td className="font-mono">{duration(summary.latency.batchMs.p50)}</td>
            <td className="font-mono">{duration(summary.latency.batchMs.p95)}</td>
            <td className="font-mono">{duration(summary.latency.batchMs.p99)}</td>
            <td className="font-mono">{count(summary.latency.batchMs.count)}</td>
          </tr>
        </DataTable>
        <p className="mt-2 text-tremor-label text-tremor-content">
          {duration(summary.latency.inferenceMsTotal)} inside onnxruntime in all; the run took {seconds(summary.throughput.elapsedSeconds)} ({rate(summary.throughput.eventsPerSecond)}).
        </p>
      </Section>

      {summary.slices && (
        <Section title={`By ${summary.slices.feature}`}>
          <DataTable label={`Breakdown by ${summary.slices.feature}`} columns={['Slice', 'Events', 'Agreement', 'Mean score Δ', 'Labelled', 'Accuracy, candidate', 'Accuracy, serving', 'Difference']}>
            {summary.slices.rows.map((r) => (
              <tr key={r.slice}>
                <td className="font-mono">{r.slice}</td>
                <td className="font-mono">{count(r.rows)}</td>
                <td className="font-mono">{pct(r.agreement, 2)}</td>
                <td className="font-mono">{signed(r.meanScoreDelta)}</td>
                <td className="font-mono">{count(r.labelled)}</td>
                <td className="font-mono">{pct(r.candidateAccuracy, 2)}</td>
                <td className="font-mono">{pct(r.servingAccuracy, 2)}</td>
                <td className="font-mono">{r.candidateAccuracy === null || r.servingAccuracy === null ? '—' : pp(r.candidateAccuracy - r.servingAccuracy)}</td>
              </tr>
            ))}
          </DataTable>
          {summary.slices.kind === 'numeric' && <p className="mt-2 text-tremor-label text-tremor-content">Quartiles of the replayed values; slices are not tested for significance one by one.</p>}
        </Section>
      )}

      {largestDifferences.length > 0 && (
        <Section title="Largest disagreements">
          <DataTable label="Largest disagreements" columns={['Request', 'When', 'Candidate', 'Serving', 'Ground truth']}>
            {largestDifferences.map((d) => (
              <tr key={`${d.requestId}-${String(d.occurredAt)}`}>
                <td className="font-mono text-tremor-label">{d.requestId}</td>
                <td className="whitespace-nowrap"><LocalTime value={d.occurredAt} /></td>
                <td className="font-mono">{d.candidateLabel ?? '—'} <span className="text-tremor-content">({fixed(d.candidateScore, 3)})</span></td>
                <td className="font-mono">{d.servingLabel ?? '—'} <span className="text-tremor-content">({fixed(d.servingScore, 3)})</span></td>
                <td className="font-mono">{d.label ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
          <p className="mt-2 text-tremor-label text-tremor-content">Events where the labels differ first, then by the size of the score difference.</p>
        </Section>
      )}
    </div>
  );
}
