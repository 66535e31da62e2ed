'use client';

import { BarChart } from '@/app/_components/charts';
import { DataTable } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { Section } from '@/app/_components/section';
import type { ShadowSummary } from '@/server/shadow/shadow-summary';
import { count, duration, fixed, pct, pp, pValue, rate, seconds, signed } from '../shadow-format';
import { BinaryResults } from './binary-results';
import { Kpi } from './kpi';
import { MulticlassResults } from './multiclass-results';
import { RegressionResults } from './regression-results';

interface Difference {
  requestId: string;
  occurredAt: Date;
  candidateScore: number | null;
  servingScore: number | null;
  candidateLabel: string | null;
  servingLabel: string | null;
  label: string | null;
}

/** The headline numbers of a classifier's run: agreement, both accuracies and their difference. */
function ClassifierKpis({ summary, candidate, serving }: { summary: ShadowSummary; candidate: string; serving: string }) {
  const labelled = summary.labelled;
  const diff = labelled?.accuracyDifference;
  const interval = diff?.interval;
  const significant = diff ? diff.mcnemar.pValue < 0.05 : false;
  return (
    <>
      <Kpi label="Label agreement" value={pct(summary.agreement.rate, 2)} hint={`${count(summary.agreement.agreed)} of ${count(summary.agreement.compared)} events, ${candidate} vs ${serving}`} />
      <Kpi label={`Accuracy, ${candidate} (candidate)`} value={pct(labelled?.candidate.accuracy, 2)} hint={labelled ? `on ${count(labelled.rows)} labelled events` : 'no ground truth in the window'} />
      <Kpi label={`Accuracy, ${serving} (serving)`} value={pct(labelled?.serving.accuracy, 2)} hint={labelled ? 'the same events' : 'no ground truth in the window'} />
      <Kpi
        label="Accuracy difference (candidate − serving)"
        value={pp(diff?.estimate)}
        tone={diff && significant ? (diff.estimate < 0 ? 'bad' : 'good') : undefined}
        hint={diff ? `${interval ? `${Math.round(interval.level * 100)} % CI ${pp(interval.lower)} to ${pp(interval.upper)} · ` : ''}McNemar p = ${pValue(diff.mcnemar.pValue)}` : 'needs labelled events'}
      />
    </>
  );
}

/** The headline numbers of a regressor's run: both MAEs and their difference, tested. */
function RegressionKpis({ summary, candidate, serving }: { summary: ShadowSummary; candidate: string; serving: string }) {
  const r = summary.regression ?? null;
  const diff = r?.maeDifference ?? null;
  const tone = diff ? (diff.lower > 0 ? 'bad' : diff.upper < 0 ? 'good' : undefined) : undefined;
  return (
    <>
      <Kpi label={`MAE, ${candidate} (candidate)`} value={fixed(r?.candidate.mae, 3)} hint={r ? `on ${count(r.rows)} labelled events` : 'no numeric ground truth in the window'} />
      <Kpi label={`MAE, ${serving} (serving)`} value={fixed(r?.serving.mae, 3)} hint={r ? 'the same events' : 'no numeric ground truth in the window'} />
      <Kpi
        label="MAE difference (candidate − serving)"
        value={signed(diff?.estimate, 3)}
        tone={tone}
        hint={diff ? `${Math.round(diff.level * 100)} % CI ${signed(diff.lower, 3)} to ${signed(diff.upper, 3)} · Wilcoxon p = ${pValue(r?.wilcoxon?.pValue)}` : 'needs labelled events'}
      />
      <Kpi label="Mean prediction difference" value={signed(summary.scoreDelta.mean, 3)} hint={`candidate − serving, on ${count(summary.scoreDelta.count)} events`} />
    </>
  );
}

/** The summary of a completed run, for the model's task type (older summaries are binary). */
export function RunResults({ candidateVersion, summary, largestDifferences }: { candidateVersion: number; summary: ShadowSummary; largestDifferences: Difference[] }) {
  const task = summary.taskType ?? 'binary_classification';
  const regression = task === 'regression';
  const labelled = summary.labelled;
  const serving = summary.servingVersions.map((s) => (s.version === null ? 'unknown version' : `v${s.version}`)).join(', ') || 'the serving version';
  const candidate = `v${candidateVersion}`;
  const what = regression ? 'prediction' : 'score';
  return (
    <div className="space-y-6">
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {regression ? <RegressionKpis summary={summary} candidate={candidate} serving={serving} /> : <ClassifierKpis summary={summary} candidate={candidate} serving={serving} />}
      </div>

      <Section title={regression ? 'Prediction differences' : 'Score differences'}>
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
            <p className="font-medium text-tremor-content-strong">Distribution of candidate − serving {what}</p>
            <p className="text-tremor-label text-tremor-content">
              {regression ? 'Events per bin of the difference in predicted value' : 'Events per bin of the positive-class score difference'}; {count(summary.scoreDelta.count)} events where both versions gave a {what}.
            </p>
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
              <p className="mt-3 text-tremor-default text-tremor-content">
                {task === 'multiclass_classification'
                  ? 'A multiclass model is compared class by class: an event logs one score, not every class’s probability, so scores are not compared.'
                  : `No event carried a ${what} from both versions.`}
              </p>
            )}
          </div>
          <dl className="grid content-start gap-3 rounded-tremor-default border border-tremor-border bg-white p-4 text-tremor-default shadow-tremor-card">
            <div><dt className="text-tremor-label text-tremor-content">Mean difference</dt><dd className="font-mono text-tremor-content-strong">{signed(summary.scoreDelta.mean, 5)}</dd></div>
            <div><dt className="text-tremor-label text-tremor-content">Largest |difference|</dt><dd className="font-mono text-tremor-content-strong">{fixed(summary.scoreDelta.maxAbs, 5)}</dd></div>
            <div><dt className="text-tremor-label text-tremor-content">Mean {what}, candidate / serving</dt><dd className="font-mono text-tremor-content-strong">{fixed(summary.scoreDelta.candidateMean)} / {fixed(summary.scoreDelta.servingMean)}</dd></div>
            <div><dt className="text-tremor-label text-tremor-content">Events replayed</dt><dd className="font-mono text-tremor-content-strong">{count(summary.rows)}</dd></div>
            <div><dt className="text-tremor-label text-tremor-content">Served by</dt><dd className="text-tremor-content-strong">{summary.servingVersions.map((s) => `${s.version === null ? 'unknown' : `v${s.version}`}: ${count(s.events)}`).join(' · ') || '—'}</dd></div>
          </dl>
        </div>
      </Section>

      <Section title={regression ? 'Errors on labelled events' : 'Metrics on labelled events'}>
        {regression && summary.regression ? (
          <RegressionResults regression={summary.regression} candidate={candidate} serving={serving} />
        ) : labelled?.kind === 'multiclass' ? (
          <MulticlassResults labelled={labelled} candidate={candidate} serving={serving} />
        ) : labelled ? (
          <BinaryResults labelled={labelled} candidate={candidate} serving={serving} />
        ) : (
          <Notice tone="info">
            {regression
              ? 'No event in the window has a numeric ground truth and a prediction from each version yet. Labels sent later through the API are used by the next run.'
              : 'No event in the window has both ground truth and a label from each version yet. Labels sent later through the API are used by the next run.'}
          </Notice>
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
          {regression ? (
            <DataTable label={`Breakdown by ${summary.slices.feature}`} columns={['Slice', 'Events', 'Mean prediction Δ', 'Labelled', 'MAE, candidate', 'MAE, serving', 'Difference']}>
              {summary.slices.rows.map((r) => (
                <tr key={r.slice}>
                  <td className="font-mono">{r.slice}</td>
                  <td className="font-mono">{count(r.rows)}</td>
                  <td className="font-mono">{signed(r.meanScoreDelta)}</td>
                  <td className="font-mono">{count(r.labelled)}</td>
                  <td className="font-mono">{fixed(r.candidateMae)}</td>
                  <td className="font-mono">{fixed(r.servingMae)}</td>
                  <td className="font-mono">{r.candidateMae == null || r.servingMae == null ? '—' : signed(r.candidateMae - r.servingMae)}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
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
          )}
          {summary.slices.kind === 'numeric' && <p className="mt-2 text-tremor-label text-tremor-content">Quartiles of the replayed values; slices are not tested for significance one by one.</p>}
        </Section>
      )}

      {largestDifferences.length > 0 && (
        <Section title={regression ? 'Largest prediction differences' : 'Largest disagreements'}>
          <DataTable label={regression ? 'Largest prediction differences' : 'Largest disagreements'} columns={['Request', 'When', 'Candidate', 'Serving', 'Ground truth']}>
            {largestDifferences.map((d) => (
              <tr key={`${d.requestId}-${String(d.occurredAt)}`}>
                <td className="font-mono text-tremor-label">{d.requestId}</td>
                <td className="whitespace-nowrap"><LocalTime value={d.occurredAt} /></td>
                {regression ? (
                  <>
                    <td className="font-mono">{fixed(d.candidateScore, 3)}</td>
                    <td className="font-mono">{fixed(d.servingScore, 3)}</td>
                  </>
                ) : (
                  <>
                    <td className="font-mono">{d.candidateLabel ?? '—'} <span className="text-tremor-content">({fixed(d.candidateScore, 3)})</span></td>
                    <td className="font-mono">{d.servingLabel ?? '—'} <span className="text-tremor-content">({fixed(d.servingScore, 3)})</span></td>
                  </>
                )}
                <td className="font-mono">{d.label ?? '—'}</td>
              </tr>
            ))}
          </DataTable>
          <p className="mt-2 text-tremor-label text-tremor-content">{regression ? 'Events where the two predictions differ most.' : 'Events where the labels differ first, then by the size of the score difference.'}</p>
        </Section>
      )}
    </div>
  );
}
