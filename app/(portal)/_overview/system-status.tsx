import { LocalTime } from '@/app/_components/local-time';
import type { HealthReport } from '@/server/health/health-report';

function StatusDot({ ok }: { ok: boolean }) {
  return <span className={`inline-block h-2.5 w-2.5 rounded-full ${ok ? 'bg-emerald-500' : 'bg-amber-500'}`} aria-hidden="true" />;
}

/** Database, schema and workers, for administrators. */
export function SystemStatus({ health }: { health: HealthReport }) {
  return (
    <section aria-label="System status" className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <div className="flex items-center justify-between">
        <h2 className="text-tremor-title font-semibold text-tremor-content-strong">System status</h2>
        <a href="/api/health" className="text-tremor-default text-indigo-600 hover:underline">/api/health</a>
      </div>
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        <div className="rounded-tremor-default bg-tremor-background-muted p-4">
          <p className="flex items-center gap-2 text-tremor-label text-tremor-content"><StatusDot ok={health.database.reachable} /> Database</p>
          <p className="mt-1 text-tremor-title font-semibold text-tremor-content-strong">{health.database.reachable ? 'Reachable' : 'Down'}</p>
          <p className="text-tremor-label text-tremor-content">{health.database.latencyMs ?? '—'} ms round trip</p>
        </div>
        <div className="rounded-tremor-default bg-tremor-background-muted p-4">
          <p className="flex items-center gap-2 text-tremor-label text-tremor-content"><StatusDot ok={health.migrations?.pending === 0} /> Schema</p>
          <p className="mt-1 truncate text-tremor-title font-semibold text-tremor-content-strong">{health.migrations?.applied ?? 'not migrated'}</p>
          <p className="text-tremor-label text-tremor-content">{health.migrations?.pending ?? '?'} pending migrations</p>
        </div>
        <div className="rounded-tremor-default bg-tremor-background-muted p-4">
          <p className="flex items-center gap-2 text-tremor-label text-tremor-content"><StatusDot ok={Boolean(health.worker?.alive)} /> Workers</p>
          <p className="mt-1 text-tremor-title font-semibold text-tremor-content-strong">{health.worker?.alive ? 'Alive' : 'No heartbeat'}</p>
          <p className="text-tremor-label text-tremor-content">
            Last heartbeat <LocalTime value={health.worker?.lastHeartbeatAt ?? null} fallback="never" />
          </p>
        </div>
      </div>
    </section>
  );
}
