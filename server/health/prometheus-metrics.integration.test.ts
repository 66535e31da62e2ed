import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { ingestEvents } from '@/server/traffic/ingest-service';
import { registerTrafficModel } from '@/server/traffic/traffic-fixtures';
import { collectGauges, renderGauges } from './prometheus-metrics';

const database = await createTestDatabase();

describe('Prometheus metrics', () => {
  it('renders the text exposition format with escaped labels', () => {
    expect(renderGauges([{ name: 'x_total', help: 'An x.', samples: [{ value: 2, labels: { env: 'prod "eu"' } }, { value: Number.NaN }] }])).toBe(
      '# HELP x_total An x.\n# TYPE x_total gauge\nx_total{env="prod \\"eu\\""} 2\nx_total NaN\n',
    );
  });

  it('reads the gauges from the database in one round trip', async () => {
    await recordAudit(database, systemActor('test'), { action: 'test.metrics' });
    const gauges = Object.fromEntries((await collectGauges(database)).map((g) => [g.name, g.samples[0]!.value]));
    expect(gauges).toMatchObject({ vigil_up: 1, vigil_audit_sequence: 1, vigil_workers_alive: 0, vigil_alerts_open: 0, vigil_models: 0 });
  });

  it('counts the last day of events from the hourly rollups', async () => {
    const model = await registerTrafficModel(database, 'metrics-model', { versions: 1 });
    const now = Date.now();
    const event = (requestId: string, hoursAgo: number) => ({ requestId, time: new Date(now - hoursAgo * 3_600_000).toISOString(), version: 1, features: { age: 30, income: 10, employment: 'salaried', late_payments: 0 }, prediction: { score: 0.4 } });
    await ingestEvents(database, model.name, [event('a', 0), event('b', 2), event('c', 22.5), event('d', 30)], new Date(now));
    const gauges = Object.fromEntries((await collectGauges(database)).map((g) => [g.name, g.samples[0]!.value]));
    expect(gauges.vigil_inference_events_24h).toBe(3);
  });
});
