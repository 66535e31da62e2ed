'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Badge } from '@/app/_components/badges';
import { DataTable } from '@/app/_components/data-table';
import { useTRPC } from '@/app/trpc-provider';
import { decimal } from './fairness-format';
import type { ReportDetail } from './fairness-types';

type Judged = ReportDetail['judged'][number];
type Measure = Judged['disparateImpact'];

const MEASURES = [
  { key: 'disparateImpact', label: 'Disparate impact', fair: 1, distance: (v: number) => Math.abs(Math.log(v)) },
  { key: 'equalizedOddsDifference', label: 'Equalized odds difference', fair: 0, distance: (v: number) => Math.abs(v) },
] as const;

function Value({ measure }: { measure: Measure | undefined }) {
  if (!measure || measure.value === null) return <span className="text-tremor-content">undefined</span>;
  return (
    <span className="tabular-nums">
      {decimal(measure.value)}
      {measure.lower !== null && measure.upper !== null ? <span className="text-tremor-label text-tremor-content"> [{decimal(measure.lower)}, {decimal(measure.upper)}]</span> : null}
    </span>
  );
}

function Change({ serving, candidate, distance }: { serving: Measure | undefined; candidate: Measure | undefined; distance: (v: number) => number }) {
  if (serving?.value == null || candidate?.value == null || serving.value <= 0 || candidate.value <= 0) return <span className="text-tremor-content">—</span>;
  const before = distance(serving.value);
  const after = distance(candidate.value);
  if (Math.abs(after - before) < 1e-9) return <Badge tone="off">same</Badge>;
  return after < before ? <Badge tone="good">closer to fair</Badge> : <Badge tone="bad">further from fair</Badge>;
}

/**
 * The candidate's and the serving version's headline disparities on the very same replayed rows
 * (the other side's report of the same shadow run), so a reviewer sees what the switch changes.
 */
export function SideBySide({ name, detail, counterpartId }: { name: string; detail: ReportDetail; counterpartId: string }) {
  const trpc = useTRPC();
  const { data: other } = useQuery(trpc.fairness.get.queryOptions({ model: name, id: counterpartId }));
  if (!other || other.status !== 'completed') {
    return <p className="text-tremor-default text-tremor-content">The other side&apos;s report of this shadow run is {other ? other.status : 'loading'}.</p>;
  }
  const [candidate, serving] = detail.side === 'candidate' ? [detail, other] : [other, detail];
  const keys = [...new Set([...serving.judged.map((g) => g.key), ...candidate.judged.map((g) => g.key)])];
  return (
    <div className="space-y-2">
      <p className="text-tremor-default text-tremor-content">
        Both reports judge the same {candidate.rowCount?.toLocaleString('en-US')} labelled rows the shadow run replayed: the serving version&apos;s logged decisions against the
        candidate&apos;s replayed ones. Intervals are 95 % bootstrap intervals; disparate impact is fair at 1, the equalized odds difference at 0.
      </p>
      <DataTable label="Serving version and candidate on the same rows" columns={['Grouping', 'Measure', `Serving v${serving.version}`, `Candidate v${candidate.version}`, 'Change']}>
        {keys.flatMap((key) =>
          MEASURES.map((m) => {
            const s = serving.judged.find((g) => g.key === key)?.[m.key];
            const c = candidate.judged.find((g) => g.key === key)?.[m.key];
            return (
              <tr key={`${key}-${m.key}`}>
                <td className="font-mono">{key}</td>
                <td>{m.label}</td>
                <td><Link className="text-indigo-700 hover:underline" href={`/models/${name}/fairness?report=${serving.id}`} scroll={false}><Value measure={s} /></Link></td>
                <td><Link className="text-indigo-700 hover:underline" href={`/models/${name}/fairness?report=${candidate.id}`} scroll={false}><Value measure={c} /></Link></td>
                <td><Change serving={s} candidate={c} distance={m.distance} /></td>
              </tr>
            );
          }),
        )}
      </DataTable>
    </div>
  );
}
