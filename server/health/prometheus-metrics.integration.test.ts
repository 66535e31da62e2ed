import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { recordAudit } from '@/server/audit/record-audit';
import { ingestEvents } from '@/server/traffic/ingest-service';
import { registerTrafficModel } from '@/server/traffic/traffic-fixtures';
import { countRefusal } from '@/server/inbound-webhooks/refusal-counter';
import { collectGauges, renderGauges } from './prometheus-metrics';

const database = await createTestDatabase();

describe('Prometheus metrics', () => {
  it('renders the text exposition format with escaped labels', () => {
    expect(renderGauges([{ name: 'x_total', help: 'An x.', samples: [{ value: 2, labels: { env: 'prod "eu"' } }, { value: Number.NaN }] }])).toBe(
      '# HELP x_total An x.\n# TYPE x_total gauge\nx_total{env="prod \\"eu\\""} 2\nx_total NaN\n',
    );
  });

  it('reads the gauges from the database', async () => {
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

  it('exposes webhook refusals per source and reason, zeros included', async () => {
    await countRefusal(database, 'github', 'bad_signature');
    await countRefusal(database, 'github', 'bad_signature');
    await countRefusal(database, 'ci', 'stale_timestamp');
    const gauge = (await collectGauges(database)).find((g) => g.name === 'vigil_webhook_refusals_24h')!;
    const value = (source: string, reason: string) => gauge.samples.find((s) => s.labels?.source === source && s.labels?.reason === reason)?.value;
    expect(value('github', 'bad_signature')).toBe(2);
    expect(value('ci', 'stale_timestamp')).toBe(1);
    expect(value('ci', 'bad_signature')).toBe(0);
    expect(gauge.samples).toHaveLength(2 * 5);
    expect(renderGauges([gauge])).toContain('vigil_webhook_refusals_24h{source="github",reason="bad_signature"} 2\n');
  });
});
