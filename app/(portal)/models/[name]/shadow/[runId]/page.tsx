import { notFound } from 'next/navigation';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { modelPageMetadata } from '@/app/_components/page-title';
import { can } from '@/server/rbac/permissions';
import { RunView } from './run-view';

export const dynamic = 'force-dynamic';
export const generateMetadata = modelPageMetadata('Shadow run');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function ShadowRunPage({ params }: { params: Promise<{ name: string; runId: string }> }) {
  const { name, runId } = await params;
  if (!UUID.test(runId)) notFound();
  const [run, results, me] = await loadOrRefuse((caller) => Promise.all([caller.shadow.get({ runId }), caller.shadow.results({ runId }), caller.me()]));
  // A run is shown under its own model only.
  if (run.modelName !== name) notFound();
  return <RunView initialRun={run} initialResults={results} canCancel={can(me.roles, 'monitoring:write')} />;
}
