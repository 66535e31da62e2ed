'use client';

import { BarChart, DonutChart } from '@tremor/react';
import Link from 'next/link';
import { LocalTime } from '@/app/_components/local-time';
import type { ShadowEvidence } from '@/server/approvals/gates/gate-types';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const pp = (v: number) => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)} pp`;

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-tremor-small bg-tremor-background-muted p-3">
      <p className="text-tremor-label text-tremor-content">{label}</p>
      <p className="mt-0.5 font-mono text-tremor-title font-semibold text-tremor-content-strong">{value}</p>
      {hint && <p className="text-tremor-label text-tremor-content">{hint}</p>}
    </div>
  );
}

/** The accuracy difference with its confidence interval on an axis through zero. */
function IntervalPlot({ estimate, lower, upper, level }: { estimate: number; lower: number; upper: number; level: number | null }) {
  const reach = Math.max(Math.abs(lower), Math.abs(upper), Math.abs(estimate), 0.005) * 1.25;
  const at = (v: number) => `${((v + reach) / (2 * reach)) * 100}%`;
  const worse = upper < 0;
  const better = lower > 0;
  const tone = worse ? 'bg-red-500' : better ? 'bg-emerald-500' : 'bg-indigo-500';
  return (
    <figure className="rounded-tremor-small border border-tremor-border p-4">
      <figcaption className="text-tremor-label text-tremor-content">
        Accuracy difference, candidate − serving, with its {level ? `${Math.round(level * 100)} % ` : ''}confidence interval
      </figcaption>
      <div className="relative mt-6 h-8" role="img" aria-label={`Accuracy difference ${pp(estimate)}, interval ${pp(lower)} to ${pp(upper)}`}>
        <div className="absolute inset-x-0 top-1/2 h-px bg-tremor-border" />
        <div className="absolute top-0 h-full w-px bg-tremor-content-subtle" style={{ left: at(0) }} />
        <span className="absolute -top-5 -translate-x-1/2 text-tremor-label text-tremor-content" style={{ left: at(0) }}>0</span>
        <div className={`absolute top-1/2 h-2 -translate-y-1/2 rounded-full opacity-40 ${tone}`} style={{ left: at(lower), width: `calc(${at(upper)} - ${at(lower)})` }} />
        <div className={`absolute top-1/2 h-4 w-4 -translate-x-1/2 -translate-y-1/2 rounded-full border-2 border-white shadow ${tone}`} style={{ left: at(estimate) }} />
      </div>
      <div className="mt-1 flex justify-between font-mono text-tremor-label text-tremor-content">
        <span>{pp(-reach)}</span>
        <span className="text-tremor-content-strong">{pp(lower)} … {pp(upper)}</span>
        <span>{pp(reach)}</span>
      </div>
      <p className="mt-2 text-tremor-label text-tremor-content">
        {worse ? 'The whole interval lies below zero: the candidate is significantly less accurate.' : better ? 'The whole interval lies above zero: the candidate is significantly more accurate.' : 'The interval contains zero: no significant difference in accuracy.'}
      </p>
    </figure>
  );
}

/** Shadow evaluation of the candidate against the serving version, charted where the numbers allow. */
export function ShadowPanel({ shadow, candidate, monitoringUrl }: { shadow: ShadowEvidence | null; candidate: number; monitoringUrl: string }) {
  if (!shadow) {
    return (
      <div className="rounded-tremor-default border border-dashed border-tremor-border bg-white p-6 text-center">
        <p className="font-medium text-tremor-content-strong">No completed shadow run of v{candidate}</p>
        <p className="mt-1 text-tremor-default text-tremor-content">
          Replay logged production traffic through the candidate to compare it with the serving version. <Link href={monitoringUrl} className="text-indigo-700 hover:underline">Monitoring →</Link>
        </p>
      </div>
    );
  }
  const serving = shadow.servingVersion !== null ? `v${shadow.servingVersion}` : 'serving';
  const accuracies = shadow.candidateAccuracy !== null && shadow.servingAccuracy !== null;
  const agreement = shadow.agreementRate;
  return (
    <div className="space-y-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <div className="grid gap-3 sm:grid-cols-4">
        <Stat label="Events replayed" value={shadow.events.toLocaleString('en-US')} hint={shadow.labeledEvents !== null ? `${shadow.labeledEvents.toLocaleString('en-US')} with labels` : 'no labels'} />
        <Stat label="Agreement" value={agreement !== null ? pct(agreement) : '—'} hint={`same label as ${serving}`} />
        <Stat label="Accuracy difference" value={shadow.accuracyDifference !== null ? pp(shadow.accuracyDifference) : '—'} hint="candidate − serving" />
        <Stat label="McNemar p-value" value={shadow.mcnemarPValue !== null ? shadow.mcnemarPValue.toPrecision(3) : '—'} hint="equal accuracy test" />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        {agreement !== null && (
          <figure className="rounded-tremor-small border border-tremor-border p-4">
            <figcaption className="text-tremor-label text-tremor-content">Predictions of v{candidate} against {serving}</figcaption>
            <DonutChart
              className="mt-3 h-40"
              data={[
                { name: 'Same label', share: agreement },
                { name: 'Different label', share: Math.max(0, 1 - agreement) },
              ]}
              category="share"
              index="name"
              colors={['emerald', 'rose']}
              valueFormatter={pct}
              label={pct(agreement)}
            />
          </figure>
        )}
        {accuracies ? (
          <figure className="rounded-tremor-small border border-tremor-border p-4">
            <figcaption className="text-tremor-label text-tremor-content">Accuracy on labelled shadow events</figcaption>
            <BarChart
              className="mt-3 h-40"
              data={[{ metric: 'Accuracy', [`Serving ${serving}`]: shadow.servingAccuracy, [`Candidate v${candidate}`]: shadow.candidateAccuracy }]}
              index="metric"
              categories={[`Serving ${serving}`, `Candidate v${candidate}`]}
              colors={['slate', 'indigo']}
              valueFormatter={pct}
              layout="vertical"
              yAxisWidth={72}
            />
          </figure>
        ) : (
          <p className="self-center text-tremor-default text-tremor-content">No labelled events in the run, so accuracies were not compared.</p>
        )}
      </div>
      {shadow.accuracyDifference !== null && shadow.accuracyDifferenceLower !== null && shadow.accuracyDifferenceUpper !== null && (
        <IntervalPlot estimate={shadow.accuracyDifference} lower={shadow.accuracyDifferenceLower} upper={shadow.accuracyDifferenceUpper} level={shadow.confidenceLevel} />
      )}
      <p className="text-tremor-label text-tremor-content">
        Run {shadow.runId.slice(0, 8)}, finished <LocalTime value={shadow.finishedAt} />.{' '}
        <Link href={`${monitoringUrl}?shadowRun=${shadow.runId}`} className="text-indigo-700 hover:underline">Run details →</Link>
      </p>
    </div>
  );
}
