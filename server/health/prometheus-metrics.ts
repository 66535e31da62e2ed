import { sql } from 'drizzle-orm';
import { db, type Database } from '@/db/client';
import { WEBHOOK_SOURCES } from '@/db/schema';
import { REFUSAL_REASONS, refusalCounts, type RefusalReason } from '@/server/inbound-webhooks/refusal-counter';
import { HEARTBEAT_STALE_MS } from './heartbeat';
import { supervisorHealth } from './supervisor-status';

export interface Gauge {
  name: string;
  help: string;
  samples: { labels?: Record<string, string>; value: number }[];
}

/** Prometheus text exposition format (version 0.0.4). */
export function renderGauges(gauges: Gauge[]): string {
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return gauges
    .map((g) => {
      const lines = [`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`];
      for (const s of g.samples) {
        const labels = s.labels && Object.keys(s.labels).length ? `{${Object.entries(s.labels).map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}` : '';
        lines.push(`${g.name}${labels} ${Number.isFinite(s.value) ? s.value : 'NaN'}`);
      }
      return lines.join('\n');
    })
    .join('\n')
    .concat('\n');
}

/** What an operator graphs and alerts on; two queries per scrape, run together. */
export async function collectGauges(database: Database): Promise<Gauge[]> {
  const [[row], refusals] = await Promise.all([database.execute<{
    audit_seq: string | null; workers_alive: string; events_24h: string; open_alerts: string; pending_promotions: string; running_shadow_runs: string; pending_deliveries: string; models: string; versions_invalid: string;
  }>(sql`select
      (select max(seq) from audit_events) as audit_seq,
      (select count(*) from worker_heartbeats where last_seen_at > now() - make_interval(secs => ${HEARTBEAT_STALE_MS / 1000})) as workers_alive,
      (select coalesce(sum(events), 0) from traffic_hourly where hour > now() - interval '24 hours') as events_24h,
      (select count(*) from alerts where status = 'open') as open_alerts,
      (select count(*) from promotion_requests where status = 'pending') as pending_promotions,
      (select count(*) from shadow_runs where status in ('pending', 'running')) as running_shadow_runs,
      (select count(*) from outbound_deliveries where status = 'pending') as pending_deliveries,
      (select count(*) from registered_models) as models,
      (select count(*) from model_versions where status = 'invalid') as versions_invalid`), refusalCounts(database, 24)]);
  const n = (v: string | null | undefined) => Number(v ?? 0);
  return [
    { name: 'vigil_up', help: 'The web process answers and reaches its database.', samples: [{ value: 1 }] },
    { name: 'vigil_audit_sequence', help: 'Sequence number of the newest audit event.', samples: [{ value: n(row?.audit_seq) }] },
    { name: 'vigil_workers_alive', help: 'Worker processes with a heartbeat in the last minute.', samples: [{ value: n(row?.workers_alive) }] },
    { name: 'vigil_inference_events_24h', help: 'Inference events logged in the last 23 full hours and the current one (from the hourly rollups).', samples: [{ value: n(row?.events_24h) }] },
    { name: 'vigil_alerts_open', help: 'Open monitoring alerts.', samples: [{ value: n(row?.open_alerts) }] },
    { name: 'vigil_promotions_pending', help: 'Promotion requests waiting for decisions.', samples: [{ value: n(row?.pending_promotions) }] },
    { name: 'vigil_shadow_runs_active', help: 'Shadow runs pending or running.', samples: [{ value: n(row?.running_shadow_runs) }] },
    { name: 'vigil_outbound_deliveries_pending', help: 'Outbound webhook deliveries not yet delivered or failed.', samples: [{ value: n(row?.pending_deliveries) }] },
    { name: 'vigil_models', help: 'Registered models.', samples: [{ value: n(row?.models) }] },
    { name: 'vigil_versions_invalid', help: 'Model versions that failed validation.', samples: [{ value: n(row?.versions_invalid) }] },
    refusalGauge(refusals),
    ...supervisedGauges(),
  ];
}

/** Unsigned or badly signed webhook requests leave only counters; every source × reason is listed (0 included) so a rate alert sees a series from the start. */
function refusalGauge(counts: { source: string; reason: RefusalReason; count: number }[]): Gauge {
  const samples = WEBHOOK_SOURCES.flatMap((source) =>
    (Object.keys(REFUSAL_REASONS) as RefusalReason[]).map((reason) => ({
      labels: { source, reason },
      value: counts.find((c) => c.source === source && c.reason === reason)?.count ?? 0,
    })),
  );
  return { name: 'vigil_webhook_refusals_24h', help: 'Inbound webhook requests refused before their signature checked out, in the last 24 hours, per source and reason.', samples };
}

/** Restarts and liveness of the processes `npm start` supervises on this host (none without a supervisor). */
function supervisedGauges(): Gauge[] {
  const processes = supervisorHealth()?.processes ?? [];
  if (processes.length === 0) return [];
  return [
    { name: 'vigil_process_restarts', help: 'Restarts of a supervised process since its supervisor started (a crash loop keeps rising).', samples: processes.map((p) => ({ labels: { process: p.name }, value: p.restarts })) },
    { name: 'vigil_process_running', help: 'A supervised process is running (0 while it waits to be restarted).', samples: processes.map((p) => ({ labels: { process: p.name }, value: p.state === 'running' ? 1 : 0 })) },
  ];
}

/** The /api/metrics body; `vigil_up 0` when the database cannot be reached. */
export async function metricsText(): Promise<{ status: number; body: string }> {
  try {
    return { status: 200, body: renderGauges(await collectGauges(db())) };
  } catch {
    return { status: 503, body: renderGauges([{ name: 'vigil_up', help: 'The web process answers and reaches its database.', samples: [{ value: 0 }] }]) };
  }
}
