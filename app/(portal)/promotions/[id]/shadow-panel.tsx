'use client';

import Link from 'next/link';
import type { ReactNode } from 'react';
import { BarChart, DonutChart } from '@/app/_components/charts';
import { LocalTime } from '@/app/_components/local-time';
import type { ShadowEvidence } from '@/server/approvals/gates/gate-types';
import type { ShadowSummary } from '@/server/shadow/shadow-summary';
import { metricDirection } from '@/server/statistics/metric-directions';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const pp = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)} pp`;
const ms = (v: number | null) => (v === null ? '—' : v < 0.1 ? `${(v * 1000).toFixed(1)} µs` : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`);
const count = (v: number) => v.toLocaleString('en-US');

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-tremor-small bg-tremor-background-muted p-3">
      <p className="text-tremor-label text-tremor-content">{label}</p>
      <p className="mt-0.5 font-mono text-tremor-title font-semibold text-tremor-content-strong">{value}</p>
      {hint && <p className="text-tremor-label text-tremor-content">{hint}</p>}
    </div>
  );
}

function Figure({ caption, children }: { caption: string; children: ReactNode }) {
  return (
    <figure className="rounded-tremor-small border border-tremor-border p-4">
      <figcaption className="text-tremor-label font-medium text-tremor-content-emphasis">{caption}</figcaption>
      {children}
    </figure>
  );
}

const signed = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v).toPrecision(3)}`;

/** How a difference (candidate − serving) reads: accuracy in percentage points, or MAE in the label's units; which side is good comes from the metric-direction table. */
const DIFFERENCES = {
  accuracy: { name: 'Accuracy difference', format: pp, minReach: 0.005, metric: 'accuracy_difference', worse: 'the candidate is significantly less accurate', better: 'the candidate is significantly more accurate', none: 'no significant difference in accuracy' },
  mae: { name: 'MAE difference', format: signed, minReach: 1e-9, metric: 'mae_difference', worse: "the candidate's errors are significantly larger", better: "the candidate's errors are significantly smaller", none: 'no significant difference in MAE' },
} as const;

/** A difference with its confidence interval on an axis through zero. */
function IntervalPlot({ estimate, lower, upper, level, kind = 'accuracy' }: { estimate: number; lower: number; upper: number; level: number | null; kind?: keyof typeof DIFFERENCES }) {
  const d = DIFFERENCES[kind];
  const format = d.format;
  const reach = Math.max(Math.abs(lower), Math.abs(upper), Math.abs(estimate), d.minReach) * 1.25;
  const at = (v: number) => `${((v + reach) / (2 * reach)) * 100}%`;
  const higherIsBetter = metricDirection(d.metric) === 'higher';
  const worse = higherIsBetter ? upper < 0 : lower > 0;
  const better = higherIsBetter ? lower > 0 : upper < 0;
  const tone = worse ? 'bg-red-500' : better ? 'bg-emerald-500' : 'bg-indigo-500';
  return (
    <Figure caption={`${d.name}, candidate − serving, with its ${level ? `${Math.round(level * 100)} % ` : ''}confidence interval`}>
      <div className="relative mt-6 h-8" role="img" aria-label={`${d.name} ${format(estimate)}, interval ${format(lower)} to ${format(upper)}`}>
        <div className="absolute inset-x-0 top-1/2 h-px bg-tremor-border" />
        <div className="absolute top-0 h-full w-px bg-tremor-content-subtle" style={{ left: at(0) }} />
        <span className="absolute -top-5 -translate-x-1/2 text-tremor-label text-tremor-content" style={{ left: at(0) }}>0</span>
        <div className={`absolute top-1/2 h-2 -translate-y-1/2 rounded-full opacity-40 ${tone}`} style={{ left: at(lower), width: `calc(${at(upper)} - ${at(lower)})` }} />
        <div className={`absolute top-1/2 h-4 w-4 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white shadow ${tone}`} style={{ left: at(estimate) }} />
      </div>
      <div className="mt-1 flex justify-between font-mono text-tremor-label text-tremor-content">
        <span>{format(-reach)}</span>
        <span className="text-tremor-content-strong">{format(lower)} … {format(upper)}</span>
        <span>{format(reach)}</span>
      </div>
      <p className="mt-2 text-tremor-label text-tremor-content">
        {worse
          ? `The whole interval lies ${higherIsBetter ? 'below' : 'above'} zero: ${d.worse}.`
          : better
            ? `The whole interval lies ${higherIsBetter ? 'above' : 'below'} zero: ${d.better}.`
            : `The interval contains zero: ${d.none}.`}
      </p>
    </Figure>
  );
}

const METRICS = [
  ['accuracy', 'Accuracy'],
  ['precision', 'Precision'],
  ['recall', 'Recall'],
  ['f1', 'F1'],
  ['rocAuc', 'ROC AUC'],
] as const;

/** Both versions' metrics on the labelled shadow events, grouped (a multiclass run: accuracy and averaged F1). */
function MetricsChart({ labelled, serving, candidate }: { labelled: NonNullable<ShadowSummary['labelled']>; serving: string; candidate: string }) {
  const rows: [string, number | null | undefined, number | null | undefined][] =
    labelled.kind === 'multiclass'
      ? [
          ['Accuracy', labelled.serving.accuracy, labelled.candidate.accuracy],
          ['Macro F1', labelled.serving.macro?.f1, labelled.candidate.macro?.f1],
          ['Weighted F1', labelled.serving.weighted?.f1, labelled.candidate.weighted?.f1],
        ]
      : METRICS.map(([key, label]) => [label, labelled.serving[key], labelled.candidate[key]]);
  const data = rows
    .filter(([, s, c]) => (s ?? null) !== null || (c ?? null) !== null)
    .map(([metric, s, c]) => ({ metric, [serving]: s ?? null, [candidate]: c ?? null }));
  const o = labelled.outcomes;
  return (
    <Figure caption={`On ${count(labelled.rows)} labelled events`}>
      <BarChart className="mt-3 h-52" data={data} index="metric" categories={[serving, candidate]} colors={['slate', 'indigo']} valueFormatter={pct} layout="vertical" yAxisWidth={72} minValue={0} maxValue={1} />
      <p className="mt-2 text-tremor-label text-tremor-content">
        Both right {count(o.bothRight)} · only the candidate {count(o.onlyCandidate)} · only serving {count(o.onlyServing)} · both wrong {count(o.bothWrong)}
      </p>
    </Figure>
  );
}

/** Where the candidate's scores moved relative to the serving version's, event by event. */
function ScoreDeltaChart({ delta }: { delta: ShadowSummary['scoreDelta'] }) {
  // Enough decimals that neighbouring bins read differently, however narrow they are.
  const width = delta.histogram.length > 0 ? Math.abs(delta.histogram[0]!.to - delta.histogram[0]!.from) : 0.01;
  const digits = Math.min(8, Math.max(3, Math.ceil(-Math.log10(width || 1e-8)) + 1));
  const signed = (v: number, d = digits) => `${v >= 0 ? '+' : ''}${v.toFixed(d)}`;
  const data = delta.histogram.map((b) => ({ delta: signed(b.from), Events: b.count }));
  if (delta.maxAbs === 0) {
    return (
      <Figure caption={`Score change per event, candidate − serving (${count(delta.count)} events)`}>
        <p className="mt-3 text-tremor-default text-tremor-content-emphasis">Identical scores on every event: the candidate and the serving version score this traffic the same.</p>
      </Figure>
    );
  }
  return (
    <Figure caption={`Score change per event, candidate − serving (${count(delta.count)} events)`}>
      <BarChart className="mt-3 h-52" data={data} index="delta" categories={['Events']} colors={['indigo']} valueFormatter={count} yAxisWidth={48} showLegend={false} />
      <p className="mt-2 text-tremor-label text-tremor-content">
        Mean change {delta.mean === null ? '—' : signed(delta.mean, Math.max(4, digits))}, largest {delta.maxAbs === null ? '—' : delta.maxAbs.toPrecision(3)}; mean score {delta.servingMean?.toFixed(3) ?? '—'} → {delta.candidateMean?.toFixed(3) ?? '—'}.
      </p>
    </Figure>
  );
}

/** Shadow evaluation of the candidate against the serving version, charted where the numbers allow. */
export function ShadowPanel({ shadow, summary, candidate, shadowUrl }: { shadow: ShadowEvidence | null; summary: ShadowSummary | null; candidate: number; shadowUrl: string }) {
  if (!shadow) {
    return (
      <div className="rounded-tremor-default border border-dashed border-tremor-border bg-white p-6 text-center">
        <p className="font-medium text-tremor-content-strong">No completed shadow run of v{candidate}</p>
        <p className="mt-1 text-tremor-default text-tremor-content">
          Replay logged production traffic through the candidate to compare it with the serving version. <Link href={shadowUrl} className="text-indigo-700 hover:underline">Shadow evaluation →</Link>
        </p>
      </div>
    );
  }
  const servingVersions = summary?.servingVersions.filter((s) => s.version !== null).map((s) => `v${s.version}`) ?? [];
  const serving = shadow.servingVersion !== null ? `Serving v${shadow.servingVersion}` : servingVersions.length ? `Serving ${servingVersions.join('+')}` : 'Serving';
  const candidateLabel = `Candidate v${candidate}`;
  const agreement = shadow.agreementRate;
  const latency = summary?.latency.perRowMs;
  if (shadow.taskType === 'regression') return <RegressionShadow shadow={shadow} summary={summary} candidate={candidate} serving={serving} shadowUrl={shadowUrl} />;
  return (
    <div className="space-y-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <div className="grid gap-3 sm:grid-cols-4">
        <Stat label="Events replayed" value={count(shadow.events)} hint={shadow.labeledEvents !== null ? `${count(shadow.labeledEvents)} with labels` : 'no labels'} />
        <Stat label="Agreement" value={agreement !== null ? pct(agreement) : '—'} hint="same predicted label" />
        <Stat label="Accuracy difference" value={shadow.accuracyDifference !== null ? pp(shadow.accuracyDifference) : '—'} hint="candidate − serving" />
        <Stat label="McNemar p-value" value={shadow.mcnemarPValue !== null ? shadow.mcnemarPValue.toPrecision(3) : '—'} hint="equal accuracy test" />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {agreement !== null && (
          <Figure caption={`Predicted labels, v${candidate} against the serving version`}>
            <DonutChart
              className="mt-3 h-52"
              data={[
                { name: 'Same label', share: agreement },
                { name: 'Different label', share: Math.max(0, 1 - agreement) },
              ]}
              category="share"
              index="name"
              colors={['emerald', 'rose']}
              valueFormatter={pct}
              label={pct(agreement)}
              description={`Same predicted label on ${pct(agreement)} of replayed events, a different one on ${pct(Math.max(0, 1 - agreement))}.`}
            />
          </Figure>
        )}
        {summary?.labelled ? (
          <MetricsChart labelled={summary.labelled} serving={serving} candidate={candidateLabel} />
        ) : shadow.candidateAccuracy !== null && shadow.servingAccuracy !== null ? (
          <Figure caption="Accuracy on labelled shadow events">
            <BarChart className="mt-3 h-52" data={[{ metric: 'Accuracy', [serving]: shadow.servingAccuracy, [candidateLabel]: shadow.candidateAccuracy }]} index="metric" categories={[serving, candidateLabel]} colors={['slate', 'indigo']} valueFormatter={pct} layout="vertical" yAxisWidth={72} minValue={0} maxValue={1} />
          </Figure>
        ) : (
          <p className="self-center text-tremor-default text-tremor-content">No labelled events in the run, so accuracies were not compared.</p>
        )}
      </div>
      {shadow.accuracyDifference !== null && shadow.accuracyDifferenceLower !== null && shadow.accuracyDifferenceUpper !== null && (
        <IntervalPlot estimate={shadow.accuracyDifference} lower={shadow.accuracyDifferenceLower} upper={shadow.accuracyDifferenceUpper} level={shadow.confidenceLevel} />
      )}
      {summary && summary.scoreDelta.histogram.length > 0 && (
        <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
          <ScoreDeltaChart delta={summary.scoreDelta} />
          <Figure caption="Candidate inference time per event">
            <dl className="mt-3 grid grid-cols-3 gap-2 text-center">
              {(['p50', 'p95', 'p99'] as const).map((p) => (
                <div key={p} className="rounded-tremor-small bg-tremor-background-muted p-2">
                  <dt className="text-tremor-label text-tremor-content">{p}</dt>
                  <dd className="font-mono text-tremor-default font-semibold text-tremor-content-strong">{ms(latency?.[p] ?? null)}</dd>
                </div>
              ))}
            </dl>
            <p className="mt-2 text-tremor-label text-tremor-content">
              {summary.throughput.eventsPerSecond ? `${count(Math.round(summary.throughput.eventsPerSecond))} events/s over ${summary.throughput.elapsedSeconds?.toFixed(0) ?? '?'} s of replay.` : null}
            </p>
          </Figure>
        </div>
      )}
      <p className="text-tremor-label text-tremor-content">
        Run {shadow.runId.slice(0, 8)}, finished <LocalTime value={shadow.finishedAt} />. <Link href={shadowUrl} className="text-indigo-700 hover:underline">Shadow evaluation →</Link>
      </p>
    </div>
  );
}

/** A regressor's shadow evidence: MAE of each version, their difference with its interval, and the Wilcoxon test. */
function RegressionShadow({ shadow, summary, candidate, serving, shadowUrl }: { shadow: ShadowEvidence; summary: ShadowSummary | null; candidate: number; serving: string; shadowUrl: string }) {
  const mae = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toPrecision(4));
  const diff = shadow.maeDifference ?? null;
  const lower = shadow.maeDifferenceLower ?? null;
  const upper = shadow.maeDifferenceUpper ?? null;
  const p = shadow.wilcoxonPValue ?? null;
  return (
    <div className="space-y-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <div className="grid gap-3 sm:grid-cols-4">
        <Stat label="Events replayed" value={count(shadow.events)} hint={shadow.labeledEvents !== null ? `${count(shadow.labeledEvents)} with numeric labels` : 'no labels'} />
        <Stat label="MAE, candidate / serving" value={`${mae(shadow.candidateMae)} / ${mae(shadow.servingMae)}`} hint={`v${candidate} / ${serving.replace(/^Serving /, '')}`} />
        <Stat label="MAE difference" value={diff !== null ? signed(diff) : '—'} hint="candidate − serving" />
        <Stat label="Wilcoxon p-value" value={p !== null ? p.toPrecision(3) : '—'} hint="signed-rank test on |errors|" />
      </div>
      {diff !== null && lower !== null && upper !== null && <IntervalPlot estimate={diff} lower={lower} upper={upper} level={shadow.confidenceLevel} kind="mae" />}
      {summary && summary.scoreDelta.histogram.length > 0 && (
        <p className="text-tremor-label text-tremor-content">
          Predictions moved by {summary.scoreDelta.mean === null ? '—' : signed(summary.scoreDelta.mean)} on average (largest {summary.scoreDelta.maxAbs?.toPrecision(3) ?? '—'}); mean prediction {summary.scoreDelta.servingMean?.toPrecision(4) ?? '—'} → {summary.scoreDelta.candidateMean?.toPrecision(4) ?? '—'}.
        </p>
      )}
      <p className="text-tremor-label text-tremor-content">
        Run {shadow.runId.slice(0, 8)}, finished <LocalTime value={shadow.finishedAt} />. <Link href={shadowUrl} className="text-indigo-700 hover:underline">Shadow evaluation →</Link>
      </p>
    </div>
  );
}
