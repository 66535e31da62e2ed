import Link from 'next/link';
import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { LocalTime } from '@/app/_components/local-time';

interface ReleaseRow {
  id: string;
  source: string;
  kind: string;
  name: string | null;
  tag: string | null;
  gitSha: string | null;
  url: string | null;
  runUrl: string | null;
  reportedAt: Date;
  version: number | null;
}

export function ReleaseList({ modelName, releases }: { modelName: string; releases: ReleaseRow[] }) {
  if (releases.length === 0) {
    return <EmptyState title="No releases reported">Point a GitHub webhook or your CI at Vigil (Administration → Webhooks); releases appear here and link to their version.</EmptyState>;
  }
  return (
    <DataTable label="Releases" columns={['Release', 'Source', 'Commit', 'Version', 'Reported']}>
      {releases.map((r) => (
        <tr key={r.id}>
          <td>
            <p className="font-medium text-tremor-content-strong">{r.name ?? r.tag ?? 'Release'}</p>
            <p className="text-tremor-label text-tremor-content">
              {r.tag && <span className="font-mono">{r.tag}</span>}
              {r.url && <> · <a href={r.url} className="text-indigo-700 hover:underline" rel="noreferrer" target="_blank">release</a></>}
              {r.runUrl && <> · <a href={r.runUrl} className="text-indigo-700 hover:underline" rel="noreferrer" target="_blank">CI run</a></>}
            </p>
          </td>
          <td><Badge tone="off">{r.kind.replace('_', ' ')}</Badge></td>
          <td className="font-mono text-tremor-label">{r.gitSha?.slice(0, 10) ?? '—'}</td>
          <td>{r.version ? <Link href={`/models/${modelName}/versions/${r.version}`} className="font-mono text-indigo-700 hover:underline">v{r.version}</Link> : <span className="text-tremor-label text-tremor-content">not linked yet</span>}</td>
          <td className="whitespace-nowrap"><LocalTime value={r.reportedAt} /></td>
        </tr>
      ))}
    </DataTable>
  );
}
