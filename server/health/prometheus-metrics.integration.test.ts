import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '@/server/testing/test-database';
import { systemActor } from '@/server/auth/actor';
import { recordAudit } from '@/server/audit/record-audit';
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
});
