import Link from 'next/link';
import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/app-router';
import { populationText, utc } from './fairness/fairness-format';

type Latest = inferRouterOutputs<AppRouter>['fairness']['latest'];
type Measure = NonNullable<Latest>['judged'][number]['disparateImpact'];

const FOUR_FIFTHS = { min: 0.8, max: 1.25 };

function measureText(m: Measure): string {
  if (m.value === null) return 'undefined';
  const interval = m.lower !== null && m.upper !== null ? ` [${m.lower.toFixed(3)}, ${m.upper.toFixed(3)}]` : '';
  return `${m.value.toFixed(3)}${interval}`;
}

/** The model card's fairness section: the newest finished report, judged per grouping. */
export function CardFairness({ name, latest }: { name: string; latest: Latest }) {
  if (!latest) {
    return <EmptyState title="No fairness report yet">Reports follow every shadow run and run daily over labelled traffic; a maintainer can run one on the Fairness tab.</EmptyState>;
  }
  return (
    <div className="space-y-3">
      <p className="text-tremor-default text-tremor-content">
        From the newest report: {populationText(latest)}, v{latest.version}, {latest.rowCount?.toLocaleString('en-US')} labelled rows, finished {utc(latest.finishedAt)}. Favourable
        outcome: <span className="font-medium">{latest.settings.favourableClass ?? 'the positive class'}</span>.{' '}
        <Link href={`/models/${name}/fairness?report=${latest.id}`} className="font-medium text-indigo-700 hover:underline">Open the report</Link>
      </p>
      <DataTable label="Fairness per grouping" columns={['Grouping', 'Disparate impact', 'Four-fifths rule', 'Equalized odds difference', 'Judged groups']}>
        {latest.judged.map((g) => {
          const di = g.disparateImpact.value;
          const breaks = di !== null && (di < FOUR_FIFTHS.min || di > FOUR_FIFTHS.max);
          return (
            <tr key={g.key}>
              <td className="font-mono">{g.key}</td>
              <td className="tabular-nums">{measureText(g.disparateImpact)}</td>
              <td>{di === null ? '—' : breaks ? <Badge tone="bad">outside [0.8, 1.25]</Badge> : <Badge tone="good">within</Badge>}</td>
              <td className="tabular-nums">{measureText(g.equalizedOddsDifference)}</td>
              <td className="tabular-nums">{g.judgedGroups}{g.tooSmallGroups ? ` (+${g.tooSmallGroups} too small)` : ''}</td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}
