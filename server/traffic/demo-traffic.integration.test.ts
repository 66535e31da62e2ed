import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemoTraffic } from '@/demo/seed/demo-traffic';
import { createTestDatabase } from '@/server/testing/test-database';
import { registerSampleModel, type SampleVersions } from '@/demo/synthetic-traffic';
import { readEvents } from './event-reader';

process.env.VIGIL_ARTIFACT_DIR = mkdtempSync(path.join(os.tmpdir(), 'vigil-demo-traffic-'));
const database = await createTestDatabase();
const DAY = 86_400_000;
const now = new Date('2026-03-10T12:00:00Z');
let sample: SampleVersions;

beforeAll(async () => {
  sample = await registerSampleModel(database, 'credit-risk');
});

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

describe('seedDemoTraffic', () => {
  it('writes a week served by v1, with a drift episode and late labels, deterministically', async () => {
    const summary = await seedDemoTraffic(database, 'credit-risk', now);
    expect(summary.events).toBe(16_800);
    const batch = await readEvents(database, sample.modelId);
    expect(batch.count).toBe(16_800);
    expect(new Set(batch.versionIds)).toEqual(new Set([sample.versions.get(1)!.id]));
    expect(batch.occurredAt[0]).toBeGreaterThanOrEqual(now.getTime() - 7 * DAY - 60_000);
    expect(batch.occurredAt[batch.count - 1]).toBeLessThan(now.getTime());
    expect(batch.attributes.every((a) => a !== null && typeof a.gender === 'string' && typeof a.age_band === 'string')).toBe(true);

    const end = now.getTime() - 60_000;
    const income = (from: number, to: number) => {
      const values: number[] = [];
      const defaults: number[] = [];
      for (let i = 0; i < batch.count; i++) {
        const t = batch.occurredAt[i]!;
        if (t < from || t >= to) continue;
        values.push(batch.features[i * batch.width + 1]!);
        if (batch.labels[i]) defaults.push(batch.labels[i] === 'defaulted' ? 1 : 0);
      }
      return { income: mean(values), defaultRate: mean(defaults) };
    };
    const before = income(end - 7 * DAY, end - 3 * DAY);
    const during = income(end - 3 * DAY, end - 2 * DAY);
    expect(during.income / before.income).toBeCloseTo(0.7, 1);
    expect(during.defaultRate).toBeGreaterThan(before.defaultRate * 1.3);

    // Labels only for events older than two days, about 90 % of them.
    const old = [...batch.occurredAt].map((t, i) => ({ t, label: batch.labels[i] })).filter((e) => e.t < end - 2 * DAY);
    const recent = [...batch.occurredAt].map((t, i) => ({ t, label: batch.labels[i] })).filter((e) => e.t >= end - 2 * DAY);
    expect(recent.every((e) => e.label === null)).toBe(true);
    expect(old.filter((e) => e.label !== null).length / old.length).toBeCloseTo(0.9, 1);
    expect(summary.labelled).toBe(old.filter((e) => e.label !== null).length);

    // Same `now`, same traffic: seeding again stores nothing new.
    const again = await seedDemoTraffic(database, 'credit-risk', now);
    expect(again).toEqual(summary);
    expect((await readEvents(database, sample.modelId)).count).toBe(16_800);
  });
});
